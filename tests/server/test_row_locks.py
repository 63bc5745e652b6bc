"""Payments of different payers never wait on each other (PostgreSQL, two server processes).

The test takes one payer's locks itself, on its own connection to the database, as a
long payment of that payer would: the grant's row and the payer's account. Meanwhile a
payment of that payer waits (PostgreSQL shows it blocked by the test's connection), and
payments of other payers, sent to the two server processes, are approved. When the test
lets go, the waiting payment is approved once, and the ledger balances.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psycopg
import pytest

from kinpay.client import Client
from tests.reliability.kit import quick_families, terminals
from tests.server.helpers import check_ledger, now, pay, payer_balance
from tests.servers import Postgres, ServerProcess

pytestmark = pytest.mark.postgres

OTHERS = 4  # payers who pay while the first is held
WAIT_LIMIT_S = 30.0  # how long the test looks for the held payment's wait, at most
ANSWER_WAIT_S = 90.0  # a till's patience (the held payment waits for the test)


@pytest.fixture(scope="module")
def two_procs(
    postgres: Postgres, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    url = postgres.create_db(f"rowlocks_{os.getpid()}")
    log: Path = tmp_path_factory.mktemp("rowlocks") / "server.log"
    server = ServerProcess(db=url, workers=2, log_path=log).start()
    try:
        yield server
    finally:
        server.stop()


def _blocked_by(watch: psycopg.Connection[tuple[object, ...]], holder: int) -> list[str]:
    """The queries of the database's sessions now waiting on a lock session `holder` holds
    (each with its state and wait, for the message if the test fails)."""
    rows = watch.execute(
        "SELECT query, state, wait_event_type, wait_event, backend_type FROM pg_stat_activity"
        " WHERE %s = ANY(pg_blocking_pids(pid))", (holder,)
    ).fetchall()
    return [" | ".join(str(c) for c in r) for r in rows]


def _wait_for_blocked(watch: psycopg.Connection[tuple[object, ...]], holder: int,
                      held: Future[Any], at: str) -> list[str]:
    """Polls until a session waiting on `holder` runs `at`; every other blocked session
    seen on the way is kept for the failure message."""
    deadline = time.monotonic() + WAIT_LIMIT_S
    seen: list[str] = []
    while time.monotonic() < deadline:
        found = _blocked_by(watch, holder)
        if any(at in q for q in found):
            return found
        seen += [q for q in found if q not in seen]
        assert not held.done(), f"the held payer's payment finished: {held.result()}"
        time.sleep(0.05)
    raise AssertionError(f"the held payer's payment never waited in {at}; blocked: {seen}")


def test_a_held_payer_does_not_stop_the_others(two_procs: ServerProcess) -> None:
    server = two_procs
    held, *others = quick_families(server.db, server.url, OTHERS + 1)
    # Patient tills: the held payment is answered only when the test lets go.
    tills = [Client(server.url, token=t.token, timeout_s=ANSWER_WAIT_S, retries=0)
             for t in terminals(server.db, server.url, OTHERS + 1)]
    start = {id(f): payer_balance(f) for f in [held, *others]}
    t = now()
    with (
        psycopg.connect(server.db, autocommit=False) as lock_conn,
        psycopg.connect(server.db, autocommit=True) as watch,
        ThreadPoolExecutor(max_workers=OTHERS + 1) as pool,
    ):
        # The held payer's rows, locked as a payment locks them (and kept till rollback).
        lock_conn.execute("SELECT 1 FROM grants WHERE id = %s FOR NO KEY UPDATE",
                          (held.grant.id,))
        lock_conn.execute(
            "SELECT 1 FROM accounts WHERE kind = 'payer' AND owner_id = %s FOR UPDATE",
            (held.payer.me().id,),
        )
        waiting = pool.submit(pay, tills[0], held.device.code_at(t), 700)
        holder = lock_conn.info.backend_pid
        # It waits at the grant's lock: a QR payment takes it in kinpay_pay_read (0006).
        _wait_for_blocked(watch, holder, waiting, "kinpay_pay_read")
        # Other payers pay while the first is held, each till on its own connection (the
        # two server processes take connections from one listening socket).
        paid = [pool.submit(pay, tills[i + 1], f.device.code_at(t), 300 + i)
                for i, f in enumerate(others)]
        answers = [p.result(timeout=60) for p in paid]
        assert [a.status for a in answers] == ["approved"] * OTHERS
        assert not waiting.done(), "the held payer's payment went through its locks"
        assert _blocked_by(watch, holder), "the held payer's payment stopped waiting"
        lock_conn.rollback()
        first = waiting.result(timeout=60)
    assert first.status == "approved"
    assert payer_balance(held) == start[id(held)] - 700
    for i, f in enumerate(others):
        assert payer_balance(f) == start[id(f)] - (300 + i)
    report = check_ledger(server.db)
    assert report["ok"], report["problems"]
    for f in [held, *others]:
        f.close()
    for till in tills:
        till.close()
