"""Why a session ended, for the device that still holds it.

A new password ends every other session of the account, and "sign out everywhere" ends
them all; an operator's password reset (`kinpay user reset-password`) ends them all too.
Each ended session's token hash is kept here with why and when, until the session would
have expired anyway, so the device that still holds one is told why it was signed out
(401 `password_changed`, `signed_out_everywhere`, `password_reset`) instead of only that it
is: a parent whose password someone else changed learns it on every device at once.

Additive only: nothing written before is rewritten.
"""

from __future__ import annotations

from server_stub.migrations import ddl

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_STATEMENTS = [
    "CREATE TABLE ended_sessions (token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL,"
    " why TEXT NOT NULL, ended_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)",
    "CREATE INDEX ended_sessions_expiry ON ended_sessions (expires_at)",
]


def upgrade() -> None:
    ddl.run(_STATEMENTS, _STATEMENTS)
