"""Bounds on grants (docs/security.md rows "grants flood a child" and "strangers' offers take
a child's places"): how many a payer may make an hour, how many a delegate may use at once,
and how many a delegate's list answers.

Any payer may name any delegate (there is no family link between accounts), so without
these a stranger's free account made allowances for a child by the thousand: each a 201 with
a pairing code, each a "grant" event on the child's stream, the child's list growing without
end. A grant nobody paired is an offer: it spends nothing until a tablet signed in as the
child types its pairing code (the child's yes). So a child's places are counted in what the
child said yes to (paired grants), not in offers, which a stranger could make to fill them;
offers are bounded per payer (a few a child, a few dozen an hour) and by how many accounts an
address may make. The numbers are generous for a family (a parent gives a child one or two
allowances at a time, a few children at most) and small for a flood.
"""

from __future__ import annotations

import json

from server_stub import auth, limits
from server_stub.auth import UserPrincipal
from server_stub.db import Conn, Row
from server_stub.errors import BadInput, Conflict, TooMany

# Grants one payer may make in an hour (counted when one is made, in its transaction: a
# refused or invalid one is not counted). At the limit the payer makes none for an hour.
GRANTS_PER_PAYER_HOUR = 30
MADE_PER_HOUR = limits.Rule("grant-made", GRANTS_PER_PAYER_HOUR, 3600, 3600)
# Grants a delegate may use at once: paired (a tablet signed in as the delegate typed the
# pairing code), neither revoked nor run out, from every payer. Offers not paired yet don't
# take a place; pairing past the cap is refused (409), and so is a new grant then.
OPEN_PER_DELEGATE = 20
# Grants from one payer to one delegate that run, paired or offered (one stranger's account
# keeps few offers in the child's name).
OPEN_PER_PAYER_AND_DELEGATE = 10
# A delegate's `GET /v1/grants`: the paired grants that run (at most OPEN_PER_DELEGATE are not
# run out, the cap above), the newest offers not paired yet, then the newest that ended.
LISTED_RUNNING = 100
LISTED_OFFERS = 30
LISTED_ENDED = 50


def _open(rows: list[Row], now_s: int) -> list[Row]:
    """The rows that neither were revoked nor ran out (their rules' `expires_at`)."""
    found = []
    for row in rows:
        expires = json.loads(str(row["rules"])).get("expires_at")
        if expires is None or int(expires) > now_s:
            found.append(row)
    return found


def check_new(conn: Conn, payer: UserPrincipal, delegate_name: str, now_s: int) -> None:
    """Writer job, before a grant is made: 429 when the payer made GRANTS_PER_PAYER_HOUR
    this hour, 409 when the delegate uses OPEN_PER_DELEGATE paired grants (a new one could
    never be paired) or this payer gives it OPEN_PER_PAYER_AND_DELEGATE that run, paired or
    not. A name that is no delegate passes: `grants.create` answers it."""
    delegate = auth.find_user(conn, delegate_name, "id, role")
    if delegate is None or delegate["role"] != "delegate":
        return
    if len(_paired_running(conn, str(delegate["id"]), now_s)) >= OPEN_PER_DELEGATE:
        raise Conflict(
            f"{delegate_name} already uses {OPEN_PER_DELEGATE} allowances: stop one before"
            " giving another", code="too_many_grants")
    mine = conn.all(
        "SELECT rules FROM grants WHERE delegate_id = ? AND payer_id = ? AND status = 'active'",
        (delegate["id"], payer.id))
    if len(_open(mine, now_s)) >= OPEN_PER_PAYER_AND_DELEGATE:
        raise Conflict(
            f"you already give {delegate_name} {OPEN_PER_PAYER_AND_DELEGATE} allowances that"
            " run (paired or waiting to be paired): stop one before giving another",
            code="too_many_grants")
    wait = limits.take(conn, MADE_PER_HOUR, payer.id, now_s)
    if wait:
        raise TooMany(
            f"at most {GRANTS_PER_PAYER_HOUR} new allowances an hour: try again later", wait)


def check_pair(conn: Conn, grant: Row, now_s: int) -> None:
    """Writer job, before a tablet pairs with `grant`: 409 when its delegate already uses
    OPEN_PER_DELEGATE other paired grants. Pairing a grant again (a new tablet) takes no
    new place."""
    used = _paired_running(conn, str(grant["delegate_id"]), now_s)
    if len(used) >= OPEN_PER_DELEGATE and grant["id"] not in {r["id"] for r in used}:
        raise Conflict(
            f"this child already uses {OPEN_PER_DELEGATE} allowances: a parent stops one"
            " before another is paired", code="too_many_grants")


def _paired_running(conn: Conn, delegate_id: str, now_s: int) -> list[Row]:
    rows = conn.all(
        "SELECT id, rules FROM grants WHERE delegate_id = ? AND status = 'active'"
        " AND EXISTS (SELECT 1 FROM devices d WHERE d.grant_id = grants.id)", (delegate_id,))
    return _open(rows, now_s)


def delegate_rows(conn: Conn, delegate_id: str) -> list[Row]:
    """A delegate's grants for its list, newest first: the newest LISTED_RUNNING paired that
    were not revoked, the newest LISTED_OFFERS not paired (a stranger's offers don't push the
    child's own allowances out), and the newest LISTED_ENDED that were revoked."""
    running = conn.all(
        "SELECT * FROM grants WHERE delegate_id = ? AND status = 'active'"
        " AND EXISTS (SELECT 1 FROM devices d WHERE d.grant_id = grants.id)"
        " ORDER BY created_at DESC LIMIT ?", (delegate_id, LISTED_RUNNING))
    running += conn.all(
        "SELECT * FROM grants WHERE delegate_id = ? AND status = 'active'"
        " AND NOT EXISTS (SELECT 1 FROM devices d WHERE d.grant_id = grants.id)"
        " ORDER BY created_at DESC LIMIT ?", (delegate_id, LISTED_OFFERS))
    ended = conn.all(
        "SELECT * FROM grants WHERE delegate_id = ? AND status <> 'active'"
        " ORDER BY created_at DESC LIMIT ?", (delegate_id, LISTED_ENDED))
    return sorted([*running, *ended], key=lambda r: int(r["created_at"]), reverse=True)


def check_change(conn: Conn, payer: UserPrincipal, row: Row, old_expires: int | None,
                 new_expires: int | None, now_s: int) -> None:
    """Writer job, before a grant's rules change: an end date is in the future (400
    `bad_expiry`, as for a new grant: an end set in the past declined the offline sales
    made while the grant ran, and needed no password as a tightening; docs/security.md
    row 76); and a grant that ran out, made to run again, passes the bounds a new one does
    (its payer's share of the child's offers, the child's places if it was paired, the
    payer's new grants this hour): an offer let run out and revived was a new offer past
    every cap."""
    if new_expires is not None and new_expires != old_expires and new_expires <= now_s:
        raise BadInput("the expiry must be in the future", code="bad_expiry")
    ran_out = old_expires is not None and old_expires <= now_s
    if not ran_out or (new_expires is not None and new_expires <= now_s):
        return  # it runs, or stays run out: no new place taken
    delegate = str(row["delegate_id"])
    mine = conn.all("SELECT rules FROM grants WHERE delegate_id = ? AND payer_id = ?"
                    " AND status = 'active'", (delegate, payer.id))
    if len(_open(mine, now_s)) >= OPEN_PER_PAYER_AND_DELEGATE:
        raise Conflict(f"you already give this child {OPEN_PER_PAYER_AND_DELEGATE} allowances"
                       " that run: stop one before renewing another", code="too_many_grants")
    if (paired(conn, str(row["id"]))
            and len(_paired_running(conn, delegate, now_s)) >= OPEN_PER_DELEGATE):
        raise Conflict(f"this child already uses {OPEN_PER_DELEGATE} allowances: stop one"
                       " before renewing another", code="too_many_grants")
    wait = limits.take(conn, MADE_PER_HOUR, payer.id, now_s)
    if wait:
        raise TooMany(
            f"at most {GRANTS_PER_PAYER_HOUR} new allowances an hour: try again later", wait)


def paired(conn: Conn, grant_id: str) -> bool:
    """Whether a tablet signed in as the delegate ever paired with the grant (its yes)."""
    return conn.one("SELECT 1 AS x FROM devices WHERE grant_id = ? LIMIT 1",
                    (grant_id,)) is not None


def delegate_hears(conn: Conn, grant_id: str, what: str) -> bool:
    """Whether a grant's event goes to its delegate too: once paired (the tablet follows
    its own grant's changes); an offer's making and changes are its payer's alone (a
    stranger's changes to an offer were an event on the child's stream each, 300 in 12 s)."""
    return what == "paired" or paired(conn, grant_id)
