"""The trust boundary's tables (issue 11), applied after the main schema.

Kept apart from server_stub/db.py so the schema's owner can turn these into a migration:
each statement is idempotent (`CREATE ... IF NOT EXISTS`), so applying them on every start
is safe on both engines.

- `throttles`: failure counters and lockouts (sign-in per account and per client address,
  numeric guesses per terminal and per device, invalid codes per terminal). In the database
  so every server process shares them and a restart resets nothing.
- `superseded_certs`: a device's older certificates, replaced when the payer lowered the
  offline cap; honoured offline for a short grace after they were replaced.
- `funding_notes`: why money entered (the operator's reason for each `kinpay fund`).

The per-grant offline total per day lives in the existing `spend` table under the period
`o:YYYY-MM-DD` (no new table).
"""

from __future__ import annotations

_COMMON = [
    "CREATE TABLE IF NOT EXISTS throttles (key TEXT PRIMARY KEY, fails INTEGER NOT NULL,"
    " window_start BIGINT NOT NULL, locked_until BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS superseded_certs (cert_id TEXT PRIMARY KEY,"
    " current_cert_id TEXT NOT NULL, superseded_at BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS funding_notes (transfer_id TEXT PRIMARY KEY,"
    " payer_id TEXT NOT NULL, reason TEXT NOT NULL, operator TEXT NOT NULL,"
    " created_at BIGINT NOT NULL)",
]

SQLITE_DDL: list[str] = list(_COMMON)
POSTGRES_DDL: list[str] = list(_COMMON)


def apply(conn: object, kind: str) -> None:
    """Run the statements for `kind` ("sqlite" or "postgres") on an open transaction."""
    execute = getattr(conn, "execute")  # noqa: B009 - a server_stub.db.Conn, without the import cycle
    for stmt in SQLITE_DDL if kind == "sqlite" else POSTGRES_DDL:
        execute(stmt)
