"""What a payment reads before it judges: the code's device and its grant (locked on
PostgreSQL), and on SQLite the grant's spend; in as few statements as each engine allows.

A scanned code names its certificate, and a certificate that is its device's current one
(nearly every payment) finds the device and the grant in one statement: on PostgreSQL one
round trip that also takes the grant's lock, on SQLite one read that also brings the
grant's spend. A replaced certificate or a typed code takes the longer way
(`payments._device_and_use`), then `locked_grant`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from server_stub import grants
from server_stub.db import Conn, Row

# SQLite: a grant's time zone as last read (bounded), so that its spend is read with it, in
# one statement, for that zone's periods. Only a guess: when the rules name another zone,
# the spend is read again for theirs.
_GRANT_ZONES: dict[str, str] = {}
_GRANT_ZONES_MAX = 100_000

# The device's columns a payment judges by, named apart from the grant's (g.*).
_DEVICE = ("d.grant_id AS device_grant_id, d.retired_at AS device_retired_at,"
           " d.expires_at AS device_expires_at")

Spend = tuple[str | None, tuple[int, int]]  # the zone the spend was read for (None: not read)


def current_device_and_grant(
    conn: Conn, cert_id: str, grant_hint: str, at_s: int
) -> tuple[dict[str, Any], Row, Spend] | None:
    """The device whose current certificate is `cert_id`, with its grant (locked on
    PostgreSQL) and, on SQLite, the grant's spend for the zone it last had (`grant_hint`:
    the grant the certificate names, only to guess that zone). None when no device has it
    as its current certificate."""
    if conn.kind == "postgres":
        # The grant's lock, as `locked_grant` takes it; the spend is read after it.
        row = conn.one(
            f"SELECT {_DEVICE}, g.* FROM devices d JOIN grants g ON g.id = d.grant_id"  # noqa: S608
            " WHERE d.cert_id = ? FOR NO KEY UPDATE OF g",
            (cert_id,),
        )
        return None if row is None else (_device(row), row, (None, (0, 0)))
    zone = _GRANT_ZONES.get(grant_hint, "UTC")
    day, month = grants.periods(zone, at_s)
    rows = conn.all(
        f"SELECT {_DEVICE}, g.*, s.period AS spend_period, s.amount AS spend_amount"  # noqa: S608
        " FROM devices d JOIN grants g ON g.id = d.grant_id"
        " LEFT JOIN spend s ON s.grant_id = g.id AND s.period IN (?, ?) WHERE d.cert_id = ?",
        (day, month, cert_id),
    )
    if not rows:
        return None
    return _device(rows[0]), rows[0], (zone, _spend_of(rows, day, month))


def _device(row: Row) -> dict[str, Any]:
    return {"grant_id": row["device_grant_id"], "retired_at": row["device_retired_at"],
            "expires_at": row["device_expires_at"]}


def _spend_of(rows: list[Row], day: str, month: str) -> tuple[int, int]:
    spent = {r["spend_period"]: int(r["spend_amount"]) for r in rows
             if r["spend_period"] is not None}
    return spent.get(day, 0), spent.get(month, 0)


def locked_grant(conn: Conn, grant_id: str, at_s: int) -> tuple[Row, Spend]:
    """The grant, locked to the commit on PostgreSQL: its spend is read, judged and counted
    by one payment at a time (server_stub/writer.py names the order of a payment's locks).
    Returns the grant, and the zone its spend was read for with it, with that spend (no
    zone: not read). On PostgreSQL the spend is never read with the lock: a statement that
    waited for the lock still reads the rest as of when it started (READ COMMITTED), so it
    would miss the spend of the payment it waited for."""
    if conn.kind == "postgres":
        grant = conn.one("SELECT * FROM grants WHERE id = ?" + conn.lock_rows,  # noqa: S608
                         (grant_id,))
        assert grant is not None, "a device always has its grant"
        return grant, (None, (0, 0))
    zone = _GRANT_ZONES.get(grant_id, "UTC")
    day, month = grants.periods(zone, at_s)
    rows = conn.all(
        "SELECT g.*, s.period AS spend_period, s.amount AS spend_amount FROM grants g"
        " LEFT JOIN spend s ON s.grant_id = g.id AND s.period IN (?, ?) WHERE g.id = ?",
        (day, month, grant_id),
    )
    assert rows, "a device always has its grant"
    return rows[0], (zone, _spend_of(rows, day, month))


def spent_later(
    conn: Conn, grant: Row, zone: str, read: Spend, at_s: int
) -> Callable[[], tuple[int, int]]:
    """The grant's spend today and this month in its zone, when called: as read with the
    grant when that was its zone, or read now (after the grant's lock; on PostgreSQL its
    answer comes with the payment's next statement that is waited for)."""
    guessed, amounts = read
    if guessed == zone:
        return lambda: amounts
    if guessed is not None:
        if len(_GRANT_ZONES) >= _GRANT_ZONES_MAX:
            _GRANT_ZONES.clear()
        _GRANT_ZONES[grant["id"]] = zone
    return grants.spent_later(conn, grant["id"], zone, at_s)
