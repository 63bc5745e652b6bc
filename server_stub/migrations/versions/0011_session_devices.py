"""What each session is, for the account's list of its signed-in devices.

A parent whose phone was lost, or left signed in on a laptop, could end every session at
once ("sign out everywhere") but not one alone, and could not see which were open. Each
session now keeps the tag its account's "signed in" event named it by (`tag`), when it
started, the address it signed in from, the name its device gave (`device`, what the
device says of itself) and when it was last used (`seen_at`, to within minutes).

Sessions started before have no tag, address or device name (the list shows them without);
their start is known from their expiry (a session lives 12 hours). Additive only.
"""

from __future__ import annotations

from server_stub.migrations import ddl

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_STATEMENTS = [
    "ALTER TABLE sessions ADD COLUMN tag TEXT",
    "ALTER TABLE sessions ADD COLUMN started_at BIGINT",
    "ALTER TABLE sessions ADD COLUMN address TEXT",
    "ALTER TABLE sessions ADD COLUMN device TEXT",
    "ALTER TABLE sessions ADD COLUMN seen_at BIGINT",
    "UPDATE sessions SET started_at = expires_at - 43200",
    "CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user_id)",
]


def upgrade() -> None:
    ddl.run(_STATEMENTS, _STATEMENTS)
