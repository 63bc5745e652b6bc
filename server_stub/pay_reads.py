"""What a payment reads before it judges: the code's device and its grant (locked on
PostgreSQL), and on SQLite the grant's spend; in as few statements as each engine allows.

A scanned code names its certificate, and a certificate that is its device's current one
(nearly every payment) finds the device and the grant in one statement: on PostgreSQL one
round trip that also takes the grant's lock, on SQLite one read that also brings the
grant's spend. A replaced certificate or a typed code takes the longer way
(`payments._device_and_use`), then `locked_grant`.

On PostgreSQL a QR payment's whole read phase is one call of the server-side function
`kinpay_pay_read` (migration 0006, `first_read`): the opening read, the device and its
grant (locked), the grant's spend read after the lock, and the code's use inserted.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kinpay import codes
from server_stub import grants
from server_stub.db import Conn, Row

# A grant's time zone as last read (bounded), so that its spend is read with it, in one
# statement (on PostgreSQL, in `kinpay_pay_read`), for that zone's periods. Only a guess:
# when the rules name another zone, the spend is read again for theirs.
_GRANT_ZONES: dict[str, str] = {}
_GRANT_ZONES_MAX = 100_000

# The device's columns a payment judges by, named apart from the grant's (g.*).
_DEVICE = ("d.grant_id AS device_grant_id, d.retired_at AS device_retired_at,"
           " d.expires_at AS device_expires_at, d.device_no AS device_no_,"
           " d.public_key AS device_public_key")

Spend = tuple[str | None, tuple[int, int]]  # the zone the spend was read for (None: not read)


def issued(device: Row, cert: codes.Certificate) -> bool:
    """Whether `cert` binds the device key and the grant the server put in the device's
    certificates. The server's signature says a certificate is one of ours; this says it
    is the one we issued for that device, so a leaked signing key can't re-sign a device's
    certificate around another key (security row 33)."""
    return (str(device["grant_id"]) == cert.grant_id
            and str(device["public_key"]) == base64.b64encode(cert.device_public_key).decode())


def current_device_and_grant(
    conn: Conn, cert: codes.Certificate, at_s: int
) -> tuple[dict[str, Any], Row, Spend] | None:
    """The device whose current certificate is `cert`'s, with its grant (locked on
    PostgreSQL) and, on SQLite, the grant's spend for the zone it last had (guessed from
    the grant the certificate names). None when no device has it as its current
    certificate, or `cert` is not the one the server issued for it."""
    found = _grant_read(conn, f"{_DEVICE},", "devices d JOIN grants g ON g.id = d.grant_id",
                        "d.cert_id", cert.cert_id_hex, cert.grant_id, at_s)
    if found is None:
        return None
    row, read = found
    device = _device_of(row)
    return (device, row, read) if issued(device, cert) else None


def _device_of(row: Row) -> dict[str, Any]:
    return {"grant_id": row["device_grant_id"], "retired_at": row["device_retired_at"],
            "expires_at": row["device_expires_at"], "device_no": row["device_no_"],
            "public_key": row["device_public_key"]}


@dataclass(frozen=True)
class FirstRead:
    """What `kinpay_pay_read` answered (PostgreSQL, a QR code)."""

    opening: Row | None  # the opening read's row (None: no such terminal)
    # The device whose current certificate is the code's, its grant (locked) and the
    # spend read after the lock; None when it stopped at a replay or found no such device.
    found: tuple[dict[str, Any], Row, Spend] | None = None
    device_use: str = ""  # the device's use key it inserted
    first_use: bool = False  # the code's use was new (its row inserted)


def first_read(
    conn: Conn, *, terminal_id: str, idem_key: str, throttle_key: str,
    cert: codes.Certificate, use_suffix: str, cert_use: str, payment_id: str, at_s: int,
) -> FirstRead:
    """PostgreSQL: a QR payment's read phase in one round trip (`kinpay_pay_read`,
    migration 0006; its docstring says what it does, in which order). The spend is read for
    the periods of the zone the grant last had here, as on SQLite. (Migration 0007 made
    its use one row.)"""
    zone = _GRANT_ZONES.get(cert.grant_id, "UTC")
    day, month = grants.periods(zone, at_s)
    public_key = base64.b64encode(cert.device_public_key).decode()
    got = conn.scalar(
        "SELECT kinpay_pay_read(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (terminal_id, idem_key, throttle_key, cert.cert_id_hex, cert.grant_id, public_key,
         day, month, use_suffix, cert_use, payment_id),
    )
    if "grant" not in got:
        return FirstRead(opening=got["opening"])
    row = got["grant"]
    device = _device_of(row)
    assert issued(device, cert), "the function found the device the certificate names"
    spent = got["spent"]
    return FirstRead(opening=got["opening"],
                     found=(device, row, (zone, (int(spent[0]), int(spent[1])))),
                     device_use=str(got["device_use"]), first_use=int(got["uses"]) == 1)


def locked_grant(conn: Conn, grant_id: str, at_s: int) -> tuple[Row, Spend]:
    """The grant, locked to the commit on PostgreSQL (server_stub/writer.py names the
    order of a payment's locks), and on SQLite its spend with it."""
    found = _grant_read(conn, "", "grants g", "g.id", grant_id, grant_id, at_s)
    assert found is not None, "a device always has its grant"
    return found


def _grant_read(
    conn: Conn, columns: str, tables: str, key_column: str, key: str, zone_of: str, at_s: int
) -> tuple[Row, Spend] | None:
    """One statement: `columns` and the grant (`g.*`) from `tables` where `key_column` is
    `key`. On PostgreSQL the grant is locked by it (FOR NO KEY UPDATE: its spend is read,
    judged and counted by one payment at a time) and the spend is never read with it: a
    statement that waited for the lock still reads the rest as of when it started (READ
    COMMITTED), so it would miss the spend of the payment it waited for. On SQLite (one
    writer) the spend comes with it, for the zone the grant `zone_of` last had."""
    if conn.kind == "postgres":
        row = conn.one(f"SELECT {columns} g.* FROM {tables}"  # noqa: S608 (names made here)
                       f" WHERE {key_column} = ? FOR NO KEY UPDATE OF g", (key,))
        return None if row is None else (row, (None, (0, 0)))
    zone = _GRANT_ZONES.get(zone_of, "UTC")
    day, month = grants.periods(zone, at_s)
    rows = conn.all(
        f"SELECT {columns} g.*, s.period AS spend_period, s.amount AS spend_amount"  # noqa: S608
        f" FROM {tables} LEFT JOIN spend s ON s.grant_id = g.id AND s.period IN (?, ?)"
        f" WHERE {key_column} = ?",
        (day, month, key),
    )
    if not rows:
        return None
    spent = {r["spend_period"]: int(r["spend_amount"]) for r in rows
             if r["spend_period"] is not None}
    return rows[0], (zone, (spent.get(day, 0), spent.get(month, 0)))


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
