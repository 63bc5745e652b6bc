"""Every list of payments is newest first, also among payments of the same second: a
payment's time is kept in whole seconds, and the lists broke its ties by id ascending, so
the child's list, the parent's and a till's history showed a second's sales oldest first
(seen in the wallet's screenshots: three purchases of one second listed in the order they
were made, under "newest first"). Ids are made in time order (kinpay.ids.ordered_id): ties
go by id descending. On both engines, with the test server's clock held on one second."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from kinpay.client import Client, new_idempotency_key
from tests.server.helpers import Family, server_now
from tests.server.test_payments import fresh
from tests.servers import ServerProcess


@pytest.fixture
def held(server: ServerProcess) -> Iterator[int]:
    """The server's clock held on one second, and let go after."""
    now = server_now(server.url)
    httpx.put(f"{server.url}/v1/_test/clock", json={"now": now}).raise_for_status()
    try:
        yield now
    finally:
        httpx.put(f"{server.url}/v1/_test/clock", json={"now": None}).raise_for_status()


def test_payments_of_one_second_are_listed_newest_first(
    fam: Family, term: Client, held: int
) -> None:
    made = []
    for amount in (100, 200, 300):
        paid, _ = term.pay(fresh(fam.device, held), amount, "CNY",
                           idempotency_key=new_idempotency_key())
        assert paid.status == "approved" and paid.created_at == held
        made.append(paid.id)
    newest_first = list(reversed(made))
    for listing in (fam.payer.grant_payments(fam.grant.id),
                    fam.delegate.grant_payments(fam.grant.id),
                    term.payments(), term.payments(scope="merchant")):
        assert [p.id for p in listing if p.id in made] == newest_first


def test_questions_of_one_second_are_listed_newest_first(
    fam: Family, term: Client, held: int
) -> None:
    """The parent's and the child's asked questions (issue 15 §1), the same way."""
    asked = []
    for amount in (6_000, 7_000, 8_000):  # each over the family's ¥50.00 a payment
        declined, _ = term.pay(fresh(fam.device, held), amount, "CNY",
                               idempotency_key=new_idempotency_key())
        assert declined.decline_code == "limit_per_payment" and declined.askable
        asked.append(term.ask(declined.id).id)
    newest_first = list(reversed(asked))
    for who in (fam.payer, fam.delegate):
        assert [a.id for a in who.approvals() if a.id in asked] == newest_first
