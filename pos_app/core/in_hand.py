"""The sale in the cashier's hands, kept in the journal until its card is dismissed, so a
till killed mid-sale says on start what became of it (live test 33 §5, §4). No Qt.

One row at most: the sale's key, amount and time, written when its code is taken (before
it is sent); the open question to the payer, when the cashier asked; removed when the
cashier closes the sale's card. On start, a row still here is the last unfinished sale:
the journal says what became of it (`pos_app.restart` shows it), and an open question,
which no one is waiting on any more, is cancelled on the server so the payer and the child
are told (`close_question`): a "yes" to it would never be charged.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass

from kinpay.client import Client
from kinpay.errors import ApiError, TransportError
from pos_app.core import ask
from pos_app.core.settle import Outcome, request_of
from pos_app.core.store import Store

_SCHEMA = """
CREATE TABLE IF NOT EXISTS in_hand (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    key TEXT NOT NULL,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    at INTEGER NOT NULL,
    approval_id TEXT,
    payer TEXT
)
"""

log = logging.getLogger("kinpay.pos")


@dataclass(frozen=True)
class Held:
    key: str
    amount: int
    currency: str
    at: int
    approval_id: str | None = None
    payer: str | None = None


def _write(store: Store, sql: str, params: tuple[object, ...]) -> None:
    try:
        with store.tx() as conn:
            conn.execute(_SCHEMA)
            conn.execute(sql, params)
    except sqlite3.Error as exc:  # a help after a crash; the sale itself is in the
        # journal or was never sent. Said: a restart may not tell what became of it.
        log.warning("the sale in hand could not be noted for a restart: %s", exc)


def hold(store: Store, key: str, amount: int, currency: str, at: int) -> None:
    _write(store, "INSERT OR REPLACE INTO in_hand (one, key, amount, currency, at)"
                  " VALUES (1, ?, ?, ?, ?)", (key, amount, currency, at))


def asked(store: Store, key: str, approval_id: str | None, payer: str | None) -> None:
    """The question to the payer for this sale is open (`approval_id`), or over (None)."""
    _write(store, "UPDATE in_hand SET approval_id = ?, payer = ? WHERE key = ?",
           (approval_id, payer, key))


def done(store: Store) -> None:
    _write(store, "DELETE FROM in_hand", ())


def held(store: Store) -> Held | None:
    try:
        with store.tx() as conn:
            conn.execute(_SCHEMA)
            row = conn.execute("SELECT * FROM in_hand").fetchone()
    except sqlite3.Error:
        return None
    if row is None:
        return None
    return Held(row["key"], row["amount"], row["currency"], row["at"], row["approval_id"],
                row["payer"])


def close_question(client: Client, store: Store, h: Held) -> str:
    """Cancel the open question of a sale no one waits on any more: "cancelled" (nothing
    was charged; the payer and the child are told), "paid" (the payer allowed it and the
    sale was completed before the till died: its answer is now in the journal), or
    "unreachable" (not cancelled: it expires on the server, and nothing is charged)."""
    assert h.approval_id is not None
    try:
        client.cancel_approval(h.approval_id)
    except TransportError:
        return "unreachable"
    except ApiError as exc:
        row = store.get(h.key)
        if exc.code != "approval_used" or row is None:
            return "cancelled" if exc.code in ("approval_cancelled", "not_found") else "error"
        try:  # completed under the sale's key: the same answer again, never a second charge
            approval = client.approval(h.approval_id)
            result = ask.complete(client, store, request_of(row), approval)
        except (ApiError, TransportError):
            return "unreachable"
        return "paid" if isinstance(result, Outcome) and result.approved else "error"
    asked(store, h.key, None, h.payer)
    return "cancelled"
