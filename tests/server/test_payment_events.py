"""A payment's event, one row for its payer and its delegate (migration 0007): each of them
sees it, with the payment's whole answer, in order, and resumes without loss; nobody else
sees it; events stored the older way (a row per user) read as before."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import psycopg

from kinpay import schemas
from kinpay.client import Client, OutcomeUnknown
from kinpay.device import Device
from tests.server.helpers import Family, db_rows, now, pay, terminal, user
from tests.servers import ServerProcess

# What the till was told, as the event must repeat it (the event adds "kind").
_ANSWER = ("id", "status", "decline_code", "amount", "currency", "payer", "delegate",
           "remaining", "merchant", "grant_id", "terminal_id", "created_at")


def _payments_seen(client: Client, want: set[str], last_id: int = 0) -> list[schemas.Event]:
    """The user's payment events from `last_id` on, read until every id in `want` came (a
    stream that goes quiet first fails the test with what it had)."""
    seen: list[schemas.Event] = []
    try:
        for event in client.events(last_id=last_id, until=time.monotonic() + 15):
            if event.type == "payment":
                seen.append(event)
            if want <= {str(e.data["id"]) for e in seen}:
                return seen
    except OutcomeUnknown:
        pass
    raise AssertionError(f"waited for {sorted(want)}, saw {[e.data['id'] for e in seen]}")


def _second_payer(server: ServerProcess, fam: Family) -> tuple[Client, Device]:
    """Another payer who grants the same child, and the child's device for that grant."""
    payer = user(server.url, "payer")
    payer.top_up(50_000, "CNY")
    grant = payer.create_grant(schemas.GrantCreate(
        delegate=fam.delegate.me().name,
        limits=schemas.Limits(per_payment=5_000, daily=10_000, monthly=100_000),
        offline_cap=2_000,
    ))
    return payer, fam.delegate.pair(grant.pairing_code)


def _code(device: Device) -> str:
    t = now()
    code = device.code_at(t)
    device.bump(t)
    return code


def _write(db: str, sql: str, params: tuple[Any, ...]) -> None:
    """One statement straight into a server's database, committed (either engine)."""
    if db.startswith("postgresql://"):
        with psycopg.connect(db) as conn:
            conn.execute(sql.replace("?", "%s"), params)
        return
    with contextlib.closing(sqlite3.connect(db)) as lite, lite:
        lite.execute(sql, params)


def _as_told(payment: schemas.Payment) -> dict[str, Any]:
    told = payment.model_dump(mode="json")
    return {k: told[k] for k in _ANSWER}


def test_each_of_payer_and_delegate_sees_the_payment_and_nobody_else(
    server: ServerProcess, fam: Family, term: Client
) -> None:
    other, other_device = _second_payer(server, fam)
    try:
        p1 = pay(term, _code(fam.device), 300)
        p2 = pay(term, _code(other_device), 250)
        p3 = pay(term, _code(fam.device), 9_999)  # over the per-payment limit: declined
        assert [p.status for p in (p1, p2, p3)] == ["approved", "approved", "declined"]
        mine, theirs = {p1.id, p3.id}, {p2.id}

        child = _payments_seen(fam.delegate, mine | theirs)
        assert [e.data["id"] for e in child] == [p1.id, p2.id, p3.id]
        for event, paid in zip(child, (p1, p2, p3), strict=True):
            assert event.data["kind"] == "payment"
            assert {k: event.data[k] for k in _ANSWER} == _as_told(paid)
        # Each payer: their own payments only, the same events (same ids) as the child's.
        first = _payments_seen(fam.payer, mine)
        assert [(e.id, e.data["id"]) for e in first] == [(child[0].id, p1.id),
                                                         (child[2].id, p3.id)]
        second = _payments_seen(other, theirs)
        assert [(e.id, e.data["id"]) for e in second] == [(child[1].id, p2.id)]
        # Resumed after the first, the child gets the rest, none twice.
        resumed = _payments_seen(fam.delegate, {p2.id, p3.id}, last_id=child[0].id)
        assert [e.data["id"] for e in resumed] == [p2.id, p3.id]
        # One row each, not one per user.
        for p in (p1, p2, p3):
            assert db_rows(server.db, "SELECT COUNT(*) FROM events WHERE payment_id = ?",
                           (p.id,)) == [(1,)]
    finally:
        other.close()


def test_events_stored_a_row_per_user_read_as_before(
    server: ServerProcess, fam: Family, term: Client
) -> None:
    """What servers before migration 0007 wrote for a payment: a row for the payer and one
    for the delegate, each with the whole answer. Both still see theirs, in order, before
    a payment written now."""
    old = {"id": "0" * 32, "status": "approved", "amount": 123, "currency": "CNY",
           "kind": "payment", "note": "written the older way"}
    text = json.dumps(old)
    t = now()
    _write(server.db, "INSERT INTO events (user_id, type, data, created_at)"
           " VALUES (?, 'payment', ?, ?), (?, 'payment', ?, ?)",
           (fam.payer.me().id, text, t, fam.delegate.me().id, text, t))
    new = pay(term, _code(fam.device), 400)
    for who in (fam.payer, fam.delegate):
        seen = _payments_seen(who, {old["id"], new.id})
        assert [e.data["id"] for e in seen] == [old["id"], new.id]
        assert seen[0].data == old
        assert seen[1].data["amount"] == 400 and seen[1].data["kind"] == "payment"



def _first_payments(client: Client, count: int) -> list[schemas.Event]:
    """The user's first `count` payment events, read from the start of the user's events
    as they come (a stream that goes quiet first fails the test with what it had)."""
    seen: list[schemas.Event] = []
    try:
        for event in client.events(last_id=0, until=time.monotonic() + 30):
            if event.type == "payment":
                seen.append(event)
                if len(seen) == count:
                    return seen
    except OutcomeUnknown:
        pass
    raise AssertionError(f"waited for {count} payment events, saw {len(seen)}")


def test_a_childs_stream_misses_no_payment_while_its_grants_pay_at_once(
    server: ServerProcess, fam: Family, term: Client
) -> None:
    """A child with four allowances (four parents, say): payments of different grants
    commit side by side (on PostgreSQL: several writer threads, row locks), each event one
    row for its payer and the child. A stream sends what came after the last id it sent,
    so one user's event ids must commit in order (the event locks): the child's stream,
    open while they pay, gets every payment once, in id order; each payer's gets theirs in
    the order paid."""
    payers, devices = [fam.payer], [fam.device]
    for _ in range(3):
        payer, device = _second_payer(server, fam)
        payers.append(payer)
        devices.append(device)
    tills = [term] + [terminal(server.db, server.url) for _ in range(3)]
    rounds = 20
    paid: list[list[str]] = [[] for _ in payers]

    def pay_all(n: int) -> None:
        for _ in range(rounds):
            p = pay(tills[n], _code(devices[n]), 10)
            assert p.status == "approved", p
            paid[n].append(p.id)

    try:
        with ThreadPoolExecutor(len(payers) + 1) as pool:
            child = pool.submit(_first_payments, fam.delegate, len(payers) * rounds)
            for job in [pool.submit(pay_all, n) for n in range(len(payers))]:
                job.result()
            seen = child.result()
        assert sorted(e.data["id"] for e in seen) == sorted(i for ids in paid for i in ids)
        assert [e.id for e in seen] == sorted({e.id for e in seen})  # in order, none twice
        for payer, theirs in zip(payers, paid, strict=True):
            assert [e.data["id"] for e in _first_payments(payer, rounds)] == theirs
    finally:
        for payer in payers[1:]:
            payer.close()
        for till in tills[1:]:
            till.close()
