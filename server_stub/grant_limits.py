"""Bounds on grants (docs/security.md row "grants flood a child"): how many a payer may make
an hour, how many a delegate may hold at once, and how many a delegate's list answers.

Any payer may name any delegate (there is no family link between accounts yet), so without
these a stranger's free account made allowances for a child by the thousand: each a 201 with
a pairing code, each a "grant" event on the child's stream, the child's list growing without
end. The numbers are generous for a family (a parent gives a child one or two allowances at
a time, a few children at most) and small for a flood.
"""

from __future__ import annotations

import json

from server_stub import auth, limits
from server_stub.auth import UserPrincipal
from server_stub.db import Conn, Row
from server_stub.errors import Conflict, TooMany

# Grants one payer may make in an hour (counted when one is made, in its transaction: a
# refused or invalid one is not counted). At the limit the payer makes none for an hour.
GRANTS_PER_PAYER_HOUR = 30
MADE_PER_HOUR = limits.Rule("grant-made", GRANTS_PER_PAYER_HOUR, 3600, 3600)
# Grants a delegate may hold at once that neither were revoked nor ran out: the ones not
# paired yet (pending) and the paired ones together, from every payer.
OPEN_PER_DELEGATE = 20
# ... and of those, from one payer (one stranger's account can't take every place).
OPEN_PER_PAYER_AND_DELEGATE = 10
# A delegate's `GET /v1/grants`: the newest grants that run (at most OPEN_PER_DELEGATE of
# them are not run out, the cap above), then the newest that ended.
LISTED_RUNNING = 100
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
    this hour, 409 when the delegate holds OPEN_PER_DELEGATE open grants (or this payer
    OPEN_PER_PAYER_AND_DELEGATE of them). A name that is no delegate passes: `grants.create`
    answers it."""
    delegate = auth.find_user(conn, delegate_name, "id, role")
    if delegate is None or delegate["role"] != "delegate":
        return
    rows = conn.all(
        "SELECT payer_id, rules FROM grants WHERE delegate_id = ? AND status = 'active'",
        (delegate["id"],),
    )
    running = _open(rows, now_s)
    if len(running) >= OPEN_PER_DELEGATE:
        raise Conflict(
            f"{delegate_name} already has {OPEN_PER_DELEGATE} allowances that run (paired or"
            " waiting to be paired): stop one before giving another", code="too_many_grants")
    mine = sum(1 for r in running if r["payer_id"] == payer.id)
    if mine >= OPEN_PER_PAYER_AND_DELEGATE:
        raise Conflict(
            f"you already give {delegate_name} {OPEN_PER_PAYER_AND_DELEGATE} allowances that"
            " run (paired or waiting to be paired): stop one before giving another",
            code="too_many_grants")
    wait = limits.take(conn, MADE_PER_HOUR, payer.id, now_s)
    if wait:
        raise TooMany(
            f"at most {GRANTS_PER_PAYER_HOUR} new allowances an hour: try again later", wait)


def delegate_rows(conn: Conn, delegate_id: str) -> list[Row]:
    """A delegate's grants for its list, newest first: the newest LISTED_RUNNING that were
    not revoked and the newest LISTED_ENDED that were."""
    running = conn.all(
        "SELECT * FROM grants WHERE delegate_id = ? AND status = 'active'"
        " ORDER BY created_at DESC LIMIT ?", (delegate_id, LISTED_RUNNING))
    ended = conn.all(
        "SELECT * FROM grants WHERE delegate_id = ? AND status <> 'active'"
        " ORDER BY created_at DESC LIMIT ?", (delegate_id, LISTED_ENDED))
    return sorted([*running, *ended], key=lambda r: int(r["created_at"]), reverse=True)
