"""Item 6. Limit race: concurrent payments that together pass a per-day limit, a monthly
limit or the balance. Overspend must be 0, round after round."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from kinpay.client import new_idempotency_key
from tests.reliability.kit import close_all, families, report, scale, terminals
from tests.server.helpers import check_ledger, now, payer_balance
from tests.servers import ServerProcess

pytestmark = pytest.mark.soak

ROUNDS = scale(3, 40)
ATTEMPTS = 24  # payments of 1,000 at once, where 5 fit
THREADS = 16


@pytest.mark.timeout(scale(300, 1800))
def test_concurrent_payments_never_pass_a_limit_or_the_balance(
    server: ServerProcess, engine: str
) -> None:
    terms = terminals(server.db, server.url, 8)
    overspend = 0
    shortfall = 0
    tried = 0
    for round_ in range(ROUNDS):
        what = ("daily", "monthly", "balance")[round_ % 3]
        limits = {
            "daily": (1_000, 5_000, 100_000),
            "monthly": (1_000, 5_000, 5_000),
            "balance": (1_000, 50_000, 100_000),
        }[what]
        # For "monthly", today's spend of 5,000 also ends the month: both limits bite at once.
        [fam] = families(server.url, 1, limits=limits,
                         balance=5_000 if what == "balance" else 100_000)
        start = payer_balance(fam)
        t = now()
        codes_ = []
        for _ in range(ATTEMPTS):
            codes_.append(fam.device.code_at(t))
            fam.device.bump(t)
        gate = threading.Barrier(THREADS)

        def attempt(i: int, c: list[str] = codes_, g: threading.Barrier = gate) -> str:
            if i < THREADS:
                g.wait(10)
            payment, _ = terms[i % len(terms)].pay(
                c[i], 1_000, "CNY", idempotency_key=new_idempotency_key()
            )
            return payment.status

        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            statuses = list(pool.map(attempt, range(ATTEMPTS)))
        tried += len(statuses)
        spent = start - payer_balance(fam)
        overspend += max(0, spent - 5_000)
        shortfall += max(0, 5_000 - spent)  # a lost approval would show here
        assert statuses.count("approved") * 1_000 == spent
        grant = fam.payer.grant(fam.grant.id)
        assert grant.spending.today == spent
        fam.close()
    report("06", "concurrent payments tried", tried, engine=engine)
    report("06", "rounds", ROUNDS, engine=engine)
    report("06", "overspend (minor units)", overspend, engine=engine)
    assert overspend == 0
    assert shortfall == 0
    assert check_ledger(server.db)["ok"]
    close_all(terms)
