"""Issue 12: terminal keys that can be revoked and rotated; no secrets in the database.

- terminals.revoked_at, terminals.key_rotated_at (`kinpay terminal revoke | rotate`).
- The signing keys move from server_keys to the key store (0600 files), then the table
  goes: certificates signed by release 1 keep verifying with the same key.
- Devices' OTP secrets, in clear in release 1, are wrapped (AES-GCM) under a key derived
  from the store's master secret; devices paired from now on store none (HKDF).
"""

from __future__ import annotations

import base64
from pathlib import Path

from alembic import context, op
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import text

from server_stub import keys
from server_stub.migrations import ddl

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_COLUMNS = [
    "ALTER TABLE terminals ADD COLUMN revoked_at BIGINT",
    "ALTER TABLE terminals ADD COLUMN key_rotated_at BIGINT",
]


def _store() -> keys.FileKeyStore:
    folder = context.config.attributes.get("keys_dir")
    if not isinstance(folder, Path):
        raise RuntimeError("the key store's folder is not known: run `kinpay db upgrade`")
    return keys.FileKeyStore(folder)


def _export_signing_keys() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        text("SELECT key_id, private_key, created_at FROM server_keys ORDER BY created_at")
    ).all()
    if not rows:
        return
    store = _store()
    have = {rec.key_id for rec in store.signing_keys()}
    for key_id, private_key, created_at in rows:
        if key_id in have:  # exported by an earlier attempt that was rolled back
            continue
        key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(private_key))
        store.add_signing_key(key, int(created_at), first=not have)
        have.add(key_id)


def _wrap_otp_secrets() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        text("SELECT cert_id, otp_secret FROM devices WHERE otp_secret <> :derived"),
        {"derived": keys.OTP_DERIVED},
    ).all()
    rows = [r for r in rows if not str(r[1]).startswith(keys.OTP_WRAPPED)]
    if not rows:
        return
    master = _store().otp_master()
    for cert_id, secret in rows:
        wrapped = keys.wrap_otp_secret(master, str(cert_id), base64.b64decode(secret))
        bind.execute(
            text("UPDATE devices SET otp_secret = :w WHERE cert_id = :c"),
            {"w": wrapped, "c": cert_id},
        )


def upgrade() -> None:
    ddl.run(_COLUMNS, _COLUMNS)
    _export_signing_keys()
    _wrap_otp_secrets()
    op.execute("DROP TABLE server_keys")
