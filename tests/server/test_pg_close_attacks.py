"""Attacks on the PostgreSQL payment in two round trips (migration 0006): bursts that run
the payer's balance out (the KP402 path under load), limits running out mid-burst, one
code at many tills, one Idempotency-Key in flight twice, split and partial sales whose
close finds the payer short (its KP402 path), on both engines. Each test keeps its own
record of what must hold: the payer's balance, what was approved, the transfers, the
grants' spend, `kinpay check`."""

from __future__ import annotations

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psycopg
import pytest

from kinpay import schemas
from kinpay.client import Client, new_idempotency_key
from tests.server.helpers import (
    Family,
    check_ledger,
    db_rows,
    family,
    now,
    payer_balance,
    terminal,
    user,
)
from tests.server.test_payments import fresh
from tests.servers import Postgres, ServerProcess


def _grants_of_one_payer(url: str, n: int, balance: int,
                         limits: tuple[int, int, int]) -> tuple[Client, list[Family]]:
    payer = user(url, "payer")
    payer.top_up(balance, "CNY")
    fams = []
    for _ in range(n):
        kid = user(url, "delegate")
        g = payer.create_grant(schemas.GrantCreate(
            delegate=kid.me().name,
            limits=schemas.Limits(per_payment=limits[0], daily=limits[1], monthly=limits[2]),
            offline_cap=min(2_000, limits[0])))
        fams.append(Family(payer=payer, delegate=kid, grant=g, device=kid.pair(g.pairing_code)))
    return payer, fams


def _burst(tills: list[Client], jobs: list[tuple[str, int, dict[str, Any]]]) -> list[Any]:
    gate = threading.Barrier(len(jobs))

    def one(i: int) -> Any:
        code, amount, more = jobs[i]
        gate.wait(20)
        p, _ = tills[i % len(tills)].pay(code, amount, "CNY",
                                          idempotency_key=new_idempotency_key(), **more)
        return p

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(one, range(len(jobs))))


def _jobs(fams: list[Family], t: int, amounts: list[int]) -> list[tuple[str, int, dict[str, Any]]]:
    """A fresh code for each amount, from the families' tablets in turn."""
    jobs: list[tuple[str, int, dict[str, Any]]] = []
    for i, amount in enumerate(amounts):
        f = fams[i % len(fams)]
        jobs.append((f.device.code_at(t), amount, {}))
        f.device.bump(t)
    return jobs


def _approved_rows(db: str, payer_grants: list[str]) -> tuple[int, int, int]:
    marks = ", ".join("?" for _ in payer_grants)
    n, total = db_rows(db, f"SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM payments"
                        f" WHERE status = 'approved' AND grant_id IN ({marks})",
                        tuple(payer_grants))[0]
    [(t,)] = db_rows(db, f"SELECT COUNT(*) FROM transfers t JOIN payments p ON p.id = t.ref_id"
                      f" WHERE p.grant_id IN ({marks})", tuple(payer_grants))
    return int(n), int(total), int(t)


@pytest.mark.parametrize("shops", [1, 4])
def test_a_burst_on_one_payers_grants_runs_the_balance_out(
    server: ServerProcess, shops: int
) -> None:
    balance = 7_300
    payer, fams = _grants_of_one_payer(server.url, 3, balance, (5_000, 100_000, 100_000))
    tills = [terminal(server.db, server.url) for _ in range(shops)]
    t = now()
    jobs = _jobs(fams, t, [500 + (i % 4) * 100 for i in range(30)])
    got = _burst(tills, jobs)
    approved = [p for p in got if p.status == "approved"]
    declined = {p.decline_code for p in got if p.status != "approved"}
    assert declined <= {"insufficient_funds"}, declined
    spent = sum(p.amount for p in approved)
    assert payer.account().balances[0].balance == balance - spent >= 0
    assert balance - spent < 500  # it ran out: no 500 would have fitted
    n, total, transfers = _approved_rows(server.db, [f.grant.id for f in fams])
    assert (n, total, transfers) == (len(approved), spent, len(approved))
    for f in fams:
        mine = sum(p.amount for p in approved if p.grant_id == f.grant.id)
        assert payer.grant(f.grant.id).spending.today == mine
    assert check_ledger(server.db)["exit"] == 0
    for till in tills:
        till.close()
    for f in fams:
        f.delegate.close()
    payer.close()


def test_split_and_partial_sales_whose_close_finds_the_payer_short(server: ServerProcess) -> None:
    fam = family(server.url, balance=1_000, allow_partial=True)
    till = terminal(server.db, server.url)
    cash = [schemas.Tender(kind="cash", amount=300)]
    # 1,500 with 300 in cash: the code is asked for 1,200, more than the 1,000 there.
    key = new_idempotency_key()
    code = fresh(fam.device)
    p, _ = till.pay(code, 1_500, "CNY", idempotency_key=key, tenders=cash, partial=True)
    assert (p.status, p.decline_code, p.amount) == ("declined", "insufficient_funds", 1_200)
    again, replayed = till.pay(code, 1_500, "CNY", idempotency_key=key, tenders=cash,
                               partial=True)
    assert replayed and again.model_dump() == p.model_dump()
    assert db_rows(server.db, "SELECT COUNT(*) FROM transfers WHERE ref_id = ?", (p.id,)) == [(0,)]
    assert db_rows(server.db, "SELECT sale_total, tenders FROM payments WHERE id = ?",
                    (p.id,))[0][0] == 1_500
    assert payer_balance(fam) == 1_000
    # Then one that fits, split: 900 from the code.
    ok, _ = till.pay(fresh(fam.device), 1_200, "CNY", idempotency_key=new_idempotency_key(),
                     tenders=cash, partial=True)
    assert (ok.status, ok.amount) == ("approved", 900)
    assert payer_balance(fam) == 100
    assert fam.payer.grant(fam.grant.id).spending.today == 900
    assert db_rows(server.db, "SELECT SUM(amount) FROM transfers WHERE ref_id = ?",
                    (ok.id,)) == [(900,)]
    assert check_ledger(server.db)["exit"] == 0
    till.close()
    fam.close()


def test_one_key_in_flight_eight_times_on_a_short_payer(server: ServerProcess) -> None:
    fam = family(server.url, balance=500)
    till = terminal(server.db, server.url)
    key = new_idempotency_key()
    code = fresh(fam.device)
    gate = threading.Barrier(8)

    def one(_: int) -> tuple[dict[str, Any], bool]:
        gate.wait(20)
        p, replayed = till.pay(code, 700, "CNY", idempotency_key=key)
        return p.model_dump(), replayed

    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(one, range(8)))
    assert sum(1 for _, r in got if not r) == 1
    assert all(p == got[0][0] for p, _ in got)
    assert got[0][0]["decline_code"] == "insufficient_funds"
    assert db_rows(server.db, "SELECT COUNT(*) FROM payments WHERE idem_key = ?", (key,)) == [(1,)]
    assert payer_balance(fam) == 500
    till.close()
    fam.close()


def test_limits_run_out_mid_burst_with_the_balance(server: ServerProcess) -> None:
    payer, fams = _grants_of_one_payer(server.url, 2, 4_000, (1_000, 2_500, 100_000))
    tills = [terminal(server.db, server.url) for _ in range(4)]
    t = now()
    jobs = _jobs(fams, t, [600] * 24)
    got = _burst(tills, jobs)
    approved = [p for p in got if p.status == "approved"]
    for f in fams:
        mine = sum(p.amount for p in approved if p.grant_id == f.grant.id)
        assert mine <= 2_500
        assert payer.grant(f.grant.id).spending.today == mine
    assert len(approved) == 6  # 4 a grant fit the day (2,400), 6 the balance (3,600)
    assert payer.account().balances[0].balance == 4_000 - 3_600
    n, total, transfers = _approved_rows(server.db, [f.grant.id for f in fams])
    assert (n, total, transfers) == (6, 3_600, 6)
    assert check_ledger(server.db)["exit"] == 0
    for till in tills:
        till.close()
    for f in fams:
        f.delegate.close()
    payer.close()


def test_split_sales_whose_close_finds_the_payer_short_never_break_a_writer(
    server: ServerProcess,
) -> None:
    """A shop sells to a child whose parent is short, taking part of each sale in cash: on
    PostgreSQL each such close failed (KP402) with the split's own statements already
    sent after it in the pipeline, where psycopg counted them towards preparing and
    remembered as prepared one the server never made. From then on that writer connection
    answered every split sale 503 ("prepared statement _pg3_3 does not exist"): the 19th
    of these sales in a row did, and every split sale after it on that connection."""
    fam = family(server.url, balance=1_000)
    till = _no_retries(terminal(server.db, server.url))
    cash = [schemas.Tender(kind="cash", amount=300)]
    for n in range(36):  # 6 writer connections, each past psycopg's threshold (5)
        p, _ = till.pay(fresh(fam.device), 1_500, "CNY", idempotency_key=new_idempotency_key(),
                        tenders=cash)
        assert (n, p.status, p.decline_code, p.amount) == (
            n, "declined", "insufficient_funds", 1_200)
    assert payer_balance(fam) == 1_000
    # Sales that fit still pay on every connection, split or not.
    for n in range(12):
        split = n % 2 == 1
        p, _ = till.pay(fresh(fam.device), 380 if split else 80, "CNY",
                        idempotency_key=new_idempotency_key(), tenders=cash if split else [])
        assert (n, p.status, p.amount) == (n, "approved", 80)
    assert payer_balance(fam) == 1_000 - 12 * 80
    assert fam.payer.grant(fam.grant.id).spending.today == 12 * 80
    assert check_ledger(server.db)["exit"] == 0
    till.close()
    fam.close()


def _no_retries(till: Client) -> Client:
    """The till, answered once: a 503 is not sent again (the client would, with the same
    key, and another writer connection would hide a broken one)."""
    once = Client(till.base_url, token=till.token, retries=0)
    till.close()
    return once


def _blocked_by(watch: psycopg.Connection[Any], holder: int) -> bool:
    """Whether a session of the database now waits on a lock session `holder` holds."""
    row = watch.execute("SELECT COUNT(*) FROM pg_stat_activity"
                        " WHERE %s = ANY(pg_blocking_pids(pid))", (holder,)).fetchone()
    return row is not None and int(row[0]) > 0


@pytest.mark.postgres
def test_a_new_shops_first_payment_racing_another_never_breaks_a_writer(
    postgres: Postgres, tmp_path: Path
) -> None:
    """A new shop's first two payments at once (two tills) both make the shop's account:
    one meets a unique violation (23505) and runs again, as designed. But its failed
    INSERT had the rest of the payment behind it in the pipeline, the close among them;
    when that was the close psycopg meant to prepare on its connection (its 6th), psycopg
    remembered it as prepared and the server never made it. From then on that writer
    connection answered every payment 503 ("prepared statement _pg3_3 does not exist"),
    until a restart. The race is made certain here: another session holds the shop's
    account row, not yet committed, until the payment waits for it, then commits. A fresh
    server, so its connections have prepared nothing yet; 20 of 30 payments race."""
    db = postgres.create_db(f"newshop_{uuid.uuid4().hex[:8]}")
    server = ServerProcess(db=db, log_path=tmp_path / "server.log").start()
    fam: Family | None = None
    try:
        fam = family(server.url, balance=100_000)
        old = _no_retries(terminal(db, server.url))
        for n in range(30):
            if n % 3 == 0:
                paid, _ = old.pay(fresh(fam.device), 100, "CNY",
                                  idempotency_key=new_idempotency_key())
                assert (n, paid.status) == (n, "approved")
                continue
            name = f"shop-{uuid.uuid4().hex[:8]}"
            till = _no_retries(terminal(db, server.url, merchant=name))
            code = fresh(fam.device)
            with psycopg.connect(db, autocommit=True) as other, \
                    psycopg.connect(db, autocommit=True) as watch, \
                    ThreadPoolExecutor(max_workers=1) as pool:
                [(mid,)] = other.execute("SELECT id FROM merchants WHERE name = %s",
                                         (name,)).fetchall()
                other.execute("BEGIN")
                other.execute("INSERT INTO accounts (id, kind, owner_id, currency, balance)"
                              " VALUES (%s, 'merchant', %s, 'CNY', 0)", (uuid.uuid4().hex, mid))
                paying = pool.submit(till.pay, code, 100, "CNY",
                                     idempotency_key=new_idempotency_key())
                deadline = time.monotonic() + 20
                while not _blocked_by(watch, other.info.backend_pid):
                    assert time.monotonic() < deadline, "the payment never met the held row"
                    assert not paying.done(), paying.result()
                    time.sleep(0.02)
                other.execute("COMMIT")
                paid, _ = paying.result(timeout=30)
            assert (n, paid.status) == (n, "approved")
            till.close()
        assert payer_balance(fam) == 100_000 - 30 * 100
        assert check_ledger(db)["exit"] == 0
        old.close()
    finally:
        if fam is not None:
            fam.close()
        server.stop()
