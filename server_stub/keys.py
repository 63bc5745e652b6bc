"""The server's Ed25519 signing keys: made on first start (demo keys at seed time), kept in
the database, published by id so that terminals can verify codes offline."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kinpay import codes, schemas
from kinpay.device import private_bytes
from server_stub.db import Conn


class ServerKeys:
    def __init__(self, rows: list[tuple[str, bytes, bool]]) -> None:
        self.public: dict[bytes, Ed25519PublicKey] = {}
        # Certificates whose server signature verified once (see codes.verify_code).
        self.trusted_certs: dict[bytes, bool] = {}
        self.signing: Ed25519PrivateKey | None = None
        for _key_id, raw, active in rows:
            key = Ed25519PrivateKey.from_private_bytes(raw)
            self.public[codes.key_id_of(key.public_key())] = key.public_key()
            if active and self.signing is None:
                self.signing = key

    @property
    def signer(self) -> Ed25519PrivateKey:
        assert self.signing is not None, "ensure_key() runs at start-up"
        return self.signing

    def answer(self) -> list[schemas.ServerKey]:
        return [
            schemas.ServerKey(
                key_id=kid.hex(), public_key=base64.b64encode(codes.raw_public(pub)).decode()
            )
            for kid, pub in self.public.items()
        ]


def ensure_key(conn: Conn, now_s: int) -> None:
    """Writer job: make the first signing key if there is none."""
    if conn.one("SELECT 1 FROM server_keys WHERE active = 1") is not None:
        return
    key = Ed25519PrivateKey.generate()
    conn.execute(
        "INSERT INTO server_keys (key_id, private_key, created_at, active) VALUES (?, ?, ?, 1)",
        (
            codes.key_id_of(key.public_key()).hex(),
            base64.b64encode(private_bytes(key)).decode(),
            now_s,
        ),
    )


def load(conn: Conn) -> ServerKeys:
    rows = conn.all("SELECT key_id, private_key, active FROM server_keys ORDER BY created_at")
    return ServerKeys(
        [(r["key_id"], base64.b64decode(r["private_key"]), bool(r["active"])) for r in rows]
    )
