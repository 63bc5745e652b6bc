"""What a payment counts in its allowance's spend, and in the allowances given after it
ended.

A new allowance starts with what was spent today and this month under those of the same
payer, child and currency that ended before it (`grants._carry_spend`). But an offline sale
accepted under the old one before it ended may be uploaded after the new one exists: judged
by the old one's spend alone, it passed the old one's limits while the day's real total (the
old one's and what the new ones spent) was over them, and the new ones never counted it (a
payer paid ¥140.00 in a ¥100.00 day, docs/security.md row 55). So a payment on an ended
allowance is judged with what the later ones spent of their own that day and month, and once
paid it is counted in them too, as carried (so a chain of stops counts it once). A running
allowance has no later ones: its payments ask nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass

from server_stub import grants
from server_stub.db import Conn, Row


@dataclass(frozen=True)
class Later:
    """An allowance given after the one a payment is on ended: its id and its own day and
    month (in its zone) of the payment's time."""

    grant_id: str
    day: str
    month: str
    created_at: int = 0  # when it was given
    timezone: str = "UTC"  # its zone


def later(conn: Conn, grant: Row, at_s: int, now_s: int) -> list[Later]:
    """The allowances of `grant`'s payer, child and currency made since it ended (none while
    it runs), with their periods of `at_s`."""
    ended = grants.ended_at(grant, grants.rules_of(grant), now_s)
    if ended is None:
        return []
    rows = conn.all(
        "SELECT id, rules, created_at FROM grants WHERE payer_id = ? AND delegate_id = ?"
        " AND currency = ? AND id <> ? AND created_at >= ?",
        (grant["payer_id"], grant["delegate_id"], grant["currency"], grant["id"], ended))
    found = []
    for row in rows:
        zone = grants.rules_of(row).timezone or "UTC"
        day, month = grants.periods(zone, at_s)
        found.append(Later(str(row["id"]), day, month, int(row["created_at"]), zone))
    return found


def counted_later(conn: Conn, grant: Row, payment: Row, now_s: int) -> list[tuple[str, str]]:
    """The periods (each with its CARRIED key) in which the allowances given since `grant`
    ended counted `payment`, a sale on it: what its refund gives back there, and no more.

    Paid before one was given, the sale was in what it started with (grants._carry_spend):
    the ended one's own day and month of then, in the ended one's zone, went into its day
    and month of then, in its own zone. It counted the sale there if the sale fell in that
    day (month) of the ended one. Its day of the sale may be another: a refund lowering that
    one (a stopped Asia/Shanghai allowance's sale of 23:00, a UTC one given at 00:30 in
    Shanghai, its day still the sale's) reopened a day that never counted the sale, and
    the child spent the daily limit again (docs/security.md row 81). Paid after
    (an offline sale uploaded, `count`), it counted in its own day and month of the sale.
    Paid in the second it was given, an offline sale might be either: only the periods both
    would have counted are given back (an online sale on the ended one was paid before)."""
    at_s = int(payment["created_at"])
    later_ones = later(conn, grant, at_s, now_s)
    if not later_ones:
        return []
    paid = conn.one("SELECT created_at FROM transfers WHERE ref_id = ?", (payment["id"],))
    paid_s = int(paid["created_at"]) if paid is not None else at_s
    zone = grants.rules_of(grant).timezone or "UTC"
    sale = grants.periods(zone, at_s)
    found: list[tuple[str, str]] = []
    for one in later_ones:
        ended_then = grants.periods(zone, one.created_at)
        own_then = grants.periods(one.timezone, one.created_at)
        carried = {own_then[i] for i in (0, 1) if sale[i] == ended_then[i]}
        uploaded = {one.day, one.month}
        if paid_s < one.created_at or (paid_s == one.created_at and not payment["offline"]):
            counted = carried
        else:
            counted = uploaded if paid_s > one.created_at else carried & uploaded
        found += [(one.grant_id, p) for q in sorted(counted) for p in (q, grants.CARRIED + q)]
    return found


def with_later(conn: Conn, later_ones: list[Later], today: int, month: int) -> tuple[int, int]:
    """`today` and `month` (the ended allowance's spend) with what each later one spent of
    its own in the same day and month (its spend less what it started with)."""
    for one in later_ones:
        keys = (one.day, one.month, grants.CARRIED + one.day, grants.CARRIED + one.month)
        got = {str(r["period"]): int(r["amount"]) for r in conn.all(
            "SELECT period, amount FROM spend WHERE grant_id = ? AND period IN (?, ?, ?, ?)",
            (one.grant_id, *keys))}
        today += max(0, got.get(one.day, 0) - got.get(keys[2], 0))
        month += max(0, got.get(one.month, 0) - got.get(keys[3], 0))
    return today, month


def count(conn: Conn, grant_id: str, periods: list[str], amount: int,
          later_ones: list[Later]) -> None:
    """Count a paid `amount` in the allowance's `periods` and, as carried, in the later
    ones' day and month: one statement (every row distinct)."""
    rows = [(grant_id, p) for p in periods]
    for one in later_ones:
        rows += [(one.grant_id, p) for p in (one.day, one.month, grants.CARRIED + one.day,
                                             grants.CARRIED + one.month)]
    marks = ", ".join("(?, ?, ?)" for _ in rows)
    conn.write(
        f"INSERT INTO spend (grant_id, period, amount) VALUES {marks}"  # noqa: S608 (marks)
        " ON CONFLICT (grant_id, period) DO UPDATE SET amount = spend.amount + excluded.amount",
        [v for g, p in rows for v in (g, p, amount)],
    )
