"""A child's limits hold across "stop, then give spending money again" the same day.

Found in live use: Lily had spent ¥110.50 of a ¥200 day; the parent stopped the allowance
and gave a new one (as the stop dialog says to, to start again), and the new one began the
day at ¥0: she could spend its whole daily limit again. A new allowance for the same child
from the same parent, in the same currency, now starts with what was spent today and this
month under allowances that were stopped or ran out; one still running beside it keeps its
own spending (two at once are the parent's choice). On both engines."""

from __future__ import annotations

from kinpay import schemas
from kinpay.client import Client
from tests.server.helpers import PASSWORD, Family, check_ledger, family, pay
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
