"""What the server last said about an allowance, so the till doesn't take offline a sale it
has just heard declined (live test 33 §1). No Qt.

After every online answer the till keeps, per allowance (the code's grant), in its journal:

    remaining ...... the smaller of what was left today and this month, and when it was said
                     (forgotten once a refund of the allowance's payment is answered)
    blocked ........ the categories of baskets just declined `category_blocked` (each set:
                     one of them at least is blocked, so a basket holding them all is too),
                     and of each item an answer left out of what the allowance paid
                     (`eligible_items`: a split basket's ✗), each by itself
    hours_until .... after an `outside_hours` decline, no offline payment of the allowance
                     until then (HOURS_HOLD_S); an online approval ends it at once

Only what was said today (the till's local day) counts. Offline, `refuse` turns away a sale
the last answer already rules out: more than was left, less what the till accepted offline
for it since; a basket of a category just declined as blocked; any sale within the hold
after an hours decline. The server checks every rule again on upload: this only keeps the
shop from handing over goods the server will certainly not pay for.
"""

from __future__ import annotations

import json
import sqlite3
import time

from kinpay import codes, schemas
from kinpay.errors import CodeError
from pos_app.core.store import Store

HOURS_HOLD_S = 30 * 60  # after an online "not at this hour": no offline payment this long

_SCHEMA = """
CREATE TABLE IF NOT EXISTS heard (
    grant_id TEXT PRIMARY KEY,
    day TEXT NOT NULL,
    at INTEGER NOT NULL,
    remaining INTEGER,
    blocked TEXT NOT NULL DEFAULT '[]',
    hours_until INTEGER NOT NULL DEFAULT 0
)
"""


def local_day(at_s: int) -> str:
    return time.strftime("%Y-%m-%d", time.localtime(at_s))


def day_start(at_s: int) -> int:
    """The till's local midnight before `at_s`."""
    t = time.localtime(at_s)
    return int(time.mktime((t.tm_year, t.tm_mon, t.tm_mday, 0, 0, 0, 0, 0, -1)))


def ensure(conn: sqlite3.Connection) -> None:
    conn.execute(_SCHEMA)


def grant_of(text: str, payment: schemas.Payment | None = None) -> str | None:
    """The allowance a code pays with: the answer's, else its certificate's (unchecked)."""
    if payment is not None and payment.grant_id:
        return payment.grant_id
    if not codes.looks_like_code(text):
        return None
    try:
        return codes.parse_code(text).cert.grant_id
    except CodeError:
        return None


def categories(items: list[schemas.Item], shop_category: str) -> list[str]:
    """The basket's categories as the server reads them (an item without one: the shop's)."""
    return sorted({i.category or shop_category for i in items} - {""}) or (
        [shop_category] if shop_category else [])


def _sorted_out(items: list[schemas.Item], shop_category: str,
                eligible: list[int] | None) -> tuple[list[str] | None, list[str]]:
    """The categories of the items an answer says the allowance may pay, and of those it
    may not (each blocked by itself); (None, []) when the answer doesn't say."""
    if eligible is None or not items:
        return None, []
    take = set(eligible)
    ok = sorted({i.category or shop_category for n, i in enumerate(items) if n in take})
    bad = sorted({i.category or shop_category for n, i in enumerate(items) if n not in take})
    return [c for c in ok if c], [c for c in bad if c and c not in ok]


def record(store: Store, text: str, items: list[schemas.Item], shop_category: str,
           payment: schemas.Payment, now_s: int) -> None:
    """Keep what this online answer says about its allowance."""
    grant = grant_of(text, payment)
    if grant is None:
        return
    day = local_day(now_s)
    cats = categories(items, shop_category)
    with store.tx() as conn:
        ensure(conn)
        row = conn.execute("SELECT * FROM heard WHERE grant_id = ?", (grant,)).fetchone()
        same_day = row is not None and row["day"] == day
        blocked: list[list[str]] = json.loads(row["blocked"]) if same_day else []
        hours_until = int(row["hours_until"]) if same_day else 0
        remaining = row["remaining"] if same_day else None
        at = int(row["at"]) if same_day else now_s
        if payment.remaining is not None:
            remaining, at = min(payment.remaining.daily, payment.remaining.monthly), now_s
        ok, bad = _sorted_out(items, shop_category, payment.eligible_items)
        if payment.status == "approved":
            hours_until = 0
            # What was just paid for is allowed: no set within it holds a blocked one.
            paid = set(cats if ok is None else ok)
            blocked = [s for s in blocked if not set(s) <= paid]
        elif payment.decline_code == "outside_hours":
            hours_until = now_s + HOURS_HOLD_S
        elif payment.decline_code == "category_blocked" and cats and cats not in blocked:
            blocked.append(cats)
        # Items the answer names as not the allowance's to pay (a split basket's ✗, live
        # test 34: a chocolate shown ✗ was then taken offline): each one's category alone.
        blocked += [[c] for c in bad if [c] not in blocked]
        conn.execute(
            "INSERT INTO heard (grant_id, day, at, remaining, blocked, hours_until)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (grant_id) DO UPDATE SET day = ?2,"
            " at = ?3, remaining = ?4, blocked = ?5, hours_until = ?6",
            (grant, day, at, remaining, json.dumps(blocked), hours_until),
        )


def forget_remaining(store: Store, grant: str | None) -> None:
    """A refund of the allowance's payment was answered: money went back to it, so what
    the server last said was left no longer holds. Offline the till then goes by its other
    caps; the server checks every rule again on upload."""
    if not grant:
        return
    with store.tx() as conn:
        ensure(conn)
        conn.execute("UPDATE heard SET remaining = NULL WHERE grant_id = ?", (grant,))


def offline_since(conn: sqlite3.Connection, grant: str, since_s: int) -> int:
    """What this till took offline for `grant` from `since_s` on: queued, or uploaded and
    paid (the last answer's remaining, and the allowance's offline day total, count it)."""
    (total,) = conn.execute(
        "SELECT COALESCE(SUM(amount), 0) FROM sales WHERE grant_id = ? AND offline = 1"
        " AND status IN ('queued', 'approved') AND created_at >= ?",
        (grant, since_s)).fetchone()
    return int(total)


Refusal = tuple[str, int | None, tuple[int, int] | None]


def refuse(conn: sqlite3.Connection, grant: str, amount: int, items: list[schemas.Item],
           shop_category: str, now_s: int) -> Refusal | None:
    """(reason, limit, said) if the last answer for `grant` rules this offline sale out,
    else None; `said`, for "heard_daily": (what the server said was left, what this till
    took offline since), the limit being the difference (live test 34 §14: the till said
    the server had said ¥6.00, where it had said ¥44.00 and the till taken ¥38.00). Runs
    in accept_offline's transaction, before the code is marked used."""
    ensure(conn)
    row = conn.execute("SELECT * FROM heard WHERE grant_id = ? AND day = ?",
                       (grant, local_day(now_s))).fetchone()
    if row is None:
        return None
    if now_s < int(row["hours_until"]):
        return "heard_hours", None, None
    cats = set(categories(items, shop_category))
    if any(set(s) <= cats for s in json.loads(row["blocked"])):
        return "heard_category", None, None
    if row["remaining"] is not None:
        said, taken = int(row["remaining"]), offline_since(conn, grant, int(row["at"]))
        left = max(0, said - taken)
        if amount > left:
            return "heard_daily", left, (said, taken)
    return None
