"""Release 1 (057c6bd): the schema exactly as server_stub/db.py made it then.

Its databases carry no alembic_version: `migrations.upgrade` stamps them 0001. On an
empty database this revision makes the release-1 tables, and later revisions move on.
"""

from __future__ import annotations

from alembic import op

from server_stub.migrations import ddl

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS server_keys (
    key_id TEXT PRIMARY KEY, private_key TEXT NOT NULL, created_at BIGINT NOT NULL,
    active INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
    pw_hash TEXT NOT NULL, timezone TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id),
    expires_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS merchants (
    id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, category TEXT NOT NULL,
    currency TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS terminals (
    id TEXT PRIMARY KEY, merchant_id TEXT NOT NULL REFERENCES merchants(id),
    key_hash TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, owner_id TEXT NOT NULL, currency TEXT NOT NULL,
    balance BIGINT NOT NULL, UNIQUE (kind, owner_id, currency));
CREATE TABLE IF NOT EXISTS grants (
    id TEXT PRIMARY KEY, payer_id TEXT NOT NULL REFERENCES users(id),
    delegate_id TEXT NOT NULL REFERENCES users(id), currency TEXT NOT NULL,
    rules TEXT NOT NULL, status TEXT NOT NULL, created_at BIGINT NOT NULL,
    revoked_at BIGINT, pairing_hash TEXT, pairing_expires_at BIGINT);
CREATE INDEX IF NOT EXISTS grants_payer ON grants (payer_id);
CREATE INDEX IF NOT EXISTS grants_delegate ON grants (delegate_id);
CREATE TABLE IF NOT EXISTS devices (
    cert_id TEXT PRIMARY KEY, grant_id TEXT NOT NULL REFERENCES grants(id),
    device_no BIGINT NOT NULL UNIQUE, otp_secret TEXT NOT NULL, public_key TEXT NOT NULL,
    certificate TEXT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,
    retired_at BIGINT);
CREATE INDEX IF NOT EXISTS devices_grant ON devices (grant_id);
CREATE TABLE IF NOT EXISTS code_uses (use_key TEXT PRIMARY KEY, payment_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS payments (
    id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL REFERENCES terminals(id),
    merchant_id TEXT NOT NULL, idem_key TEXT NOT NULL, request_hash TEXT NOT NULL,
    grant_id TEXT, status TEXT NOT NULL, decline_code TEXT, amount BIGINT NOT NULL,
    currency TEXT NOT NULL, refunded BIGINT NOT NULL, offline INTEGER NOT NULL,
    periods TEXT, created_at BIGINT NOT NULL, response TEXT NOT NULL,
    UNIQUE (terminal_id, idem_key));
CREATE INDEX IF NOT EXISTS payments_merchant ON payments (merchant_id, created_at);
CREATE INDEX IF NOT EXISTS payments_grant ON payments (grant_id, created_at);
CREATE TABLE IF NOT EXISTS refunds (
    id TEXT PRIMARY KEY, payment_id TEXT NOT NULL REFERENCES payments(id),
    terminal_id TEXT NOT NULL, idem_key TEXT, request_hash TEXT NOT NULL,
    amount BIGINT NOT NULL, created_at BIGINT NOT NULL, UNIQUE (terminal_id, idem_key));
CREATE TABLE IF NOT EXISTS transfers (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, debit_account TEXT NOT NULL,
    credit_account TEXT NOT NULL, amount BIGINT NOT NULL, currency TEXT NOT NULL,
    ref_id TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL, CHECK (amount > 0));
CREATE TABLE IF NOT EXISTS spend (
    grant_id TEXT NOT NULL, period TEXT NOT NULL, amount BIGINT NOT NULL,
    PRIMARY KEY (grant_id, period));
CREATE TABLE IF NOT EXISTS events (
    id {autoid}, user_id TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL,
    created_at BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS events_user ON events (user_id, id);
"""


def upgrade() -> None:
    autoid = (
        "INTEGER PRIMARY KEY AUTOINCREMENT"
        if ddl.dialect() == "sqlite"
        else "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
    )
    for stmt in ddl.split(_DDL.format(autoid=autoid)):
        op.execute(stmt)
    op.execute("INSERT INTO meta (key, value) VALUES ('schema', '1')")
