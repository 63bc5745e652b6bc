"""Passwords (scrypt, slow on purpose), session tokens and terminal keys (random, hashed)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading

from kinpay.ids import ordered_id

# scrypt at OWASP's current advice (N=2^17, r=8, p=1): 128 MiB and about 0.3 s a guess
# here. A hash made with other parameters is replaced at the owner's next sign-in.
_SCRYPT_N = 2**17
# Test servers only (`kinpay server --test-fast-passwords`, loopback only): a test suite
# creates and signs in hundreds of accounts, and 0.3 s of CPU each is most of its time.
# A hash made this way is replaced by a full one at the owner's next sign-in on a normal
# server (needs_rehash), as any hash with other parameters is.
TEST_SCRYPT_N = 2**10
_work_n = [_SCRYPT_N]
_SCRYPT_R = 8
_SCRYPT_P = 1
_SCRYPT_MAXMEM_BYTES = 256 * 1024 * 1024
# At most this many hashes at once per process: each takes 128 MiB, and a burst of sign-ins
# must queue, not take the machine's memory. The requests that hash wait their turn before
# this, on the event loop, addresses in turn (server_stub/front.py PasswordGate).
_HASHING = threading.BoundedSemaphore(2)

SESSION_PREFIX = "kps_"
TERMINAL_PREFIX = "kpt_"


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    with _HASHING:
        return hashlib.scrypt(
            password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32,
            maxmem=_SCRYPT_MAXMEM_BYTES,
        )


def use_test_work_factor() -> None:
    """Hash new passwords with TEST_SCRYPT_N in this process (a test server's only)."""
    _work_n[0] = TEST_SCRYPT_N
    _DUMMY.clear()  # an unknown name must still cost what a known one does


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    n = _work_n[0]
    digest = _scrypt(password, salt, n, _SCRYPT_R, _SCRYPT_P)
    b64 = base64.b64encode
    return f"scrypt${n}${_SCRYPT_R}${_SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt" or int(n) > _SCRYPT_N or int(r) > _SCRYPT_R or int(p) > 4:
            return False  # a stored hash can't make the server spend more than its own
        got = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, base64.b64decode(digest))


def needs_rehash(stored: str) -> bool:
    """True when `stored` was made with other parameters than today's."""
    return not stored.startswith(f"scrypt${_work_n[0]}${_SCRYPT_R}${_SCRYPT_P}$")


_DUMMY: list[str] = []


def dummy_hash() -> str:
    """A hash of no one's password: checked for an unknown name, so it costs the same."""
    if not _DUMMY:
        _DUMMY.append(hash_password(secrets.token_urlsafe(16)))
    return _DUMMY[0]


def new_token(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """Tokens have 256 bits of entropy, so a fast hash is enough to keep them unreadable."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_id() -> str:
    """A row's id: unguessable, and in the order rows are made (kinpay.ids)."""
    return ordered_id()


def new_pairing_code() -> str:
    """12 characters from an alphabet without look-alikes, shown as XXXX-XXXX-XXXX."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalize_pairing(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def loopback_only(host: str) -> bool:
    """True when `host` (a bind address) is reachable from this machine only."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
