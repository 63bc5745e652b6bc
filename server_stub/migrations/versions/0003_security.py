"""Issue 11: the trust boundary's tables.

- `throttles`: failure counters and lockouts (sign-in per account and per client address,
  numeric guesses per terminal and per device, invalid codes per terminal). In the database
  so every server process shares them and a restart resets nothing.
- `superseded_certs`: a device's older certificates, replaced when the payer lowered the
  offline cap; honoured offline for a short grace after they were replaced.
- `funding_notes`: why money entered (the operator's reason for each `kinpay fund`).

The per-grant offline total per day lives in the existing `spend` table under the period
`o:YYYY-MM-DD` (no new table). Frozen once released: the statements are copied here.
"""

from __future__ import annotations

from server_stub.migrations import ddl

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_STATEMENTS = [
    "CREATE TABLE throttles (key TEXT PRIMARY KEY, fails INTEGER NOT NULL,"
    " window_start BIGINT NOT NULL, locked_until BIGINT NOT NULL)",
    "CREATE TABLE superseded_certs (cert_id TEXT PRIMARY KEY,"
    " current_cert_id TEXT NOT NULL, superseded_at BIGINT NOT NULL)",
    "CREATE TABLE funding_notes (transfer_id TEXT PRIMARY KEY,"
    " payer_id TEXT NOT NULL, reason TEXT NOT NULL, operator TEXT NOT NULL,"
    " created_at BIGINT NOT NULL)",
]


def upgrade() -> None:
    ddl.run(_STATEMENTS, _STATEMENTS)
