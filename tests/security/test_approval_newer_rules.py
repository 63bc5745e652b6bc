"""A parent's "yes" covers what the parent saw, not a rule the parent tightened after it
(security.md row 64). The yes lifted a rule by its name: when the parent blocked alcohol
after allowing a basket declined for candy, or lowered the limit the sale was over, the
till's completion still paid the whole basket, beer and all, from the allowance."""

from __future__ import annotations

import time

from kinpay import schemas
from kinpay.client import Client, new_idempotency_key
from tests.security.conftest import Victim, balance_of, shop_key, victim
from tests.server.helpers import PASSWORD
from tests.servers import ServerProcess

LOLLIPOP = schemas.Item(name="Lollipop", unit_amount=300, category="candy")
BEER = schemas.Item(name="Beer", unit_amount=700, category="alcohol")


def _code(fam: Victim) -> str:
    now = int(time.time())
    code = fam.device.code_at(now)
    fam.device.bump(now)
    return code


def _allowed(fam: Victim, till: Client, amount: int,
             items: list[schemas.Item] | None) -> tuple[str, str]:
    key = new_idempotency_key()
    declined, _ = till.pay(_code(fam), amount, "CNY", idempotency_key=key, items=items)
    assert (declined.status, declined.askable) == ("declined", True)
    approval = till.ask(declined.id)
    fam.payer.reauth(PASSWORD)
    assert fam.payer.answer_approval(approval.id, allow=True).status == "allowed"
    return approval.id, key


def test_a_category_blocked_after_the_yes_is_not_paid(server: ServerProcess) -> None:
    fam = victim(server, limits=(5_000, 50_000, 100_000), blocked_categories=["candy"])
    with Client(server.url, token=shop_key(server)) as till:
        start = balance_of(fam.payer)
        approval_id, key = _allowed(fam, till, 1_000, [LOLLIPOP, BEER])
        fam.payer.change_grant(fam.grant.id, schemas.GrantChange(
            blocked_categories=["candy", "alcohol"]))
        done, _ = till.complete_approval(approval_id, 1_000, "CNY", idempotency_key=key,
                                         items=[LOLLIPOP, BEER])
        assert (done.status, done.decline_code) == ("declined", "category_blocked")
        assert balance_of(fam.payer) == start
    fam.close()


def test_a_limit_lowered_after_the_yes_holds(server: ServerProcess) -> None:
    fam = victim(server, limits=(1_000, 50_000, 100_000))
    with Client(server.url, token=shop_key(server)) as till:
        start = balance_of(fam.payer)
        approval_id, key = _allowed(fam, till, 1_500, None)  # over the 10.00 a payment by 5.00
        fam.payer.change_grant(fam.grant.id, schemas.GrantChange(
            limits=schemas.Limits(per_payment=500, daily=50_000, monthly=100_000),
            offline_cap=500))
        done, _ = till.complete_approval(approval_id, 1_500, "CNY", idempotency_key=key)
        assert (done.status, done.decline_code) == ("declined", "limit_per_payment")
        assert balance_of(fam.payer) == start
    fam.close()


def test_what_the_parent_saw_is_still_paid(server: ServerProcess) -> None:
    fam = victim(server, limits=(5_000, 50_000, 100_000), blocked_categories=["candy"])
    with Client(server.url, token=shop_key(server)) as till:
        start = balance_of(fam.payer)
        approval_id, key = _allowed(fam, till, 1_000, [LOLLIPOP, BEER])
        # A tightening elsewhere (toys) changes nothing the sale needs.
        fam.payer.change_grant(fam.grant.id, schemas.GrantChange(
            blocked_categories=["candy", "toys"]))
        done, _ = till.complete_approval(approval_id, 1_000, "CNY", idempotency_key=key,
                                         items=[LOLLIPOP, BEER])
        assert (done.status, done.decline_code, done.amount) == ("approved", None, 1_000)
        assert balance_of(fam.payer) == start - 1_000
    fam.close()
