"""A name's key, so that a name typed in another case or width finds its account.

The apps show names first letter up ("lily" as "Lily"), and a parent typed what they saw:
"Lily" in the grant form was "no such child", "LILY" at sign-in a wrong password, and
"ｌｉｌｙ" (a Chinese input method's full-width letters) another name altogether, one
someone else could sign up. `users.name_key` is the name in Unicode's compatibility form,
case folded (kinpay.names.name_key; copied here, frozen with the revision), unique among
the rows that have one.

Rows made before: each gets its key, in the order the accounts were made; an account
whose key an older one already has (possible on SQLite, whose lower() folded ASCII only:
"LÉA" beside "léa") keeps none and is found by its exact name only, as before.
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _key(name: str) -> str:
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name.strip()).casefold())


def upgrade() -> None:
    op.execute("ALTER TABLE users ADD COLUMN name_key TEXT")
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, name FROM users ORDER BY created_at, id")).fetchall()
    seen: set[str] = set()
    keyed: list[dict[str, str]] = []
    for user_id, name in rows:
        key = _key(str(name))
        if key not in seen:
            seen.add(key)
            keyed.append({"k": key, "i": str(user_id)})
    if keyed:
        bind.execute(sa.text("UPDATE users SET name_key = :k WHERE id = :i"), keyed)
    op.execute("CREATE UNIQUE INDEX users_by_name_key ON users (name_key)"
               " WHERE name_key IS NOT NULL")
