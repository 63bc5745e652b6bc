"""Attack review 34, findings 2 and 3: a server (or a man in the middle, where TLS is off on
the till's own machine) that answers a payment with something other than the sale asked.
The till took whatever an approval said: "approved ¥0.01" for a ¥15.00 sale was recorded as
¥0.01 in the day's takings (the payer charged ¥15.00), ¥9,000.00 or −¥10.00 went into the
totals, an amount of 2**63 could not be written to its journal and stopped its background
link for good, and an offline batch's answers were matched by position, so answers in
another order gave each sale the other's amount and payment id.

The client now holds every payment answer to the sale it asked about (`check_answer`): a
number beyond the API's range, another currency, an approval for more than asked, or for
less without `partial`, or a batch with a different count, is a BadResponse, which a till
treats as an unknown outcome (asked again under the same key, never recorded as told).

Each answer here starts from a real one, from a real server, and is then changed as the
attacker would; a real HTTP server on 127.0.0.1 (Canned) sends it."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from kinpay import schemas
from kinpay.client import Client, new_idempotency_key
from kinpay.device import Device
from kinpay.errors import BadResponse
from tests.kinpay.canned import Canned
from tests.server.helpers import now

ASKED = 1500


@pytest.fixture
def real_answer(sqlite_world: dict[str, Any]) -> dict[str, Any]:
    """A real approval of ¥15.00, as the server's JSON."""
    device = Device.load(sqlite_world["delegate"]["device"])
    t = now()
    code = device.code_at(t)
    device.bump(t)
    with Client(sqlite_world["server_url"], token=sqlite_world["merchant"]["api_key"]) as c:
        paid, _ = c.pay(code, ASKED, "CNY", idempotency_key=new_idempotency_key())
    assert paid.status == "approved" and paid.amount == ASKED
    body: dict[str, Any] = paid.model_dump(mode="json")
    return body


def _changed(answer: dict[str, Any], change: Callable[[dict[str, Any]], None]) -> bytes:
    body = copy.deepcopy(answer)
    change(body)
    return json.dumps(body).encode()


def _pay(url: str, *, partial: bool = False) -> schemas.Payment:
    with Client(url, retries=0) as client:
        paid, _ = client.pay("KP1:anything", ASKED, "CNY", idempotency_key="k-hostile",
                             partial=partial)
    return paid


@pytest.mark.parametrize(("change", "says"), [
    (lambda b: b.update(amount=1), "approved 1 where 1500 was asked"),
    (lambda b: b.update(amount=900_000), "approved 900000 where 1500 was asked"),
    (lambda b: b.update(amount=-1000), "amount"),
    (lambda b: b.update(amount=2**63), "amount"),
    (lambda b: b["remaining"].update(daily=2**64), "remaining.daily"),
    (lambda b: b.update(refunded=2**63), "refunded"),
    (lambda b: b.update(created_at=2**63), "created_at"),
    (lambda b: b.update(currency="ZZZ"), "an answer in 'ZZZ' for a sale in CNY"),
    (lambda b: b.update(currency="USD"), "an answer in 'USD' for a sale in CNY"),
], ids=["less", "more", "negative", "2**63", "remaining-2**64", "refunded-2**63",
        "created-2**63", "unknown-currency", "other-currency"])
def test_an_answer_for_another_sale_is_a_bad_response(
        real_answer: dict[str, Any], change: Callable[[dict[str, Any]], None],
        says: str) -> None:
    with Canned(body=_changed(real_answer, change)) as server:
        with pytest.raises(BadResponse) as err:
            _pay(server.url)
    assert "POST /v1/payments" in str(err.value) and says in str(err.value)


def test_the_real_answer_and_a_part_of_a_partial_sale_are_taken(
        real_answer: dict[str, Any]) -> None:
    with Canned(body=json.dumps(real_answer).encode()) as server:
        assert _pay(server.url).amount == ASKED
    part = _changed(real_answer, lambda b: b.update(amount=900, requested=ASKED))
    with Canned(body=part) as server:
        assert _pay(server.url, partial=True).amount == 900  # the till said it takes part
        with pytest.raises(BadResponse):
            _pay(server.url)  # and one that didn't, never


def test_a_declined_answer_is_taken_whatever_amount_it_names(
        real_answer: dict[str, Any]) -> None:
    declined = _changed(real_answer, lambda b: b.update(
        status="declined", decline_code="limit_daily", amount=ASKED))
    with Canned(body=declined) as server:
        assert _pay(server.url).status == "declined"


def _offline(n: int, amount: int) -> schemas.OfflinePayment:
    return schemas.OfflinePayment(id=f"offline-item-{n}", code="KP1:x", amount=amount,
                                  currency="CNY", accepted_at=now())


def test_an_offline_batch_answered_short_or_out_of_order_is_a_bad_response(
        real_answer: dict[str, Any]) -> None:
    items = [_offline(1, 500), _offline(2, 700)]
    first = {**real_answer, "amount": 500, "offline": True}
    second = {**real_answer, "amount": 700, "offline": True}
    for results, says in (([first], "1 answers for 2 payments"),
                          ([second, first], "approved 700 where 500 was asked")):
        with Canned(body=json.dumps({"results": results}).encode()) as server:
            with Client(server.url, retries=0) as client:
                with pytest.raises(BadResponse) as err:
                    client.offline_batch(items)
        assert says in str(err.value)
    with Canned(body=json.dumps({"results": [first, second]}).encode()) as server:
        with Client(server.url, retries=0) as client:
            assert [r.amount for r in client.offline_batch(items)] == [500, 700]


def test_a_completed_approval_for_another_amount_is_a_bad_response(
        real_answer: dict[str, Any]) -> None:
    with Canned(body=_changed(real_answer, lambda b: b.update(amount=1))) as server:
        with Client(server.url, retries=0) as client:
            with pytest.raises(BadResponse) as err:
                client.complete_approval("appr_1", ASKED, "CNY", idempotency_key="k1")
    assert "approved 1 where 1500 was asked" in str(err.value)


@pytest.fixture
def real_refund(sqlite_world: dict[str, Any], real_answer: dict[str, Any]) -> dict[str, Any]:
    """A real refund of ¥5.00 of the real ¥15.00 approval, as the server's JSON."""
    with Client(sqlite_world["server_url"], token=sqlite_world["merchant"]["api_key"]) as c:
        back = c.refund(real_answer["id"], 500, idempotency_key=new_idempotency_key())
    assert back.amount == 500 and back.payment.refunded == 500
    body: dict[str, Any] = back.model_dump(mode="json")
    return body


def _refund(url: str, payment_id: str) -> schemas.Refund:
    with Client(url, retries=0) as client:
        return client.refund(payment_id, 500, idempotency_key="k-refund")


@pytest.mark.parametrize(("change", "says"), [
    (lambda b: b.update(payment_id="pay_other"), "another payment"),
    (lambda b: b["payment"].update(id="pay_other"), "another payment"),
    (lambda b: b.update(currency="USD"), "a refund in 'USD' of a payment in 'CNY'"),
    (lambda b: b.update(amount=50), "refunded 50 (+0) where 500 (+0) was asked"),
    (lambda b: b["payment"].update(refunded=0), "0 refunded of a payment of 1500"),
    (lambda b: b["payment"].update(refunded=1_500_000_000),
     "1500000000 refunded of a payment of 1500"),
], ids=["other-payment", "other-payment-inside", "other-currency", "other-amount",
        "nothing-refunded", "refunded-past-the-sale"])
def test_a_refund_answer_for_another_refund_is_a_bad_response(
        real_refund: dict[str, Any], change: Callable[[dict[str, Any]], None],
        says: str) -> None:
    """Attack review 36c, finding 5: the till wrote a refund's answer into its journal as
    it came (another payment's in USD left the sale refundable again in full; "refunded
    ¥15,000,000.00" stood in the day's report). Each answer here is a real one, changed."""
    with Canned(body=_changed(real_refund, change)) as server:
        with pytest.raises(BadResponse) as err:
            _refund(server.url, real_refund["payment_id"])
    assert says in str(err.value), str(err.value)


def test_the_real_refund_answer_is_taken(real_refund: dict[str, Any]) -> None:
    with Canned(body=json.dumps(real_refund).encode()) as server:
        assert _refund(server.url, real_refund["payment_id"]).payment.refunded == 500
