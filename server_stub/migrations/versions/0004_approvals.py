"""Issue 15 §1: asking the payer at the till.

- `approvals`: one row per declined sale the payer could allow (offered when the sale is
  declined; pending once the terminal asks; then allowed, refused, cancelled or expired;
  used once the allowed sale is settled). Bound to exactly that sale: its terminal, its
  declined payment (and so its idempotency key and code use), amount, currency, items and
  the rules it broke. State lives here, so it holds across server processes and restarts.

Frozen once released: the statements are copied here.
"""

from __future__ import annotations

from server_stub.migrations import ddl

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_STATEMENTS = [
    "CREATE TABLE approvals (id TEXT PRIMARY KEY,"
    " payment_id TEXT NOT NULL UNIQUE REFERENCES payments(id),"
    " terminal_id TEXT NOT NULL, merchant_id TEXT NOT NULL, grant_id TEXT NOT NULL,"
    " payer_id TEXT NOT NULL, delegate_id TEXT NOT NULL, idem_key TEXT NOT NULL,"
    " use_key TEXT NOT NULL, amount BIGINT NOT NULL, currency TEXT NOT NULL,"
    " items TEXT NOT NULL, reference TEXT, reason TEXT NOT NULL, lifts TEXT NOT NULL,"
    " need TEXT NOT NULL, status TEXT NOT NULL, created_at BIGINT NOT NULL,"
    " asked_at BIGINT, expires_at BIGINT, answered_at BIGINT,"
    " completed_payment_id TEXT, complete_hash TEXT)",
    "CREATE INDEX approvals_payer ON approvals (payer_id, created_at)",
    "CREATE INDEX approvals_delegate ON approvals (delegate_id, created_at)",
]


def upgrade() -> None:
    ddl.run(_STATEMENTS, _STATEMENTS)
