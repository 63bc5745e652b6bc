from __future__ import annotations

import dataclasses
import os
import struct
import uuid

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from kinpay import base45, codes
from kinpay.device import Device
from kinpay.errors import (
    CodeError,
    CodeExpired,
    CodeForged,
    CodeFromFuture,
    CodeMalformed,
    DeviceFileError,
)

SERVER = Ed25519PrivateKey.generate()
KEYS = {codes.key_id_of(SERVER.public_key()): SERVER.public_key()}
NOW = 1_790_000_000


def make_device(expires_in_s: int = 86_400) -> Device:
    key = Ed25519PrivateKey.generate()
    cert = codes.Certificate(
        key_id=b"",
        cert_id=os.urandom(8),
        grant_id=uuid.uuid4().hex,
        device_public_key=codes.raw_public(key.public_key()),
        offline_cap_minor=2_000,
        currency="CNY",
        rotate_s=30,
        expires_s=NOW + expires_in_s,
    ).signed_by(SERVER)
    server_keys = {kid.hex(): codes.raw_public(pub) for kid, pub in KEYS.items()}
    return Device(key=key, cert=cert, device_no=123_456_789, otp_secret=os.urandom(32),
                  server_keys=server_keys)


def test_round_trip_and_size() -> None:
    device = make_device()
    text = device.code_at(NOW)
    assert text.startswith("KP1:")
    assert len(text) == 324
    assert set(text[4:]) <= set(base45.ALPHABET)
    code = codes.verify_code(text, KEYS, now_s=NOW)
    assert code.cert.grant_id == device.cert.grant_id
    assert code.cert.offline_cap_minor == 2_000
    assert code.step == NOW // 30 and code.counter == 0


def test_rotation_changes_the_code_and_the_use_key() -> None:
    device = make_device()
    first = codes.parse_code(device.code_at(NOW))
    device.bump(NOW)
    second = codes.parse_code(device.code_at(NOW))
    later = codes.parse_code(device.code_at(NOW + 30))
    assert len({first.use_key, second.use_key, later.use_key}) == 3
    assert second.counter == 1 and later.counter == 0


def test_typed_errors() -> None:
    device = make_device(expires_in_s=600)
    text = device.code_at(NOW)
    with pytest.raises(CodeMalformed):
        codes.verify_code("https://example.com", KEYS, now_s=NOW)
    with pytest.raises(CodeMalformed):
        codes.verify_code(text[:-3], KEYS, now_s=NOW)
    flipped = text[:-10] + ("0" if text[-10] != "0" else "1") + text[-9:]
    with pytest.raises(CodeForged):
        codes.verify_code(flipped, KEYS, now_s=NOW)
    with pytest.raises(CodeForged):
        codes.verify_code(text, {}, now_s=NOW)
    with pytest.raises(CodeExpired):
        codes.verify_code(text, KEYS, now_s=NOW + 90)
    with pytest.raises(CodeExpired):  # the certificate itself
        codes.verify_code(device.code_at(NOW + 700), KEYS, now_s=NOW + 700)
    with pytest.raises(CodeFromFuture):
        codes.verify_code(device.code_at(NOW + 300), KEYS, now_s=NOW)
    # Within the allowed skew a code from slightly ahead is fine.
    assert codes.verify_code(device.code_at(NOW + 30), KEYS, now_s=NOW).step == NOW // 30 + 1


def test_a_certificate_resigned_by_another_key_is_forged() -> None:
    device = make_device()
    rogue = device.cert.signed_by(Ed25519PrivateKey.generate())
    text = codes.build_code(rogue, device.key, now_s=NOW)
    with pytest.raises(CodeForged):
        codes.verify_code(text, KEYS, now_s=NOW)
    # A rogue key that reuses the real key id is caught by the signature.
    forged_id = codes.Certificate.from_bytes(
        rogue.body()[:1] + device.cert.key_id + rogue.body()[5:] + rogue.signature
    )
    with pytest.raises(CodeForged):
        codes.verify_code(codes.build_code(forged_id, device.key, now_s=NOW), KEYS, now_s=NOW)


def test_numeric_fallback() -> None:
    device = make_device()
    digits = device.numeric_at(NOW)
    assert len(digits) == 23 and digits.isdigit()
    grouped = codes.group_digits(digits)
    assert grouped.count(" ") == 5
    assert codes.looks_numeric(grouped)
    parsed = codes.parse_numeric(grouped)
    assert parsed.device_no == 123_456_789
    assert parsed.password == codes.otp(device.otp_secret, NOW // 30, 0)
    typo = digits[:3] + str((int(digits[3]) + 1) % 10) + digits[4:]
    with pytest.raises(CodeMalformed):
        codes.parse_numeric(typo)
    with pytest.raises(CodeMalformed):
        codes.parse_numeric("1234")


def test_device_file_is_private_and_round_trips(tmp_path) -> None:  # type: ignore[no-untyped-def]
    device = make_device()
    device.bump(NOW)
    path = tmp_path / "dev" / "device.json"
    device.save(path)
    assert path.stat().st_mode & 0o777 == 0o600
    loaded = Device.load(path)
    assert loaded.code_at(NOW) == device.code_at(NOW)
    path.write_text("{}")
    with pytest.raises(DeviceFileError):
        Device.load(path)
    with pytest.raises(DeviceFileError):
        Device.load(tmp_path / "missing.json")


@given(st.text(max_size=400))
def test_parse_never_crashes_on_text(text: str) -> None:
    try:
        codes.verify_code(text, KEYS, now_s=NOW)
    except CodeError:
        pass


@given(st.binary(min_size=0, max_size=260))
def test_parse_never_crashes_on_bytes(data: bytes) -> None:
    try:
        codes.verify_code("KP1:" + base45.encode(data), KEYS, now_s=NOW)
    except CodeError:
        pass


@given(st.binary(max_size=100))
def test_base45_round_trips(data: bytes) -> None:
    assert base45.decode(base45.encode(data)) == data


def _release_1_certificate(device_key: Ed25519PrivateKey) -> codes.Certificate:
    """A certificate as release 1 made it: no valid-from, signed under its own domain."""
    unsigned = codes.Certificate(
        key_id=codes.key_id_of(SERVER.public_key()),
        cert_id=os.urandom(8),
        grant_id=uuid.uuid4().hex,
        device_public_key=codes.raw_public(device_key.public_key()),
        offline_cap_minor=2_000,
        currency="CNY",
        rotate_s=30,
        expires_s=NOW + 86_400,
        version=1,
    )
    return _with_signature(unsigned)


def _with_signature(unsigned: codes.Certificate) -> codes.Certificate:
    import dataclasses

    signature = SERVER.sign(b"kinpay/cert/v1\x00" + unsigned.body())
    return dataclasses.replace(unsigned, signature=signature)


def test_a_release_1_tablet_keeps_paying_after_the_upgrade() -> None:
    """Release 1's certificates (138 bytes) and codes (209 bytes, 318 characters) are still
    read and verified, so tablets paired before an upgrade don't all have to pair again."""
    key = Ed25519PrivateKey.generate()
    cert = _release_1_certificate(key)
    assert len(cert.to_bytes()) == 138
    text = codes.build_code(cert, key, now_s=NOW, counter=3)
    assert len(text) == 318
    code = codes.verify_code(text, KEYS, now_s=NOW)
    assert code.cert.version == 1 and code.counter == 3 and code.cert.valid_from_s == 0
    # Its signatures still bind it: a certificate re-labelled as version 2 doesn't verify,
    # and neither does a code whose device signature was made under version 2's domain.
    raw = bytearray(base45.decode(text[4:]))
    raw[-1] ^= 1
    with pytest.raises(CodeForged):
        codes.verify_code("KP1:" + base45.encode(bytes(raw)), KEYS, now_s=NOW)
    forged = bytes([1]) + cert.to_bytes() + raw[1 + 138 : 1 + 138 + 6]
    forged += key.sign(b"kinpay/code/v2\x00" + forged)
    with pytest.raises(CodeForged):
        codes.verify_code("KP1:" + base45.encode(forged), KEYS, now_s=NOW)


def _uncached(text: str) -> tuple[bytes, codes.Certificate] | type[CodeError]:
    """What a code's text is, read with the primitives alone (no memory of earlier codes):
    its bytes and certificate, or the kind of error it is."""
    try:
        raw = base45.decode(text[len(codes.TEXT_PREFIX):])
        version = raw[0] if raw else -1
        cert_size = {1: 138, 2: 142}.get(version)
        if cert_size is None or len(raw) != 1 + cert_size + 6 + 64:
            raise CodeMalformed("not a whole code")
        return raw, codes.Certificate.from_bytes(raw[1 : 1 + cert_size])
    except CodeError as exc:
        return type(exc)


@given(st.integers(0, 319), st.sampled_from(base45.ALPHABET + "a~é"), st.booleans())
def test_a_code_read_after_a_sibling_is_read_as_itself(
    at: int, ch: str, sibling_first: bool
) -> None:
    """Parsing remembers the start of the codes it has read (a device's certificate, in
    every code it shows): a code that differs from one read before by any one character,
    in the remembered part or after it, is still read exactly as its own text says."""
    device = make_device()
    genuine = device.code_at(NOW)
    if sibling_first:
        codes.verify_code(genuine, KEYS, now_s=NOW)  # its start is now remembered
    text = genuine[: 4 + at] + ch + genuine[5 + at :]
    expected = _uncached(text)
    try:
        code = codes.parse_code(text)
    except CodeError as exc:
        assert expected is type(exc), (text, exc)
        return
    assert not isinstance(expected, type), f"{text!r} parsed, but it is {expected}"
    assert (code.raw, code.cert) == expected
    if text != genuine:
        with pytest.raises(CodeForged):  # one character off: a signature breaks
            codes.verify_code(text, KEYS, now_s=NOW, trusted_certs={})


def test_a_trusted_certificate_does_not_vouch_for_a_forged_code() -> None:
    """Once a device's certificate is remembered as verified, a code under it is still
    only as good as the device's own signature on it: an attacker who copied the
    certificate from a code on show, and signs with a key of their own, is refused."""
    device = make_device()
    trusted: dict[bytes, bool] = {}
    codes.verify_code(device.code_at(NOW), KEYS, now_s=NOW, trusted_certs=trusted)
    assert len(trusted) == 1
    thief = Ed25519PrivateKey.generate()
    stolen = codes.build_code(device.cert, thief, now_s=NOW, counter=5)
    with pytest.raises(CodeForged):
        codes.verify_code(stolen, KEYS, now_s=NOW, trusted_certs=trusted)
    # And the genuine device's next code still pays.
    device.bump(NOW)
    assert codes.verify_code(device.code_at(NOW), KEYS, now_s=NOW,
                             trusted_certs=trusted).counter == 1


def test_a_small_order_device_key_signs_nothing() -> None:
    """Under the identity point as the device's key, (R = identity, S = 0) satisfied
    OpenSSL's check for every message: a certificate holding it (one paired before pairing
    refused such keys) would let anyone mint codes. libsodium refuses the key itself."""
    identity = bytes([1]) + bytes(31)
    cert = dataclasses.replace(make_device().cert, device_public_key=identity).signed_by(SERVER)
    for counter in (0, 7):
        unsigned = bytes([cert.version]) + cert.to_bytes() + struct.pack(">IH", NOW // 30, counter)
        text = codes.TEXT_PREFIX + base45.encode(unsigned + identity + bytes(32))
        with pytest.raises(CodeForged):
            codes.verify_code(text, KEYS, now_s=NOW)
