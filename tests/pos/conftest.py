"""Fixtures for the terminal's scanning tests: real codes, synthetic frames, photo data."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kinpay import codes

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

NOW_S = 1_767_225_600  # a fixed "now", so every code is fresh whatever the machine's clock
# ../shared/data beside the project, as the data README asks; another place by variable.
PHOTOS = Path(
    os.environ.get("KINPAY_QR_PHOTOS")
    or Path(__file__).resolve().parents[3] / "shared" / "data" / "qr-photos"
)


@dataclass(frozen=True)
class Issued:
    """A real code, signed by a fresh server key and device key, and how to verify it."""

    text: str
    server_keys: dict[bytes, Ed25519PublicKey]
    now_s: int


def issue(now_s: int = NOW_S) -> Issued:
    server_key = Ed25519PrivateKey.generate()
    device_key = Ed25519PrivateKey.generate()
    cert = codes.Certificate(
        key_id=b"",
        cert_id=os.urandom(8),
        grant_id=uuid.uuid4().hex,
        device_public_key=codes.raw_public(device_key.public_key()),
        offline_cap_minor=5000,
        currency="CNY",
        rotate_s=30,
        expires_s=now_s + 86400,
    ).signed_by(server_key)
    public = server_key.public_key()
    return Issued(
        codes.build_code(cert, device_key, now_s=now_s), {codes.key_id_of(public): public}, now_s
    )


@pytest.fixture(scope="session")
def issued() -> Issued:
    return issue()


def photo_cases() -> list[tuple[Path, str]]:
    """The real photographs and their exact texts; empty when the data is not here."""
    if not PHOTOS.is_dir():
        return []
    cases = []
    for image in sorted(PHOTOS.rglob("*.png")):
        expected = image.with_suffix(".txt")
        if expected.is_file():
            # Bytes, decoded by hand: text mode would turn the payloads' \r\n into \n.
            cases.append((image, expected.read_bytes().decode("utf-8")))
    return cases


@pytest.fixture(scope="session")
def photos() -> list[tuple[Path, str]]:
    cases = photo_cases()
    if not cases:
        pytest.skip(f"the real QR photographs are not at {PHOTOS}")
    return cases
