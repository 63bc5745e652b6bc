"""The known-answer codes in code_vectors.json: fixed texts, and the test keys that made
them, so a change to the wire format (base45, the byte layout, a signing domain) fails a
test even when the encoder and the decoder change together."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from kinpay import codes

HERE = Path(__file__).with_name("code_vectors.json")


@dataclass(frozen=True)
class Vectors:
    server_key: Ed25519PrivateKey
    device_key: Ed25519PrivateKey
    now_s: int
    release_1: str
    release_2: str

    @property
    def server_keys(self) -> dict[bytes, Ed25519PublicKey]:
        """What a till or the server verifies with: the key id and the public key."""
        public = self.server_key.public_key()
        return {codes.key_id_of(public): public}


def load() -> Vectors:
    raw = json.loads(HERE.read_text(encoding="utf-8"))
    server = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(raw["server_private_seed"]))
    # The public key is written out too: the seed must still give it.
    assert codes.raw_public(server.public_key()).hex() == raw["server_public_key"]
    return Vectors(
        server_key=server,
        device_key=Ed25519PrivateKey.from_private_bytes(bytes.fromhex(raw["device_private_seed"])),
        now_s=int(raw["now_s"]),
        release_1=str(raw["release_1_code"]),
        release_2=str(raw["release_2_code"]),
    )
