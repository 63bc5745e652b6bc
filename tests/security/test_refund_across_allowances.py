"""A refund of a stopped allowance's sale lowered, in the allowance given after it, a day that
never counted the sale (attack review 37). The parent stopped allowance A (Asia/Shanghai)
just after midnight in Shanghai and gave the child allowance B (UTC), where it was still the
evening before: B started its day at 0 (A's Shanghai day had nothing). The child spent B's
whole day; then the shop refunded a sale made under A the evening before, and the refund
"gave back" the sale's amount to B's day of the sale, which was B's today: the child could
spend B's daily limit again. Now a refund gives back to a later allowance only what it
counted of the sale, in the day and month that counted it (server_stub/spend.py
`counted_later`): a sale it started with (the carry, server_stub/grants.py `_carry_spend`)
in its day and month of when it was given, an offline sale uploaded after it was given in
its day and month of the sale. The money goes back to the payer in full either way.

Each test runs against a real server (SQLite and PostgreSQL) on its test clock."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from kinpay import schemas
from kinpay.client import Client, new_idempotency_key
from kinpay.device import Device
from tests.security.conftest import Victim, balance_of, shop_key, victim
from tests.server.helpers import PASSWORD, check_ledger
from tests.servers import ServerProcess

# 2027-03-15 15:00 UTC = 23:00 in Shanghai (UTC+8): the evening's sale under A.
EVENING = 1_805_122_800
# 2027-03-15 16:30 UTC = 00:30 on the 16th in Shanghai: A's day is over, B's (UTC) is not.
AFTER_MIDNIGHT_IN_SHANGHAI = EVENING + 5_400
# 2027-03-15 12:00 in Shanghai (04:00 UTC): the same day in both zones for hours.
NOON = 1_805_083_200


@pytest.fixture
def till(server: ServerProcess) -> Iterator[Client]:
    t = Client(server.url, token=shop_key(server))
    yield t
    t.close()


@pytest.fixture(autouse=True)
def _clock_put_back(server: ServerProcess) -> Iterator[None]:
    yield
    server.set_clock(None)


def _pay(server: ServerProcess, till: Client, device: Device, amount: int,
         at: int) -> schemas.Payment:
    """The child shows a fresh code at the till at `at` (the server's clock set there)."""
    server.set_clock(at)
    code = device.code_at(at)
    device.bump(at)
    payment, _ = till.pay(code, amount, "CNY", idempotency_key=new_idempotency_key())
    return payment


def _give_again(server: ServerProcess, fam: Victim, at: int, timezone: str,
                daily: int) -> schemas.GrantCreated:
    """The parent stops the allowance and gives the child a new one (the password again),
    and the tablet pairs to it."""
    server.set_clock(at)
    fam.payer.revoke_grant(fam.grant.id)
    fam.payer.reauth(PASSWORD)
    new = fam.payer.create_grant(schemas.GrantCreate(
        delegate=fam.delegate.me().name, timezone=timezone, offline_cap=2_000,
        limits=schemas.Limits(per_payment=5_000, daily=daily, monthly=100_000)))
    fam.grant = new
    fam.device = fam.delegate.pair(new.pairing_code)
    return new


def test_a_refund_of_a_stopped_allowances_sale_does_not_reopen_a_new_zones_day(
    server: ServerProcess, till: Client,
) -> None:
    server.set_clock(EVENING - 600)
    fam = victim(server, limits=(6_000, 10_000, 100_000), timezone="Asia/Shanghai")
    sale = _pay(server, till, fam.device, 6_000, EVENING)  # 23:00 in Shanghai, under A
    assert sale.status == "approved", sale
    b = _give_again(server, fam, AFTER_MIDNIGHT_IN_SHANGHAI, "UTC", daily=10_000)
    # B's day (the 15th, UTC) starts at 0: A's day now (the 16th in Shanghai) had nothing.
    # Its month (March in both) starts with the sale.
    assert (b.spending.today, b.spending.month) == (0, 6_000)
    t = AFTER_MIDNIGHT_IN_SHANGHAI
    for k in (1, 2):  # the child spends B's whole day: 2 x 50.00 of its 100.00
        assert _pay(server, till, fam.device, 5_000, t + 60 * k).status == "approved"
    assert fam.payer.grant(b.id).spending.remaining_daily == 0
    before = balance_of(fam.payer)
    server.set_clock(t + 180)  # the shop refunds the evening's sale, made under A
    till.refund(sale.id, 6_000, idempotency_key=uuid.uuid4().hex)
    assert balance_of(fam.payer) == before + 6_000  # the money is back, in full
    over = _pay(server, till, fam.device, 5_000, t + 240)  # a third 50.00 in a 100.00 day
    assert (over.status, over.decline_code) == ("declined", "limit_daily"), over
    # B never counted the sale in its day: its day stays spent; its month gives it back.
    spending = fam.payer.grant(b.id).spending
    assert (spending.today, spending.month) == (10_000, 10_000)
    assert spending.remaining_daily == 0
    assert balance_of(fam.payer) == before + 6_000
    fam.close()
    assert check_ledger(server.db)["ok"]


def test_a_refund_gives_back_in_the_day_that_counted_the_sale(
    server: ServerProcess, till: Client,
) -> None:
    """A sale at 07:00 in Shanghai (23:00 UTC the day before); B (UTC) given at 09:00 in
    Shanghai (01:00 UTC) starts its day with it. Its refund gives it back in that day (it
    lowered B's day of the sale, the 15th, and left the 16th spent)."""
    sale_at = EVENING + 8 * 3_600  # 23:00 UTC on the 15th, 07:00 on the 16th in Shanghai
    server.set_clock(sale_at - 600)
    fam = victim(server, limits=(6_000, 10_000, 100_000), timezone="Asia/Shanghai")
    sale = _pay(server, till, fam.device, 6_000, sale_at)
    assert sale.status == "approved", sale
    given = sale_at + 2 * 3_600  # 01:00 UTC on the 16th
    b = _give_again(server, fam, given, "UTC", daily=10_000)
    assert (b.spending.today, b.spending.month) == (6_000, 6_000)
    assert _pay(server, till, fam.device, 4_000, given + 60).status == "approved"
    server.set_clock(given + 120)
    till.refund(sale.id, 6_000, idempotency_key=uuid.uuid4().hex)
    assert fam.payer.grant(b.id).spending.today == 4_000
    assert _pay(server, till, fam.device, 5_000, given + 180).status == "approved"
    assert _pay(server, till, fam.device, 1_000, given + 240).status == "approved"
    last = _pay(server, till, fam.device, 1, given + 300)
    assert (last.status, last.decline_code) == ("declined", "limit_daily"), last
    fam.close()


def test_in_the_same_zone_the_carried_sale_is_given_back(
    server: ServerProcess, till: Client,
) -> None:
    server.set_clock(NOON - 600)
    fam = victim(server, limits=(6_000, 10_000, 100_000), timezone="Asia/Shanghai")
    sale = _pay(server, till, fam.device, 6_000, NOON)
    assert sale.status == "approved", sale
    b = _give_again(server, fam, NOON + 3_600, "Asia/Shanghai", daily=10_000)
    assert (b.spending.today, b.spending.month) == (6_000, 6_000)
    assert _pay(server, till, fam.device, 4_000, NOON + 3_660).status == "approved"
    server.set_clock(NOON + 3_720)
    till.refund(sale.id, 6_000, idempotency_key=uuid.uuid4().hex)
    spending = fam.payer.grant(b.id).spending
    assert (spending.today, spending.month) == (4_000, 4_000)
    assert _pay(server, till, fam.device, 5_000, NOON + 3_780).status == "approved"
    assert _pay(server, till, fam.device, 1_000, NOON + 3_840).status == "approved"
    last = _pay(server, till, fam.device, 1, NOON + 3_900)
    assert (last.status, last.decline_code) == ("declined", "limit_daily"), last
    fam.close()


def test_a_refund_within_one_allowance_gives_back_todays_limit(
    server: ServerProcess, till: Client,
) -> None:
    server.set_clock(NOON - 600)
    fam = victim(server, limits=(5_000, 10_000, 100_000), timezone="Asia/Shanghai")
    first = _pay(server, till, fam.device, 5_000, NOON)
    assert first.status == "approved", first
    assert _pay(server, till, fam.device, 5_000, NOON + 60).status == "approved"
    full = _pay(server, till, fam.device, 1, NOON + 120)
    assert (full.status, full.decline_code) == ("declined", "limit_daily"), full
    before = balance_of(fam.payer)
    server.set_clock(NOON + 180)
    till.refund(first.id, 5_000, idempotency_key=uuid.uuid4().hex)
    assert balance_of(fam.payer) == before + 5_000
    assert fam.payer.grant(fam.grant.id).spending.today == 5_000
    assert _pay(server, till, fam.device, 5_000, NOON + 240).status == "approved"
    last = _pay(server, till, fam.device, 1, NOON + 300)
    assert (last.status, last.decline_code) == ("declined", "limit_daily"), last
    fam.close()


def test_an_offline_sale_uploaded_after_the_new_allowance_is_given_back_in_its_day(
    server: ServerProcess, till: Client,
) -> None:
    """A sale the till took offline under A at 23:00 in Shanghai and uploaded after B (UTC)
    was given counts in B's day of the sale (server_stub/spend.py), which is B's today: its
    refund gives it back there."""
    server.set_clock(EVENING - 600)
    fam = victim(server, limits=(5_000, 10_000, 100_000), timezone="Asia/Shanghai",
                 offline_cap=2_000)
    code = fam.device.code_at(EVENING)
    fam.device.bump(EVENING)
    b = _give_again(server, fam, AFTER_MIDNIGHT_IN_SHANGHAI, "UTC", daily=10_000)
    assert b.spending.today == 0
    server.set_clock(AFTER_MIDNIGHT_IN_SHANGHAI + 600)  # the till's link is back
    (sale,) = till.offline_batch([schemas.OfflinePayment(
        id=f"off-{uuid.uuid4().hex}", code=code, amount=2_000, currency="CNY",
        accepted_at=EVENING)])
    assert sale.status == "approved", sale
    assert fam.payer.grant(b.id).spending.today == 2_000
    server.set_clock(AFTER_MIDNIGHT_IN_SHANGHAI + 660)
    till.refund(sale.id, 2_000, idempotency_key=uuid.uuid4().hex)
    assert fam.payer.grant(b.id).spending.today == 0
    t = AFTER_MIDNIGHT_IN_SHANGHAI + 720
    for k in (0, 1):
        assert _pay(server, till, fam.device, 5_000, t + 60 * k).status == "approved"
    last = _pay(server, till, fam.device, 1, t + 180)
    assert (last.status, last.decline_code) == ("declined", "limit_daily"), last
    fam.close()
