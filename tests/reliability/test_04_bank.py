"""Item 4. Bank test: many terminals pay from a few hot accounts (and refund into them) for a
bounded time while a reader takes the total again and again. Every read of the total is
right, no balance goes below zero, and balances equal postings at every read. The test keeps
its own record of every approved payment and accepted refund and checks each payer's and
each shop's balance, as the API answers it, against the balances that record implies."""

from __future__ import annotations

import random
import threading
import time

import pytest

from kinpay.client import new_idempotency_key
from kinpay.errors import ApiError
from tests.reliability.kit import (
    api_balance,
    close_all,
    peek,
    quick_families,
    report,
    scale,
    terminals,
)
from tests.server.helpers import check_ledger, now
from tests.servers import ServerProcess

pytestmark = pytest.mark.soak

RUN_S = scale(3.0, 60.0)
HOT = 3
TERMINALS = scale(12, 32)
START_MINOR = 20_000  # each hot payer's balance before the run


@pytest.mark.timeout(scale(300, 900))
def test_hot_accounts_keep_their_total_under_concurrent_payments(
    server: ServerProcess, engine: str
) -> None:
    fams = quick_families(server.db, server.url, HOT, balance=START_MINOR,
                          limits=(2_000, 10_000_000, 100_000_000))
    terms = terminals(server.db, server.url, TERMINALS)
    locks = [threading.Lock() for _ in fams]
    payer_ids = [f.payer.me().id for f in fams]
    with peek(server.db) as c:
        total = int(c.scalar("SELECT SUM(balance) FROM accounts WHERE kind <> 'funding'"))
    stop = threading.Event()
    counts = {"approved": 0, "declined": 0, "refunds": 0}
    count_lock = threading.Lock()
    # The test's own record: (hot payer, terminal, +amount paid / -amount refunded), and
    # every refund the server refused with its status and code (none may be: a terminal
    # refunds only its own approved payment, in full, once).
    record: list[tuple[int, int, int]] = []
    refused: list[tuple[str, int, str]] = []

    def till(i: int) -> None:
        rng = random.Random(i)
        term = terms[i]
        mine: list[tuple[str, int]] = []
        while not stop.is_set():
            h = rng.randrange(HOT)
            if mine and rng.random() < 0.3:
                pid, amount, paid_by = mine.pop()
                try:
                    term.refund(pid, amount, idempotency_key=new_idempotency_key())
                except ApiError as exc:
                    with count_lock:
                        refused.append((pid, exc.status, str(exc.code)))
                    continue
                with count_lock:
                    counts["refunds"] += 1
                    record.append((paid_by, i, -amount))
                time.sleep(0.04)  # under the server's flood guard (30 requests a second)
                continue
            with locks[h]:
                t = now()
                code = fams[h].device.code_at(t)
                fams[h].device.bump(t)
            amount = rng.randint(1, 2_000)
            payment, _ = term.pay(code, amount, "CNY", idempotency_key=new_idempotency_key())
            with count_lock:
                counts[payment.status] += 1
                if payment.status == "approved":
                    record.append((h, i, amount))
            if payment.status == "approved":
                mine.append((payment.id, amount, h))
            else:
                assert payment.decline_code == "insufficient_funds", payment.decline_code
            time.sleep(0.04)  # under the server's flood guard (30 requests a second a client)

    threads = [threading.Thread(target=till, args=(i,), daemon=True) for i in range(TERMINALS)]
    for th in threads:
        th.start()
    reads = wrong_total = below_zero = unbalanced = 0
    deadline = time.monotonic() + RUN_S
    with peek(server.db) as c:
        marks = ",".join("?" * len(payer_ids))
        while time.monotonic() < deadline:
            c.execute("BEGIN")  # one snapshot for every figure of this read
            try:
                got = int(c.scalar("SELECT SUM(balance) FROM accounts WHERE kind <> 'funding'"))
                zero = int(c.scalar("SELECT SUM(balance) FROM accounts"))
                low = int(c.scalar(
                    "SELECT COUNT(*) FROM accounts WHERE kind <> 'funding' AND balance < 0"
                ))
                hot = c.all(
                    f"SELECT a.balance, COALESCE((SELECT SUM(amount) FROM transfers"
                    f" WHERE credit_account = a.id), 0) - COALESCE((SELECT SUM(amount)"
                    f" FROM transfers WHERE debit_account = a.id), 0) AS net FROM accounts a"
                    f" WHERE a.kind = 'payer' AND a.owner_id IN ({marks})",
                    payer_ids,
                )
            finally:
                c.execute("COMMIT")
            reads += 1
            wrong_total += got != total or zero != 0
            below_zero += low
            unbalanced += sum(1 for r in hot if int(r["balance"]) != int(r["net"]))
            time.sleep(0.02)
    stop.set()
    for th in threads:
        th.join(30)
    assert not any(th.is_alive() for th in threads), "a till never stopped"
    # Through the API as well: each payer sees a balance that is never negative, and every
    # balance is what the test's own record of answers says it must be.
    api_negative = sum(1 for f in fams for b in f.payer.account().balances if b.balance < 0)
    want_payers = [START_MINOR - sum(a for h, _t, a in record if h == k) for k in range(HOT)]
    want_shops = [sum(a for _h, t, a in record if t == k) for k in range(TERMINALS)]
    got_payers = [api_balance(f.payer) for f in fams]
    got_shops = [api_balance(t) for t in terms]
    report("04", "reads of the total", reads, engine=engine)
    report("04", "wrong totals", wrong_total, engine=engine)
    report("04", "balances below zero", below_zero + api_negative, engine=engine)
    report("04", "balances not equal to postings", unbalanced, engine=engine)
    report("04", "payments approved / declined / refunds",
           f"{counts['approved']} / {counts['declined']} / {counts['refunds']}", engine=engine)
    report("04", "refunds refused", len(refused), engine=engine)
    report("04", "balances off the test's own record (API)",
           sum(g != w for g, w in zip(got_payers + got_shops, want_payers + want_shops,
                                      strict=True)), engine=engine)
    assert not refused, refused[:5]
    assert got_payers == want_payers
    assert got_shops == want_shops
    assert wrong_total == below_zero == unbalanced == api_negative == 0
    assert reads > 10 and counts["approved"] > 0 and counts["declined"] > 0
    assert check_ledger(server.db)["ok"]
    close_all(terms)
    for f in fams:
        f.close()
