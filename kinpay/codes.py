"""The delegated code: a server-signed certificate and the rotating code a device builds.

Binary layout, version 2 (big-endian; sizes in bytes):

    certificate  = version(1) key_id(4) cert_id(8) grant_id(16) device_public_key(32)
                   offline_cap_minor(4) currency(3 ASCII) rotate_s(2) valid_from_s(4)
                   expires_s(4) server_signature(64)                     → 142 bytes
    code         = version(1) certificate(142) step(4) counter(2)
                   device_signature(64)                                  → 213 bytes
    text         = "KP1:" + base45(code)                                 → 324 characters

Version 2 added `valid_from_s` (when the server issued the certificate): a code dated before
it is refused, so a certificate can't vouch for sales from before the device was paired.
Version 1 (release 1: no `valid_from_s`, 138-byte certificate, 209-byte code, its own
signing domains) is still read and verified, so tablets paired before the upgrade keep paying
until their certificates expire; for those the server takes the device's pairing time from its
own records. New certificates are always version 2. "KP1:" names the text framing only.

The server signs `CERT_DOMAIN + certificate-without-signature`; the device signs
`CODE_DOMAIN + version + certificate + step + counter`. A code belongs to the time step
`step = unix_s // rotate_s`; `counter` counts early rotations within a step (after a
payment used the code). A code is good from the start of its step until the end of the
step after it (a code shown at the end of its window still works while the cashier scans)
and is refused beyond `max_skew_s` in the future.

The numeric fallback, for a till without a scanner, is 23 digits shown in groups of four:
device number (9) + counter mod 10 (1) + one-time password (12) + Luhn check digit (1). The
password is HMAC-SHA256 of (step, counter) under a secret the server gave the device at
pairing; it carries no signature, so only the server can check it. Twelve digits (not the
eight of version 1) so that the server's guess limits hold the chance of guessing one
device's code in a month below 10^-9 (docs/security.md).
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import struct
import uuid
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any, TypeVar

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from nacl import exceptions as nacl_exceptions
from nacl.bindings import crypto_core_ed25519_is_valid_point, crypto_sign_open

from kinpay import base45
from kinpay.errors import CodeExpired, CodeForged, CodeFromFuture, CodeMalformed
from kinpay.money import check_currency

_K = TypeVar("_K")
_V = TypeVar("_V")

VERSION = 2
LEGACY_VERSION = 1
TEXT_PREFIX = "KP1:"
CERT_DOMAIN = b"kinpay/cert/v2\x00"
CODE_DOMAIN = b"kinpay/code/v2\x00"
_CERT_DOMAINS = {LEGACY_VERSION: b"kinpay/cert/v1\x00", VERSION: CERT_DOMAIN}
_CODE_DOMAINS = {LEGACY_VERSION: b"kinpay/code/v1\x00", VERSION: CODE_DOMAIN}

_CERT_BODY = struct.Struct(">B4s8s16s32sI3sHII")
CERT_BODY_SIZE = _CERT_BODY.size  # 78
SIG_SIZE = 64
CERT_SIZE = CERT_BODY_SIZE + SIG_SIZE  # 142
_CODE_TAIL = struct.Struct(">IH")
CODE_SIZE = 1 + CERT_SIZE + _CODE_TAIL.size + SIG_SIZE  # 213
_CERT_BODY_V1 = struct.Struct(">B4s8s16s32sI3sHI")  # version 1: no valid_from_s
_CERT_SIZES = {LEGACY_VERSION: _CERT_BODY_V1.size + SIG_SIZE, VERSION: CERT_SIZE}  # 138, 142
_CODE_SIZES = {v: 1 + size + _CODE_TAIL.size + SIG_SIZE for v, size in _CERT_SIZES.items()}

DEFAULT_ROTATE_S = 30
DEFAULT_MAX_SKEW_S = 60
NUMERIC_LENGTH = 23
OTP_DIGITS = 12
MAX_TRUSTED_CERTS = 100_000
MAX_COUNTER = 0xFFFF
# What parsing remembers of the devices it has seen (each entry under 1 KB): a flood of
# strangers only empties these, it can't grow them.
MAX_PARSED = 10_000
# The first 213 base45 characters of a code are its first 142 bytes (71 whole triples):
# its version and all but the last byte of its certificate, which a device shows in every
# code for weeks. Decoding is a pure function of the text, so the same text decodes to the
# same bytes from memory; only the rest (the step, counter and signature) is decoded anew.
_HEAD_CHARS = 213
_heads: dict[str, bytes] = {}
_certs: dict[bytes, Certificate] = {}


def _remember(cache: dict[_K, _V], key: _K, value: _V) -> None:
    if len(cache) >= MAX_PARSED:
        cache.clear()
    cache[key] = value


def key_id_of(public_key: Ed25519PublicKey) -> bytes:
    """4-byte id of a server key: the start of SHA-256 of its raw bytes."""
    return hashlib.sha256(raw_public(public_key)).digest()[:4]


def raw_public(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)



def _fields_reduce(self: Any) -> tuple[type, tuple[Any, ...]]:
    """Pickled as the class and its fields in order, rebuilt by its own constructor: the
    payment writer process unpickles a code with every payment (server_stub/pay_writer.py),
    and a frozen slotted dataclass's own way (`_dataclass_setstate`, which looks its fields
    up each time) cost about 35 µs of that process's one thread a payment."""
    cls = type(self)
    return cls, tuple(getattr(self, name) for name in cls.__match_args__)


@dataclass(frozen=True, slots=True)
class Certificate:
    """The code parameters: binds a grant to one device's public key."""

    key_id: bytes
    cert_id: bytes
    grant_id: str
    device_public_key: bytes
    offline_cap_minor: int
    currency: str
    rotate_s: int
    expires_s: int
    valid_from_s: int = 0  # when the server issued it: codes dated before are refused
    signature: bytes = b""
    version: int = VERSION  # LEGACY_VERSION only for certificates read from release 1

    __reduce__ = _fields_reduce

    def body(self) -> bytes:
        if self.version == LEGACY_VERSION:
            return _CERT_BODY_V1.pack(
                LEGACY_VERSION, self.key_id, self.cert_id, uuid.UUID(hex=self.grant_id).bytes,
                self.device_public_key, self.offline_cap_minor, self.currency.encode("ascii"),
                self.rotate_s, self.expires_s,
            )
        return _CERT_BODY.pack(
            VERSION,
            self.key_id,
            self.cert_id,
            uuid.UUID(hex=self.grant_id).bytes,
            self.device_public_key,
            self.offline_cap_minor,
            self.currency.encode("ascii"),
            self.rotate_s,
            self.valid_from_s,
            self.expires_s,
        )

    def to_bytes(self) -> bytes:
        if len(self.signature) != SIG_SIZE:
            raise CodeMalformed("certificate is not signed")
        return self.body() + self.signature

    @property
    def cert_id_hex(self) -> str:
        return self.cert_id.hex()

    @property
    def domain(self) -> bytes:
        """What the server's signature covers besides the body (per format version)."""
        return _CERT_DOMAINS[self.version]

    @classmethod
    def from_bytes(cls, data: bytes) -> Certificate:
        version = data[0] if data else -1
        size = _CERT_SIZES.get(version)
        if size is None:
            raise CodeMalformed(
                f"certificate version {version} is not supported: pair the device again"
            )
        if len(data) != size:
            raise CodeMalformed(f"certificate has {len(data)} bytes, not {size}")
        if version == LEGACY_VERSION:
            _v, key_id, cert_id, grant, pub, cap, cur, rotate_s, expires_s = (
                _CERT_BODY_V1.unpack_from(data)
            )
            valid_from_s = 0  # not carried: the server knows when it paired the device
        else:
            _v, key_id, cert_id, grant, pub, cap, cur, rotate_s, valid_from_s, expires_s = (
                _CERT_BODY.unpack_from(data)
            )
        try:
            currency = check_currency(cur.decode("ascii"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise CodeMalformed("certificate has an unknown currency") from exc
        if rotate_s == 0:
            raise CodeMalformed("certificate has a zero rotation period")
        return cls(
            key_id=key_id,
            cert_id=cert_id,
            grant_id=uuid.UUID(bytes=grant).hex,
            device_public_key=pub,
            offline_cap_minor=cap,
            currency=currency,
            rotate_s=rotate_s,
            valid_from_s=valid_from_s,
            expires_s=expires_s,
            signature=data[size - SIG_SIZE :],
            version=version,
        )

    def signed_by(self, server_key: Ed25519PrivateKey) -> Certificate:
        unsigned = dataclasses.replace(
            self, key_id=key_id_of(server_key.public_key()), signature=b"", version=VERSION
        )
        signature = server_key.sign(CERT_DOMAIN + unsigned.body())
        return dataclasses.replace(unsigned, signature=signature)


@dataclass(frozen=True, slots=True)
class Code:
    """A parsed code: its certificate, time step, counter and the device's signature."""

    cert: Certificate
    step: int
    counter: int
    signature: bytes
    raw: bytes

    __reduce__ = _fields_reduce

    @property
    def signed_part(self) -> bytes:
        return _CODE_DOMAINS[self.cert.version] + self.raw[: -SIG_SIZE]

    @property
    def valid_from_s(self) -> int:
        return self.step * self.cert.rotate_s

    @property
    def valid_until_s(self) -> int:
        """The first second at which the code is expired."""
        return (self.step + 2) * self.cert.rotate_s

    @property
    def use_key(self) -> str:
        """What makes this code single-use: one certificate, one step, one counter."""
        return f"{self.cert.cert_id_hex}:{self.step}:{self.counter}"


def build_code(
    cert: Certificate, device_key: Ed25519PrivateKey, *, now_s: int, counter: int = 0
) -> str:
    """The text a QR carries for `cert` at `now_s`, signed by the device."""
    if not 0 <= counter <= MAX_COUNTER:
        raise ValueError("counter out of range")
    step = now_s // cert.rotate_s
    # A release-1 certificate makes release-1 codes (its version and signing domain).
    unsigned = bytes([cert.version]) + cert.to_bytes() + _CODE_TAIL.pack(step, counter)
    signature = device_key.sign(_CODE_DOMAINS[cert.version] + unsigned)
    return TEXT_PREFIX + base45.encode(unsigned + signature)


def looks_like_code(text: str) -> bool:
    return text.startswith(TEXT_PREFIX)


_BASE45_VALUES = bytes(base45.ALPHABET.find(chr(b)) % 256 for b in range(256))  # 255: none


def _base45(text: str) -> bytes:
    """`base45.decode`, every triple's sum done at once: one 24-bit lane per triple in
    three big integers (the first, second and third characters' values, times 1, 45 and
    2025), added up and read back as bytes, all in C: about 2.5 µs for a code's tail, not
    6.5 (a Python expression per triple). Anything that is not clean base45 (a stranger
    character, a dangling one, a triple over 0xFFFF) is left to `base45.decode`, which
    raises its own error for it."""
    count, rest = divmod(len(text), 3)
    if rest == 1 or not text.isascii():
        return base45.decode(text)
    values = text.encode("ascii").translate(_BASE45_VALUES)
    if 255 in values:
        return base45.decode(text)
    end = 3 * count
    lanes = bytearray(end)
    total = 0
    for place, weight in ((0, 1), (1, 45), (2, 2025)):
        lanes[2::3] = values[place:end:3]
        total += weight * int.from_bytes(lanes, "big")
    summed = total.to_bytes(end, "big")  # per lane: over 0xFFFF?, high byte, low byte
    if summed[0::3].count(0) != count:
        return base45.decode(text)
    out = bytearray(2 * count)
    out[0::2] = summed[1::3]
    out[1::2] = summed[2::3]
    if rest:
        last = values[end] + 45 * values[end + 1]
        if last > 0xFF:
            return base45.decode(text)
        out.append(last)
    return bytes(out)


def parse_code(text: str) -> Code:
    """Structure only: raises CodeMalformed for anything that is not a whole v1 code."""
    if not isinstance(text, str):
        raise CodeMalformed("a code is text")
    text = text.strip()
    if not text.startswith(TEXT_PREFIX):
        raise CodeMalformed("not a kinpay code")
    if len(text) > len(TEXT_PREFIX) + 2 * CODE_SIZE:
        raise CodeMalformed("code is too long")
    body = text[len(TEXT_PREFIX) :]
    head = body[:_HEAD_CHARS]
    raw_head = _heads.get(head)
    if raw_head is None:
        raw_head = _base45(head)
        if len(head) == _HEAD_CHARS:
            _remember(_heads, head, raw_head)
    return code_from_bytes(raw_head + _base45(body[_HEAD_CHARS:]))


def code_from_bytes(raw: bytes) -> Code:
    """A code from its bytes, structure only (as `parse_code` reads it after base45): the
    payment writer process gets a checked code so (server_stub/pay_writer.py)."""
    version = raw[0] if raw else -1
    size = _CODE_SIZES.get(version)
    if size is None:
        raise CodeMalformed(f"code version {version} is not supported: pair the device again",
                            kind="version")
    if len(raw) != size:
        raise CodeMalformed(f"code has {len(raw)} bytes, not {size}")
    cert_size = _CERT_SIZES[version]
    cert_bytes = raw[1 : 1 + cert_size]
    cert = _certs.get(cert_bytes)
    if cert is None:
        cert = Certificate.from_bytes(cert_bytes)
        _remember(_certs, cert_bytes, cert)
    step, counter = _CODE_TAIL.unpack_from(raw, 1 + cert_size)
    return Code(cert=cert, step=step, counter=counter, signature=raw[-SIG_SIZE:], raw=raw)


def device_signature_ok(public_key: bytes, signature: bytes, message: bytes) -> bool:
    """Ed25519 through libsodium: the one signature check every code costs. It is about
    1.8 times as fast as `cryptography`'s here and lets go of the interpreter lock while it
    runs (docs/benchmarks.md, server load). libsodium is also the stricter of the two: it
    refuses small-order keys and non-canonical encodings that OpenSSL lets through."""
    try:
        crypto_sign_open(signature + message, public_key)
    except (nacl_exceptions.BadSignatureError, nacl_exceptions.ValueError,
            nacl_exceptions.TypeError):
        return False
    return True


def usable_device_key(public_key: bytes) -> bool:
    """A device key a certificate may hold: a point of the curve's main subgroup, in
    canonical form, not of small order. A small-order key makes one (R, S = 0) pass as the
    signature of many messages under a lax check (tests/security/test_weak_device_keys.py)."""
    return len(public_key) == 32 and crypto_core_ed25519_is_valid_point(public_key)


def verify_certificate(cert: Certificate, server_keys: Mapping[bytes, Ed25519PublicKey]) -> None:
    key = server_keys.get(cert.key_id)
    if key is None:
        raise CodeForged(f"certificate signed by unknown server key {cert.key_id.hex()}")
    try:
        key.verify(cert.signature, cert.domain + cert.body())
    except InvalidSignature:
        raise CodeForged("certificate signature does not verify") from None


def verify_code(
    text: str,
    server_keys: Mapping[bytes, Ed25519PublicKey],
    *,
    now_s: int,
    max_skew_s: int = DEFAULT_MAX_SKEW_S,
    check_cert_expiry: bool = True,
    trusted_certs: MutableMapping[bytes, bool] | None = None,
) -> Code:
    """Parse and check a code: both signatures, the certificate's expiry and freshness.

    Raises CodeMalformed, CodeForged, CodeExpired or CodeFromFuture. Single use and the
    grant's rules are the server's (or, offline, the terminal's) to check. `trusted_certs`
    remembers certificates whose server signature already verified (a device shows the same
    certificate for weeks), so each later code costs one signature check, not two. The
    server skips
    the certificate's expiry here (`check_cert_expiry=False`) to tell an expired grant from
    an expired code, and checks it against its own records instead.
    """
    code = parse_code(text)
    cert_bytes = code.raw[1 : 1 + _CERT_SIZES[code.cert.version]]
    if trusted_certs is None or cert_bytes not in trusted_certs:
        verify_certificate(code.cert, server_keys)
        if trusted_certs is not None:
            if len(trusted_certs) >= MAX_TRUSTED_CERTS:
                trusted_certs.clear()
            trusted_certs[cert_bytes] = True
    if not device_signature_ok(code.cert.device_public_key, code.signature, code.signed_part):
        raise CodeForged("device signature does not verify")
    if check_cert_expiry and now_s >= code.cert.expires_s:
        raise CodeExpired("the certificate has expired: pair the device again",
                          kind="certificate_expired")
    if code.valid_from_s > now_s + max_skew_s:
        raise CodeFromFuture("the code is dated in the future: check the device's clock")
    if now_s >= code.valid_until_s:
        raise CodeExpired("the code has expired: refresh the code")
    if code.valid_until_s + max_skew_s <= code.cert.valid_from_s:
        # Not even a tablet's clock running `max_skew_s` slow makes this code after pairing.
        raise CodeForged("the code is dated before its certificate was issued")
    return code


# --- numeric fallback -------------------------------------------------------------------


def _luhn_digit(digits: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def otp(secret: bytes, step: int, counter: int) -> str:
    """12-digit one-time password for (step, counter): RFC 4226's dynamic truncation, over
    8 bytes instead of 4 so that twelve digits carry 10^12 values (63 bits, mod 10^12)."""
    mac = hmac.new(secret, _CODE_TAIL.pack(step, counter), hashlib.sha256).digest()
    offset = mac[-1] & 0x0F
    value = int.from_bytes(mac[offset : offset + 8], "big") & 0x7FFFFFFFFFFFFFFF
    return f"{value % 10**OTP_DIGITS:0{OTP_DIGITS}d}"


def build_numeric(device_no: int, secret: bytes, *, step: int, counter: int) -> str:
    if not 10**8 <= device_no < 10**9:
        raise ValueError("device number must have 9 digits")
    body = f"{device_no:09d}{counter % 10}{otp(secret, step, counter)}"
    return body + _luhn_digit(body)


@dataclass(frozen=True, slots=True)
class NumericCode:
    device_no: int
    counter_digit: int
    password: str

    __reduce__ = _fields_reduce


def normalize_numeric(text: str) -> str:
    """Digits only: drops the spaces and dashes a person types between groups."""
    return "".join(ch for ch in text if ch not in " -\u2009\u00a0")


def looks_numeric(text: str) -> bool:
    digits = normalize_numeric(text)
    return digits.isascii() and digits.isdigit() and abs(len(digits) - NUMERIC_LENGTH) <= 1


def parse_numeric(text: str) -> NumericCode:
    digits = normalize_numeric(text)
    if not (digits.isascii() and digits.isdigit()):
        raise CodeMalformed("a numeric code has digits only", kind="numeric_length")
    if len(digits) != NUMERIC_LENGTH:
        raise CodeMalformed(f"a numeric code has {NUMERIC_LENGTH} digits", kind="numeric_length")
    if _luhn_digit(digits[:-1]) != digits[-1]:
        raise CodeMalformed("the numeric code has a typo (check digit)", kind="numeric_typo")
    return NumericCode(
        device_no=int(digits[:9]), counter_digit=int(digits[9]), password=digits[10:-1]
    )


def group_digits(digits: str, size: int = 4) -> str:
    return " ".join(digits[i : i + size] for i in range(0, len(digits), size))
