"""A child's limits hold across "stop, then give spending money again" the same day.

Found in live use: Lily had spent ¥110.50 of a ¥200 day; the parent stopped the allowance
and gave a new one (as the stop dialog says to, to start again), and the new one began the
day at ¥0: she could spend its whole daily limit again. A new allowance for the same child
from the same parent, in the same currency, now starts with what was spent today and this
month under allowances that were stopped or ran out; one still running beside it keeps its
own spending (two at once are the parent's choice). On both engines."""

from __future__ import annotations

import uuid

from kinpay import schemas
from kinpay.client import Client
from tests.server.helpers import PASSWORD, Family, check_ledger, family, pay, terminal
from tests.server.test_payments import fresh
from tests.servers import ServerProcess


def again(fam: Family, daily: int, monthly: int = 100_000) -> schemas.GrantCreated:
    """The parent gives the same child a new allowance, and the tablet pairs to it."""
    grant = fam.payer.create_grant(schemas.GrantCreate(
        delegate=fam.delegate.me().name,
        limits=schemas.Limits(per_payment=5_000, daily=daily, monthly=monthly)))
    fam.device = fam.delegate.pair(grant.pairing_code)
    return grant


def test_stopping_and_giving_again_keeps_todays_spending(
        server: ServerProcess, term: Client) -> None:
    fam = family(server.url, limits=(20_000, 20_000, 100_000))
    assert pay(term, fresh(fam.device), 11_050).status == "approved"
    fam.payer.revoke_grant(fam.grant.id)
    new = again(fam, daily=10_000)
    assert (new.spending.today, new.spending.month) == (11_050, 11_050)
    assert new.spending.remaining_daily == 0
    over = pay(term, fresh(fam.device), 200)
    assert over.status == "declined" and over.decline_code == "limit_daily"
    # A third allowance, with a larger day: what was spent counts once, not twice.
    fam.payer.revoke_grant(new.id)
    third = again(fam, daily=12_000)
    assert third.spending.today == 11_050
    assert pay(term, fresh(fam.device), 950).status == "approved"
    assert pay(term, fresh(fam.device), 1).decline_code == "limit_daily"
    assert fam.payer.grant(third.id).spending.today == 12_000
    fam.close()
    assert check_ledger(server.db)["ok"]


def test_the_month_carries_too(server: ServerProcess, term: Client) -> None:
    fam = family(server.url, limits=(5_000, 5_000, 6_000))
    assert pay(term, fresh(fam.device), 5_000).status == "approved"
    fam.payer.revoke_grant(fam.grant.id)
    new = again(fam, daily=5_000, monthly=6_000)
    assert new.spending.month == 5_000
    assert pay(term, fresh(fam.device), 1_001).decline_code in ("limit_daily", "limit_monthly")
    fam.close()


# 2027-03-15 12:00 in Shanghai (UTC+8), the grants' zone: an hour on is the same day.
NOON = 1_805_083_200


def test_an_allowance_that_ran_out_carries_its_spending(
        server: ServerProcess, term: Client) -> None:
    server.set_clock(NOON)
    try:
        fam = family(server.url, limits=(8_000, 8_000, 100_000), expires_at=NOON + 3_600)
        assert pay(term, fresh(fam.device, at=NOON + 60), 6_000).status == "approved"
        server.set_clock(NOON + 3_601)  # 13:00: it ran out an hour ago
        fam.payer.reauth(PASSWORD)  # the password again for a new allowance
        new = again(fam, daily=8_000)
        assert (new.spending.today, new.spending.month) == (6_000, 6_000)
    finally:
        server.set_clock(None)
    fam.close()


def test_a_second_allowance_beside_a_running_one_keeps_its_own(
        server: ServerProcess, term: Client) -> None:
    fam = family(server.url, limits=(5_000, 8_000, 100_000))
    assert pay(term, fresh(fam.device), 3_000).status == "approved"
    beside = fam.payer.create_grant(schemas.GrantCreate(
        delegate=fam.delegate.me().name,
        limits=schemas.Limits(per_payment=1_000, daily=2_000, monthly=9_000)))
    assert (beside.spending.today, beside.spending.month) == (0, 0)
    assert fam.payer.grant(fam.grant.id).spending.today == 3_000
    fam.close()


def test_another_childs_or_another_parents_spending_is_not_carried(
        server: ServerProcess, term: Client) -> None:
    first = family(server.url, limits=(5_000, 8_000, 100_000))
    assert pay(term, fresh(first.device), 4_000).status == "approved"
    first.payer.revoke_grant(first.grant.id)
    other = family(server.url, limits=(5_000, 8_000, 100_000))  # another parent and child
    assert other.grant.spending.today == 0
    # The first parent gives spending money to another child: that child starts at 0.
    third_family = family(server.url)
    child = third_family.delegate
    made = first.payer.create_grant(schemas.GrantCreate(
        delegate=child.me().name, limits=schemas.Limits(per_payment=1_000, daily=2_000,
                                                        monthly=9_000)))
    assert made.spending.today == 0
    for f in (first, other, third_family):
        f.close()


def _offline(code: str, amount: int, at: int) -> schemas.OfflinePayment:
    return schemas.OfflinePayment(id=f"off-{uuid.uuid4().hex}", code=code,
                                  amount=amount, currency="CNY", accepted_at=at)


def test_an_offline_sale_uploaded_after_a_stop_counts_with_the_new_allowance(
        server: ServerProcess, term: Client) -> None:
    """Found by an attack review: till B took two codes offline at noon (2 × the ¥20 cap);
    Lily spent ¥60 online; the parent stopped her allowance and gave a new ¥100 day, which
    started at ¥60 and let her spend the last ¥40. Then till B's link came back: its two
    sales, accepted before the stop, were judged by the stopped allowance's own ¥60 and
    approved: the payer paid ¥140 in a ¥100 day. They are judged with what the new one
    spent, and declined."""
    server.set_clock(NOON)
    till_b = terminal(server.db, server.url)
    try:
        fam = family(server.url, limits=(2_000, 10_000, 100_000), offline_cap=2_000)
        kept = [(fam.device.code_at(NOON + 30 * k), NOON + 30 * k) for k in (0, 1)]
        for k in range(3):
            at = NOON + 90 + 30 * k
            server.set_clock(at)
            assert pay(term, fresh(fam.device, at=at), 2_000).status == "approved"
        server.set_clock(NOON + 600)
        fam.payer.revoke_grant(fam.grant.id)
        new = again(fam, daily=10_000)
        assert new.spending.today == 6_000
        for k in range(2):
            at = NOON + 700 + 30 * k
            server.set_clock(at)
            assert pay(term, fresh(fam.device, at=at), 2_000).status == "approved"
        server.set_clock(NOON + 1_800)
        answers = till_b.offline_batch([_offline(c, 2_000, at) for c, at in kept])
        assert [(a.status, a.decline_code) for a in answers] == [
            ("declined", "limit_daily")] * 2
        assert fam.payer.account().balances[0].balance == 100_000 - 10_000
    finally:
        server.set_clock(None)
        till_b.close()
    assert check_ledger(server.db)["ok"]
    fam.close()


def test_an_offline_sale_within_the_day_after_a_stop_counts_in_the_new_one_too(
        server: ServerProcess, term: Client) -> None:
    """The same upload within the day's limit is paid, and the new allowance counts it: the
    child then has ¥100 less ¥20 online, ¥20 offline, not ¥80."""
    server.set_clock(NOON)
    till_b = terminal(server.db, server.url)
    try:
        fam = family(server.url, limits=(2_000, 10_000, 100_000), offline_cap=2_000)
        kept = fam.device.code_at(NOON)
        server.set_clock(NOON + 90)
        assert pay(term, fresh(fam.device, at=NOON + 90), 2_000).status == "approved"
        server.set_clock(NOON + 600)
        fam.payer.revoke_grant(fam.grant.id)
        new = again(fam, daily=10_000)
        assert new.spending.today == 2_000
        (paid,) = till_b.offline_batch([_offline(kept, 2_000, NOON)])
        assert paid.status == "approved"
        assert fam.payer.grant(new.id).spending.today == 4_000
        # A third allowance after the second is stopped counts the ¥20 offline once.
        fam.payer.revoke_grant(new.id)
        third = again(fam, daily=10_000)
        assert third.spending.today == 4_000
    finally:
        server.set_clock(None)
        till_b.close()
    fam.close()


def test_a_new_allowance_in_another_zone_still_carries(
        server: ServerProcess, term: Client) -> None:
    """The carry read the stopped allowance's day in the new one's zone: a new allowance
    given in America/Los_Angeles beside a stopped Asia/Shanghai one carried nothing."""
    server.set_clock(NOON)
    try:
        fam = family(server.url, limits=(5_000, 8_000, 100_000), timezone="Asia/Shanghai")
        assert pay(term, fresh(fam.device, at=NOON + 60), 5_000).status == "approved"
        fam.payer.revoke_grant(fam.grant.id)
        new = fam.payer.create_grant(schemas.GrantCreate(
            delegate=fam.delegate.me().name, timezone="America/Los_Angeles",
            limits=schemas.Limits(per_payment=5_000, daily=8_000, monthly=100_000)))
        assert (new.spending.today, new.spending.month) == (5_000, 5_000)
    finally:
        server.set_clock(None)
    fam.close()


def test_a_refund_of_an_ended_allowances_sale_gives_it_back_in_the_new_one(
        server: ServerProcess, term: Client) -> None:
    """Found live (session 36): the parent stopped the allowance and gave a new one, which
    started with the day's ¥60.60; a refund of ¥5.00 of a sale under the stopped one gave
    the money back, and the till said "the allowance is restored", but the child's day in
    the new one stayed at ¥60.60: the refund lowered only the stopped one's spend. Through
    a chain of two stops, the refund counts once in each."""
    fam = family(server.url, limits=(20_000, 20_000, 100_000))
    sale = pay(term, fresh(fam.device), 6_060)
    assert sale.status == "approved"
    fam.payer.revoke_grant(fam.grant.id)
    second = again(fam, daily=10_000)
    assert pay(term, fresh(fam.device), 1_000).status == "approved"  # its own spend
    fam.payer.revoke_grant(second.id)
    third = again(fam, daily=10_000)
    assert (third.spending.today, third.spending.month) == (7_060, 7_060)
    term.refund(sale.id, 500, idempotency_key=uuid.uuid4().hex)
    for grant_id, today in ((second.id, 6_560), (third.id, 6_560)):
        spending = fam.payer.grant(grant_id).spending
        assert (spending.today, spending.month) == (today, today), grant_id
    # what the third may still spend today: its day less the sale's rest and the second's
    assert fam.payer.grant(third.id).spending.remaining_daily == 10_000 - 6_560
    assert pay(term, fresh(fam.device), 10_000 - 6_560).status == "approved"
    assert pay(term, fresh(fam.device), 1).decline_code == "limit_daily"
    fam.close()
    assert check_ledger(server.db)["ok"]
