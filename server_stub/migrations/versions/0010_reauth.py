"""When each session last proved its password, for the acts that ask for it again.

A session lives 12 hours; someone holding a parent's unlocked phone or signed-in laptop
could, with it alone, give spending money to a child account of their own, pair a tablet,
raise limits or say "yes" at the till. Those acts now need the password proven within the
last minutes (server_stub/auth.py `require_proof`): at sign-in, at a new password, or
again on its own (`POST /v1/sessions/current/reauth`). `sessions.proved_at` is when.

Sessions started before have none: they prove it again before those acts, as any session
does once its minutes are over. Additive only.
"""

from __future__ import annotations

from server_stub.migrations import ddl

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_STATEMENTS = ["ALTER TABLE sessions ADD COLUMN proved_at BIGINT"]


def upgrade() -> None:
    ddl.run(_STATEMENTS, _STATEMENTS)
