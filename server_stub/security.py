"""Passwords (scrypt, slow on purpose), session tokens and terminal keys (random, hashed)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

# scrypt with N=2^14, r=8: about 16 MiB and tens of milliseconds a guess.
_SCRYPT_N = 2**14
_SCRYPT_R = 8
_SCRYPT_P = 1

SESSION_PREFIX = "kps_"
TERMINAL_PREFIX = "kpt_"


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32
    )
    b64 = base64.b64encode
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        got = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=32,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, base64.b64decode(digest))


def new_token(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """Tokens have 256 bits of entropy, so a fast hash is enough to keep them unreadable."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_id() -> str:
    return secrets.token_hex(16)


def new_pairing_code() -> str:
    """12 characters from an alphabet without look-alikes, shown as XXXX-XXXX-XXXX."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalize_pairing(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())
