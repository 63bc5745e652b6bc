from __future__ import annotations

import dataclasses
import os
import pickle
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
from tests.kinpay import code_vectors

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


def test_base45_is_rfc_9285() -> None:
    """RFC 9285's own examples (section 4.3, encoding; 4.4, decoding): the round trip above
    holds for any alphabet, these only for the RFC's, which every tablet and till shares."""
    assert base45.encode(b"AB") == "BB8"
    assert base45.encode(b"Hello!!") == "%69 VD92EX0"
    assert base45.encode(b"base-45") == "UJCLQE7W581"
    assert base45.decode("QED8WEX0") == b"ietf!"
    assert base45.decode("BB8") == b"AB"


# The fields of the two kept codes (tests/kinpay/code_vectors.json), written out.
_KEPT = {
    "key_id": "de00d59b",
    "cert_id": "0123456789abcdef",
    "grant_id": "5b0c6f1e2d3a4b5c8d9e0f1a2b3c4d5e",
    "device_public_key": "0afec69036a71a381b49f4f17b3b67cf2f91d480fd1cebd4185229046784ab9e",
    "offline_cap_minor": 2_000,
    "currency": "CNY",
    "rotate_s": 30,
    "expires_s": 1_792_592_000,
}


def _fields(code: codes.Code) -> dict[str, object]:
    cert = code.cert
    return {
        "key_id": cert.key_id.hex(), "cert_id": cert.cert_id.hex(), "grant_id": cert.grant_id,
        "device_public_key": cert.device_public_key.hex(),
        "offline_cap_minor": cert.offline_cap_minor, "currency": cert.currency,
        "rotate_s": cert.rotate_s, "expires_s": cert.expires_s,
    }


def test_a_kept_release_2_code_reads_as_it_did() -> None:
    """A fixed code text (a known answer), not one made by today's encoder for today's
    decoder: its fields, and today's build_code making the same text from them."""
    kept = code_vectors.load()
    text = kept.release_2
    assert kept.now_s == 1_790_000_000
    assert len(text) == 324 and text.startswith("KP1:JB0.2S80RL60$Y88IHO1Q/MB62EDW5")
    code = codes.verify_code(text, kept.server_keys, now_s=1_790_000_000)
    assert _fields(code) == _KEPT
    assert (code.cert.version, code.cert.valid_from_s) == (2, 1_789_996_400)
    assert (code.step, code.counter) == (59_666_666, 3)
    assert code.use_key == "0123456789abcdef:59666666:3"
    assert codes.parse_code(text) == code
    # Ed25519 signs deterministically: the same certificate and key give the same text.
    cert = codes.Certificate(
        key_id=b"", cert_id=code.cert.cert_id, grant_id="5b0c6f1e2d3a4b5c8d9e0f1a2b3c4d5e",
        device_public_key=code.cert.device_public_key, offline_cap_minor=2_000,
        currency="CNY", rotate_s=30, valid_from_s=1_789_996_400, expires_s=1_792_592_000,
    ).signed_by(kept.server_key)
    assert codes.build_code(cert, kept.device_key, now_s=1_790_000_000, counter=3) == text


def test_a_kept_release_1_code_reads_as_it_did() -> None:
    kept = code_vectors.load()
    text = kept.release_1
    assert len(text) == 318 and text.startswith("KP1:W50.2S80RL60$Y88IHO1Q/MB62EDW5")
    code = codes.verify_code(text, kept.server_keys, now_s=1_790_000_000)
    assert _fields(code) == _KEPT
    assert (code.cert.version, code.cert.valid_from_s) == (1, 0)
    assert (code.step, code.counter) == (59_666_666, 3)
    assert len(code.raw) == 209 and len(code.cert.to_bytes()) == 138


def test_a_release_1_tablet_keeps_paying_after_the_upgrade() -> None:
    """Release 1's certificates (138 bytes) and codes (209 bytes, 318 characters) are still
    read and verified, so tablets paired before an upgrade don't all have to pair again.
    The code is a kept text (tests/kinpay/code_vectors.json), not one today's encoder made:
    a change that encoder and decoder share would still break the tablets out there."""
    kept = code_vectors.load()
    text = kept.release_1
    assert len(text) == 318
    code = codes.verify_code(text, kept.server_keys, now_s=kept.now_s)
    assert code.cert.version == 1 and code.counter == 3 and code.cert.valid_from_s == 0
    assert len(code.cert.to_bytes()) == 138
    # Its signatures still bind it: a certificate re-labelled as version 2 doesn't verify,
    # and neither does a code whose device signature was made under version 2's domain.
    raw = bytearray(base45.decode(text[4:]))
    raw[-1] ^= 1
    with pytest.raises(CodeForged):
        codes.verify_code("KP1:" + base45.encode(bytes(raw)), kept.server_keys, now_s=kept.now_s)
    forged = bytes([1]) + code.cert.to_bytes() + raw[1 + 138 : 1 + 138 + 6]
    forged += kept.device_key.sign(b"kinpay/code/v2\x00" + forged)
    with pytest.raises(CodeForged):
        codes.verify_code("KP1:" + base45.encode(forged), kept.server_keys, now_s=kept.now_s)


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


def test_codes_cross_to_the_payment_writer_whole() -> None:
    """The HTTP processes pickle each checked code to the payment writer process: every
    field arrives, the legacy version's too, and the copy still verifies."""
    device = make_device()
    code = codes.verify_code(device.code_at(NOW), KEYS, now_s=NOW)
    legacy = dataclasses.replace(code.cert, version=codes.LEGACY_VERSION, valid_from_s=7)
    numeric = codes.parse_numeric(device.numeric_at(NOW))
    for original in (code, code.cert, legacy, numeric):
        copy = pickle.loads(pickle.dumps(original, protocol=pickle.HIGHEST_PROTOCOL))
        assert type(copy) is type(original)
        assert copy == original
    copy = pickle.loads(pickle.dumps(code))
    assert copy.cert.cert_id == code.cert.cert_id and copy.raw == code.raw
    assert codes.device_signature_ok(copy.cert.device_public_key, copy.signature,
                                     copy.signed_part)
    assert (copy.step, copy.counter, copy.cert.version) == (NOW // 30, 0, codes.VERSION)
    assert numeric.device_no == 123_456_789
    assert pickle.loads(pickle.dumps(numeric)).device_no == 123_456_789
