"""Refunds, limits across days and months on an injected clock, and races on limits."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from kinpay.client import Client, new_idempotency_key
from kinpay.errors import Conflict, NotFound
from tests.server.helpers import Family, check_ledger, family, now, pay, payer_balance, terminal
from tests.server.test_payments import fresh
from tests.servers import ServerProcess


def test_refunds_partial_full_too_large_and_foreign(
    server: ServerProcess, fam: Family, term: Client
) -> None:
    before = payer_balance(fam)
    paid = pay(term, fresh(fam.device), 3_000)
    assert paid.status == "approved"
    part = term.refund(paid.id, 1_000, idempotency_key="r1")
    assert part.amount == 1_000 and part.payment.refunded == 1_000
    assert fam.payer.grant(fam.grant.id).spending.today == 2_000  # the allowance comes back
    # The same refund again is answered as the first time, and moves nothing.
    assert term.refund(paid.id, 1_000, idempotency_key="r1").id == part.id
    with pytest.raises(Conflict) as too_big:
        term.refund(paid.id, 2_001, idempotency_key="r2")
    assert too_big.value.code == "refund_too_large"
    rest = term.refund(paid.id, 2_000, idempotency_key="r3")
    assert rest.payment.refunded == 3_000
    with pytest.raises(Conflict):
        term.refund(paid.id, 1, idempotency_key="r4")
    assert payer_balance(fam) == before
    other = terminal(server.db, server.url)
    with pytest.raises(NotFound):
        other.refund(paid.id, 1, idempotency_key="r5")
    with pytest.raises(NotFound):
        other.payment(paid.id)
    declined = pay(term, fresh(fam.device), 999_999)
    with pytest.raises(Conflict):
        term.refund(declined.id, 1, idempotency_key="r6")
    other.close()
    assert check_ledger(server.db)["ok"]


def test_a_second_terminal_of_the_same_shop_may_refund(server: ServerProcess, fam: Family) -> None:
    t1 = terminal(server.db, server.url, merchant="Twin Shop")
    t2 = terminal(server.db, server.url, merchant="Twin Shop")
    paid = pay(t1, fresh(fam.device), 500)
    assert t2.refund(paid.id, 500, idempotency_key=new_idempotency_key()).amount == 500
    t1.close()
    t2.close()


def test_daily_and_monthly_limits_follow_the_clock(server: ServerProcess, term: Client) -> None:
    # 2026-03-30 10:00 in Shanghai (UTC+8). The family pairs then: a certificate vouches
    # for nothing dated before it was issued.
    day1 = 1_774_836_000
    server.set_clock(day1)
    fam = family(server.url, limits=(5_000, 8_000, 12_000), timezone="Asia/Shanghai")
    try:
        assert pay(term, fresh(fam.device, day1), 5_000).status == "approved"
        assert pay(term, fresh(fam.device, day1), 3_001).decline_code == "limit_daily"
        assert pay(term, fresh(fam.device, day1), 3_000).status == "approved"
        day2 = day1 + 86_400
        server.set_clock(day2)
        assert pay(term, fresh(fam.device, day2), 4_000).status == "approved"
        assert pay(term, fresh(fam.device, day2), 1).decline_code == "limit_monthly"
        april = day1 + 3 * 86_400  # 2026-04-02: a new month, a fresh allowance
        server.set_clock(april)
        payment = pay(term, fresh(fam.device, april), 5_000)
        assert payment.status == "approved"
        assert payment.remaining is not None
        assert (payment.remaining.daily, payment.remaining.monthly) == (3_000, 7_000)
    finally:
        server.set_clock(None)
        fam.close()


@pytest.mark.parametrize("what", ["daily", "balance"])
def test_concurrent_payments_never_pass_a_limit_or_the_balance(
    server: ServerProcess, what: str
) -> None:
    if what == "daily":
        fam = family(server.url, limits=(1_000, 5_000, 100_000), balance=100_000)
    else:
        fam = family(server.url, limits=(1_000, 50_000, 100_000), balance=5_000)
    terms = [terminal(server.db, server.url) for _ in range(4)]
    t = now()
    codes_ = [fresh(fam.device, t) for _ in range(24)]

    def attempt(i: int) -> str:
        return pay(terms[i % len(terms)], codes_[i], 1_000).status

    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(attempt, range(len(codes_))))
    assert statuses.count("approved") == 5
    assert payer_balance(fam) == (100_000 - 5_000 if what == "daily" else 0)
    assert check_ledger(server.db)["ok"]
    for term_ in terms:
        term_.close()
    fam.close()
