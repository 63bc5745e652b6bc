"""Sales the payer allowed when the cashier asked (issue 15 §1), kept in the journal beside
their rows, so the lists can say so: Today's sales and Refund read "Approved" alone for
a sale the parent had allowed at the till (live 33 §16), where its card had said so. No Qt.

    asked ..... the sale's key and the approval the payer allowed it by (the server's
                `approval_id` on the payment that completed it)

Written once the allowed sale is settled (`note`, from pos_app.core.ask.complete, online or
after a restart); read into a row's `extra["asked"]` by `mark`.
"""

from __future__ import annotations

import logging
import sqlite3

from pos_app.core.store import SaleRow, Store

log = logging.getLogger("kinpay.pos")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS asked (
    key TEXT PRIMARY KEY,
    approval_id TEXT NOT NULL
)
"""
MARK_CHUNK = 500  # keys a query asks about at once (SQLite's bound on parameters is 999+)


def note(store: Store, key: str, approval_id: str) -> None:
    """The sale under `key` was completed by the payer's approval `approval_id`."""
    try:
        with store.tx() as conn:
            conn.execute(_SCHEMA)
            conn.execute("INSERT OR REPLACE INTO asked (key, approval_id) VALUES (?, ?)",
                         (key, approval_id))
    except sqlite3.Error as exc:  # a word in a list; the sale itself is in the journal
        log.warning("the sale allowed when asked could not be marked: %s", exc)


def mark(store: Store, rows: list[SaleRow]) -> list[SaleRow]:
    """`rows`, each allowed by the payer when asked marked `extra["asked"] = True`."""
    keys = [r.key for r in rows]
    found: set[str] = set()
    try:
        with store.tx() as conn:
            conn.execute(_SCHEMA)
            for start in range(0, len(keys), MARK_CHUNK):
                chunk = keys[start:start + MARK_CHUNK]
                marks = ",".join("?" * len(chunk))
                found |= {str(r[0]) for r in conn.execute(
                    f"SELECT key FROM asked WHERE key IN ({marks})", chunk)}  # noqa: S608
    except sqlite3.Error as exc:
        log.warning("the sales allowed when asked could not be read: %s", exc)
        return rows
    for r in rows:
        if r.key in found:
            r.extra["asked"] = True
    return rows
