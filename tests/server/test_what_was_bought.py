"""What a purchase was of: a sale sent with its items names them in its answer, so the
parent's activity and the child's purchases can say "Bread, Milk" and not only the shop
and the amount (the server kept no item names for a basket paid whole: only a split's
`paid_for` and `left_out`). Through real HTTP on both engines: online, replayed, offline,
completed after the parent's "allow once", in every list a payment is read from, and in
the parent's and the child's events; the first ten names of a long basket and how many
lines more. Each test names the basket it sent and expects exactly those names back."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest

from kinpay import schemas
from kinpay.client import Client, new_idempotency_key
from tests.server.helpers import Family, family, now, terminal
from tests.server.test_payments import fresh
from tests.servers import ServerProcess

BASKET = [
    schemas.Item(name="Bread roll", quantity=2, unit_amount=150),
    schemas.Item(name="牛奶 250 ml", unit_amount=450, category="grocery"),
    schemas.Item(name="Apple", quantity=3, unit_amount=100),
]
BASKET_TOTAL = 2 * 150 + 450 + 3 * 100  # 1,050
NAMES = ["Bread roll", "牛奶 250 ml", "Apple"]


@pytest.fixture(scope="module")
def kid(server: ServerProcess) -> Iterator[Family]:
    """A child who may not buy toys (the approval test asks about one)."""
    f = family(server.url, limits=(5_000, 100_000, 1_000_000), blocked_categories=["toys"])
    yield f
    f.close()


@pytest.fixture(scope="module")
def till(server: ServerProcess) -> Iterator[Client]:
    t = terminal(server.db, server.url)
    yield t
    t.close()


def _listed(fam: Family, till: Client, payment_id: str) -> list[schemas.Payment]:
    """The payment as the parent's, the child's and the shop's lists give it."""
    found = []
    for listing in (fam.payer.grant_payments(fam.grant.id), fam.delegate.grant_payments(
            fam.grant.id), till.payments(), till.payments(scope="merchant")):
        found += [p for p in listing if p.id == payment_id]
    return found


def test_a_basket_paid_whole_names_what_was_bought_everywhere(
    kid: Family, till: Client
) -> None:
    key, code = new_idempotency_key(), fresh(kid.device)
    paid, replayed = till.pay(code, BASKET_TOTAL, "CNY", idempotency_key=key, items=BASKET)
    assert paid.status == "approved" and not replayed
    assert (paid.item_names, paid.more_items) == (NAMES, 0)
    assert paid.paid_for is None and paid.left_out is None  # not a split
    # The till's retry of the same sale (its answer lost) is told the same.
    again, replayed = till.pay(code, BASKET_TOTAL, "CNY", idempotency_key=key, items=BASKET)
    assert replayed and again.id == paid.id and again.item_names == NAMES
    listed = _listed(kid, till, paid.id)
    assert len(listed) == 4
    assert [p.item_names for p in listed] == [NAMES] * 4
    # The parent's and the child's streams say it as it happens.
    for who in (kid.payer, kid.delegate):
        event = next(e for e in who.events(last_id=0, until=time.monotonic() + 15)
                     if e.type == "payment" and e.data.get("id") == paid.id)
        assert event.data["item_names"] == NAMES


def test_a_sale_of_an_amount_alone_names_nothing(kid: Family, till: Client) -> None:
    paid, _ = till.pay(fresh(kid.device), 700, "CNY", idempotency_key=new_idempotency_key())
    assert paid.status == "approved"
    assert (paid.item_names, paid.more_items) == (None, 0)


def test_a_long_basket_names_its_first_ten_lines_and_counts_the_rest(
    kid: Family, till: Client
) -> None:
    items = [schemas.Item(name=f"Sticker {n:02d}", unit_amount=10 + n) for n in range(13)]
    paid, _ = till.pay(fresh(kid.device), sum(i.unit_amount for i in items), "CNY",
                       idempotency_key=new_idempotency_key(), items=items)
    assert paid.status == "approved"
    assert paid.item_names == [f"Sticker {n:02d}" for n in range(10)]
    assert paid.more_items == 3
    listed = _listed(kid, till, paid.id)
    assert {(tuple(p.item_names or ()), p.more_items) for p in listed} == {
        (tuple(f"Sticker {n:02d}" for n in range(10)), 3)}


def test_a_declined_basket_names_what_the_child_tried_to_buy(
    kid: Family, till: Client
) -> None:
    items = [schemas.Item(name="Headphones", unit_amount=6_000, category="electronics")]
    declined, _ = till.pay(fresh(kid.device), 6_000, "CNY",
                           idempotency_key=new_idempotency_key(), items=items)
    assert declined.decline_code == "limit_per_payment"
    assert declined.item_names == ["Headphones"]
    assert [p.item_names for p in _listed(kid, till, declined.id)] == [["Headphones"]] * 4


def test_an_offline_sale_names_its_basket(kid: Family, till: Client) -> None:
    # Accepted now: a code of an earlier step would start the device's counter of this
    # step again at a code the other tests have used.
    t = now()
    sale = schemas.OfflinePayment(id=f"off-{uuid.uuid4().hex}", code=fresh(kid.device, t),
                                  amount=BASKET_TOTAL, currency="CNY", accepted_at=t,
                                  items=BASKET)
    [settled] = till.offline_batch([sale])
    assert settled.status == "approved" and settled.offline
    assert settled.item_names == NAMES
    assert [p.item_names for p in _listed(kid, till, settled.id)] == [NAMES] * 4


def test_a_sale_the_parent_allowed_once_names_its_basket(kid: Family, till: Client) -> None:
    items = [schemas.Item(name="Yo-yo", unit_amount=500, category="toys"),
             schemas.Item(name="Milk", unit_amount=400, category="grocery")]
    key = new_idempotency_key()
    declined, _ = till.pay(fresh(kid.device), 900, "CNY", idempotency_key=key, items=items)
    assert declined.decline_code == "category_blocked" and declined.askable
    assert declined.item_names == ["Yo-yo", "Milk"]
    asked = till.ask(declined.id)
    kid.payer.answer_approval(asked.id, allow=True)
    paid, _ = till.complete_approval(asked.id, 900, "CNY", idempotency_key=key, items=items)
    assert paid.status == "approved" and paid.approval_id == asked.id
    assert paid.item_names == ["Yo-yo", "Milk"]
    assert [p.item_names for p in _listed(kid, till, paid.id)] == [["Yo-yo", "Milk"]] * 4
