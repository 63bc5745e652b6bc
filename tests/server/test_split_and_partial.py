"""Issue 15 §2: split baskets and partial approvals through the real server.

Each test keeps its own record of what the ledger must show (the payer's balance before,
what the code should have paid) and checks the server's answers against it, then
`kinpay check`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import httpx
import pytest

from kinpay import schemas
from kinpay.client import Client, new_idempotency_key
from kinpay.errors import Conflict
from tests.server.helpers import (
    Family,
    check_ledger,
    db_rows,
    family,
    payer_balance,
    terminal,
)
from tests.server.test_payments import fresh
from tests.servers import ServerProcess

CANDY = schemas.Item(name="Candy", quantity=2, unit_amount=250, category="sweets")
BREAD = schemas.Item(name="Bread", unit_amount=300)  # untagged: the shop's category
MILK = schemas.Item(name="Milk", unit_amount=450, category="grocery")
BASKET = [CANDY, BREAD, MILK]  # 500 blocked + 750 allowed
TOTAL = 1_250


@pytest.fixture(scope="module")
def term(server: ServerProcess) -> Iterator[Client]:
    """One till for the module: every test keeps its own record, relative to what it saw."""
    t = terminal(server.db, server.url)
    yield t
    t.close()


@pytest.fixture(scope="module")
def kid(server: ServerProcess) -> Iterator[Family]:
    """A child who may not buy sweets, shared by the split tests (each spends < ¥20 of its
    ¥100 a day, in any order)."""
    f = family(server.url, blocked_categories=["sweets"])
    yield f
    f.close()


def today(fam: Family) -> int:
    return fam.payer.grant(fam.grant.id).spending.today


def pay(term: Client, fam: Family, amount: int = TOTAL, *, key: str | None = None,
        items: list[schemas.Item] | None = None, partial: bool = True,
        tenders: list[schemas.Tender] | None = None) -> tuple[schemas.Payment, bool]:
    return term.pay(fresh(fam.device), amount, "CNY", idempotency_key=key or new_idempotency_key(),
                    items=BASKET if items is None else items, partial=partial, tenders=tenders)


def test_a_split_basket_pays_the_allowed_items_and_the_rest_is_recorded(
    server: ServerProcess, term: Client, kid: Family
) -> None:
    fam = kid
    spent = today(fam)
    before = payer_balance(fam)
    paid, _ = pay(term, fam)
    assert paid.status == "approved"
    assert (paid.amount, paid.requested, paid.sale_total) == (750, TOTAL, TOTAL)
    assert paid.partial_reason == "category_blocked"
    assert paid.eligible_items == [1, 2] and paid.eligible_amount == 750
    assert paid.paid_for == ["Bread", "Milk"]
    assert paid.left_out == ["Candy"]  # named to the parent, not only its amount
    assert [(t.kind, t.amount) for t in paid.tenders] == [("due", 500)]
    assert payer_balance(fam) == before - 750  # the ledger moved exactly the code's part
    assert today(fam) == spent + 750

    done = term.pay_rest(paid.id, "cash")
    assert [(t.kind, t.amount) for t in done.tenders] == [("cash", 500)]
    assert done.total == TOTAL and done.amount == 750
    assert term.pay_rest(paid.id, "cash").tenders == done.tenders  # a retry: the same
    with pytest.raises(Conflict) as other:
        term.pay_rest(paid.id, "card")
    assert other.value.code == "rest_recorded"
    assert term.payment(paid.id).tenders == done.tenders  # the till's history knows it
    # The payer's and the child's history name what the code paid for.
    seen = next(p for p in fam.payer.grant_payments(fam.grant.id) if p.id == paid.id)
    assert (seen.id, seen.amount, seen.paid_for) == (paid.id, 750, ["Bread", "Milk"])
    assert seen.left_out == ["Candy"]
    assert payer_balance(fam) == before - 750


def test_an_old_till_that_does_not_ask_for_partial_is_declined_with_the_allowed_items(
    server: ServerProcess, term: Client, kid: Family
) -> None:
    fam = kid
    before = payer_balance(fam)
    declined, _ = pay(term, fam, partial=False)
    assert declined.status == "declined" and declined.decline_code == "category_blocked"
    assert declined.amount == TOTAL  # never an approval for less than it asked
    assert declined.eligible_items == [1, 2] and declined.eligible_amount == 750
    assert declined.tenders == [] and declined.requested is None
    # Even a free blocked item declines an old till's sale, as it always did.
    free = [BREAD, schemas.Item(name="Free candy", unit_amount=0, category="sweets")]
    gift, _ = pay(term, fam, 300, items=free, partial=False)
    assert gift.status == "declined" and gift.decline_code == "category_blocked"
    # Through the plain wire, as a terminal from before this change sends it.
    body = {"code": fresh(fam.device), "amount": 750, "currency": "CNY",
            "items": [BREAD.model_dump(exclude_none=True), MILK.model_dump()]}
    raw = httpx.post(f"{server.url}/v1/payments", json=body, headers={
        "Authorization": f"Bearer {term.token}", "Idempotency-Key": new_idempotency_key()})
    assert raw.status_code == 201 and raw.json()["amount"] == 750
    assert raw.json()["status"] == "approved" and raw.json().get("requested") is None
    assert payer_balance(fam) == before - 750


def test_removing_the_blocked_items_makes_the_sale_the_allowed_part(
    server: ServerProcess, term: Client, kid: Family
) -> None:
    fam = kid
    paid, _ = pay(term, fam)
    removed = term.pay_rest(paid.id, "removed")
    assert removed.total == 750 and removed.amount == 750
    assert [(t.kind, t.amount) for t in removed.tenders] == [("removed", 500)]
    with pytest.raises(Conflict):  # the whole sale is paid: no refund of a removed tender
        term.refund(paid.id, 0, idempotency_key=new_idempotency_key(), other_amount=1)


@pytest.mark.parametrize("how", ["removed", "cash"])
def test_the_family_hears_how_the_rest_went(
    server: ServerProcess, term: Client, kid: Family, how: str
) -> None:
    """The parent's and the child's screens said the rest was still due ("Lily also wanted
    Candy") after the cashier took it off or was paid in cash, until they were opened again:
    the till's word is an event of the payment as it is now (`"kind": "rest"`). Said again
    (a retry), it is not told twice."""
    fam = kid
    paid, _ = pay(term, fam)
    term.pay_rest(paid.id, how)
    term.pay_rest(paid.id, how)
    total = 750 if how == "removed" else TOTAL
    for who in (fam.payer, fam.delegate):
        heard = []
        for e in who.events(last_id=0, until=time.monotonic() + 15):
            if e.type == "payment" and e.data.get("id") == paid.id:
                heard.append(e)
                if e.data.get("kind") == "rest":
                    break
        assert [e.data.get("kind") for e in heard] == ["payment", "rest"]
        told = schemas.Payment.model_validate(heard[1].data)
        assert [(t.kind, t.amount) for t in told.tenders] == [(how, 500)]
        assert (told.amount, told.total, told.left_out) == (750, total, ["Candy"])
    # The retry told nobody again: one "rest" row for each of the two.
    rows = db_rows(server.db, "SELECT data FROM events WHERE type = 'payment'"
                              " AND payment_id IS NULL")
    rests = [json.loads(d) for (d,) in rows]
    assert sum(1 for d in rests if d.get("id") == paid.id and d.get("kind") == "rest") == 2


def test_an_attacker_till_can_not_make_the_code_pay_for_blocked_items(
    server: ServerProcess, term: Client, kid: Family
) -> None:
    fam = kid
    before = payer_balance(fam)
    # Claims only 100 of the 500 blocked were paid in cash: the code would pay 400 of candy.
    lie, _ = pay(term, fam, partial=False, tenders=[schemas.Tender(kind="cash", amount=100)])
    assert lie.status == "declined" and lie.decline_code == "category_blocked"
    # The same lie asking for partial gets the allowed items only, never more.
    capped, _ = pay(term, fam, tenders=[schemas.Tender(kind="cash", amount=100)])
    assert capped.status == "approved" and capped.amount == 750
    assert [(t.kind, t.amount) for t in capped.tenders] == [("cash", 100), ("due", 400)]
    # Honest: the blocked 500 in cash first; the code pays the rest, all of it allowed.
    honest, _ = pay(term, fam, partial=False, tenders=[schemas.Tender(kind="cash", amount=500)])
    assert honest.status == "approved" and honest.amount == 750 and honest.total == TOTAL
    # Tagging candy as grocery in a shop whose own category is blocked widens nothing.
    sweet_shop = _terminal(server, "sweets")
    tagged = [schemas.Item(name="Candy", unit_amount=500, category="grocery")]
    blocked, _ = pay(sweet_shop, fam, 500, items=tagged)
    assert blocked.status == "declined" and blocked.decline_code == "category_blocked"
    assert payer_balance(fam) == before - 1_500
    assert check_ledger(server.db)["ok"]
    sweet_shop.close()


def _terminal(server: ServerProcess, category: str) -> Client:
    return terminal(server.db, server.url, category=category)


@pytest.mark.parametrize(
    "change",
    [
        {"tenders": [{"kind": "cash", "amount": TOTAL}]},  # nothing left for the code
        {"tenders": [{"kind": "cash", "amount": 1_000}, {"kind": "card", "amount": 300}]},
        {"tenders": [{"kind": "coupon", "amount": 100}]},
        {"tenders": [{"kind": "cash", "amount": 0}]},
        {"amount": TOTAL + 1},  # the items don't add up
        {"partial": "yes"},
    ],
)
def test_items_and_tenders_must_add_up_or_422(
    server: ServerProcess, term: Client, change: dict[str, object]
) -> None:
    body = {"code": "KP1:x", "amount": TOTAL, "currency": "CNY", "partial": True,
            "items": [i.model_dump(exclude_none=True) for i in BASKET], **change}
    raw = httpx.post(f"{server.url}/v1/payments", json=body, headers={
        "Authorization": f"Bearer {term.token}", "Idempotency-Key": new_idempotency_key()})
    assert raw.status_code == 422 and raw.json()["error"]["code"] == "invalid_request"


def test_partial_approval_pays_what_is_left_today_only_when_asked_and_allowed(
    server: ServerProcess, term: Client
) -> None:
    fam = family(server.url, limits=(5_000, 10_000, 100_000))
    before = payer_balance(fam)
    items: list[schemas.Item] = []
    assert pay(term, fam, 4_000, items=items)[0].status == "approved"
    assert pay(term, fam, 4_000, items=items)[0].status == "approved"  # 2_000 left today
    old, _ = pay(term, fam, 3_000, items=items, partial=False)
    assert old.status == "declined" and old.decline_code == "limit_daily"
    part, _ = pay(term, fam, 3_000, items=items)
    assert part.status == "approved" and part.partial_reason == "limit_daily"
    assert (part.amount, part.requested, part.total) == (2_000, 3_000, 3_000)
    assert part.remaining is not None and part.remaining.daily == 0
    assert [(t.kind, t.amount) for t in part.tenders] == [("due", 1_000)]
    with pytest.raises(Conflict) as no_remove:  # a limit's rest is no blocked item
        term.pay_rest(part.id, "removed")
    assert no_remove.value.code == "cannot_remove"
    nothing, _ = pay(term, fam, 100, items=items)  # nothing left: a decline, not ¥0
    assert nothing.status == "declined" and nothing.decline_code == "limit_daily"
    assert payer_balance(fam) == before - 10_000
    fam.close()


def test_partial_follows_the_grant_rule_and_never_the_funds(
    server: ServerProcess, term: Client
) -> None:
    fam = family(server.url, balance=9_500, limits=(5_000, 10_000, 100_000), allow_partial=False)
    assert fam.grant.allow_partial is False
    pay(term, fam, 5_000, items=[])
    pay(term, fam, 4_000, items=[])  # 1_000 left today; 500 in the payer's account
    refused, _ = pay(term, fam, 3_000, items=[])
    assert refused.status == "declined" and refused.decline_code == "limit_daily"
    changed = fam.payer.change_grant(fam.grant.id, schemas.GrantChange(allow_partial=True))
    assert changed.allow_partial is True
    short, _ = pay(term, fam, 3_000, items=[])  # the allowance allows 1_000; funds don't
    assert short.status == "declined" and short.decline_code == "insufficient_funds"
    assert payer_balance(fam) == 500
    fam.payer.top_up(1_000)
    assert pay(term, fam, 3_000, items=[])[0].amount == 1_000
    # Per payment bounds one purchase, it is no balance: never partial.
    big, _ = pay(term, fam, 6_000, items=[])
    assert big.status == "declined" and big.decline_code == "limit_per_payment"
    assert payer_balance(fam) == 500
    fam.close()


def test_refunds_of_a_split_sale_give_each_tender_back_and_never_more(
    server: ServerProcess, term: Client, kid: Family
) -> None:
    fam = kid
    spent = today(fam)
    before = payer_balance(fam)
    paid, _ = pay(term, fam)
    with pytest.raises(Conflict):  # the rest is still due: nothing of it to give back
        term.refund(paid.id, 0, idempotency_key=new_idempotency_key(), other_amount=1)
    term.pay_rest(paid.id, "cash")
    for code_part, cash in ((751, 0), (0, 501), (1, 600)):
        with pytest.raises(Conflict) as too_big:
            term.refund(paid.id, code_part, idempotency_key=new_idempotency_key(),
                        other_amount=cash)
        assert too_big.value.code == "refund_too_large"
    key = new_idempotency_key()
    first = term.refund(paid.id, 300, idempotency_key=key, other_amount=200)
    assert (first.amount, first.other_amount) == (300, 200)
    again = term.refund(paid.id, 300, idempotency_key=key, other_amount=200)
    assert again.id == first.id  # a retry: given back once
    assert payer_balance(fam) == before - 750 + 300
    cash_only = term.refund(paid.id, 0, idempotency_key=new_idempotency_key(), other_amount=300)
    assert cash_only.payment.other_refunded == 500 and cash_only.payment.refunded == 300
    last = term.refund(paid.id, 450, idempotency_key=new_idempotency_key())
    assert last.payment.refunded == 750
    with pytest.raises(Conflict):
        term.refund(paid.id, 0, idempotency_key=new_idempotency_key(), other_amount=1)
    assert payer_balance(fam) == before
    assert today(fam) == spent
    assert check_ledger(server.db)["ok"]


def test_a_retry_of_a_split_gets_the_same_answer_and_pays_once(
    server: ServerProcess, term: Client, kid: Family
) -> None:
    fam = kid
    before = payer_balance(fam)
    code = fresh(fam.device)
    key = new_idempotency_key()
    answers = [term.pay(code, TOTAL, "CNY", idempotency_key=key, items=BASKET, partial=True)
               for _ in range(3)]
    assert [replayed for _, replayed in answers] == [False, True, True]
    assert len({p.model_dump_json() for p, _ in answers}) == 1
    assert answers[0][0].amount == 750
    with pytest.raises(Conflict) as changed:  # the same key without partial: another request
        term.pay(code, TOTAL, "CNY", idempotency_key=key, items=BASKET)
    assert changed.value.code == "idempotency_conflict"
    assert payer_balance(fam) == before - 750
    assert check_ledger(server.db)["ok"]
