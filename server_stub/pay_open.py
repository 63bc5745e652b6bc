"""A payment's opening: its terminal's key and shop, an earlier try with its
Idempotency-Key, and the terminal's lockouts, judged before anything else
(server_stub/payments.py). On PostgreSQL a QR payment's opening row comes from
`kinpay_pay_read` (server_stub/pay_reads.py); otherwise it is read here.
"""

from __future__ import annotations

import hmac
import json
from typing import TYPE_CHECKING, Any

from server_stub import limits
from server_stub.auth import TerminalPrincipal
from server_stub.db import Conn, Row
from server_stub.errors import Conflict, NotSignedIn, TooMany

if TYPE_CHECKING:
    from server_stub.payments import Prechecked, Sale


class Outcome:
    """A payment's answer (`payment`), whether it replays an earlier try, and the answer as
    sent (`raw`) when this request made it. Made from `raw` alone (the payment writer
    process sends no more: server_stub/pay_writer.py), `payment` is read from it when asked."""

    __slots__ = ("_payment", "raw", "replayed")

    def __init__(self, payment: dict[str, Any] | None = None, replayed: bool = False,
                 raw: bytes | None = None) -> None:
        if payment is None and raw is None:
            raise ValueError("an outcome needs its answer")
        self._payment = payment
        self.replayed = replayed
        self.raw = raw

    @property
    def payment(self) -> dict[str, Any]:
        if self._payment is None:
            assert self.raw is not None
            self._payment = json.loads(self.raw)
        return self._payment


class KeyGone(NotSignedIn):
    """The terminal's key was revoked or rotated since the route remembered it."""


def throttle_key(sale: Sale) -> str:
    """The key of the terminal's invalid-code lockout, which the opening read joins."""
    return limits.key_of(limits.TERMINAL_INVALID, sale.terminal.id)


def read_opening(conn: Conn, sale: Sale) -> Row | None:
    """A payment's first read, one indexed statement (`kinpay_pay_read` reads the same)."""
    return conn.one(
        "SELECT t.key_hash, t.revoked_at, t.merchant_id, m.name, m.category, m.currency,"
        " p.request_hash, p.response, th.locked_until FROM terminals t"
        " JOIN merchants m ON m.id = t.merchant_id"
        " LEFT JOIN payments p ON p.terminal_id = t.id AND p.idem_key = ?"
        " LEFT JOIN throttles th ON th.key = ?"
        " WHERE t.id = ?",
        (sale.idem_key, throttle_key(sale), sale.terminal.id),
    )


def opening(conn: Conn, sale: Sale, pre: Prechecked, now_s: int, row: Row | None) -> Outcome | None:
    """Judge the opening `row` (`read_opening`'s): the terminal's key still the one the
    request sent, when the route took the terminal from its cache; an earlier try with this
    Idempotency-Key (answered again); the terminal's invalid-code lockout. Raises KeyGone,
    Conflict or TooMany, in that order (as three reads did before)."""
    if sale.key_hash is not None and (
        row is None or row["revoked_at"] is not None
        or not hmac.compare_digest(str(row["key_hash"]), sale.key_hash)
    ):
        raise KeyGone("unknown terminal key")
    if row is not None:
        _fresh_terminal(sale, row)
    if row is not None and row["request_hash"] is not None:
        # An offline item under the key of the same sale sent online (its answer lost, the
        # till queued it) is that sale: answered its outcome, not a conflict that failed its
        # whole batch for good (attack review 33).
        if row["request_hash"] != sale.req_hash and row["request_hash"] not in sale.online_hashes:
            raise Conflict(
                "this Idempotency-Key was used for another request", code="idempotency_conflict"
            )
        return Outcome(payment=json.loads(row["response"]), replayed=True)
    wait = limits.wait_of(row["locked_until"] if row is not None else None, now_s)
    if wait:
        raise TooMany("too many invalid codes from this terminal", wait)
    if sale.offline:
        wait = limits.wait_s(conn, limits.OFFLINE_STALE, sale.terminal.id, now_s)
        if wait:
            raise TooMany("too many used or too-old codes in this terminal's offline uploads",
                          wait, code="offline_uploads_held")
    if pre.numeric is not None:
        wait = max(
            limits.wait_s(conn, limits.TERMINAL_NUMERIC, sale.terminal.id, now_s),
            limits.wait_s(conn, limits.DEVICE_NUMERIC, str(pre.numeric.device_no), now_s),
        )
        if wait:
            raise TooMany("too many wrong numeric codes: scan the QR code", wait)
    return None


def _fresh_terminal(sale: Sale, row: Row) -> None:
    """The sale judged with its shop as the transaction reads it (a shop's category may
    have changed since the route remembered its terminal)."""
    t = sale.terminal
    if (t.merchant_id, t.merchant, t.category, t.currency) != (
        row["merchant_id"], row["name"], row["category"], row["currency"]
    ):
        sale.terminal = TerminalPrincipal(
            id=t.id, merchant_id=row["merchant_id"], merchant=row["name"],
            category=row["category"], currency=row["currency"],
        )
