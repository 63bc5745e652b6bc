"""Offline batches settle once; the event stream delivers and resumes; owners only."""

from __future__ import annotations

import threading
import time
import uuid

import httpx
import pytest

from kinpay import schemas
from kinpay.client import Client
from kinpay.errors import Conflict, Forbidden, NotFound, ServerUnreachable
from tests.server.helpers import Family, check_ledger, family, now, pay, payer_balance, user
from tests.server.test_payments import fresh
from tests.servers import ServerProcess


def offline_item(code: str, amount: int, at: int) -> schemas.OfflinePayment:
    return schemas.OfflinePayment(
        id=f"off-{uuid.uuid4().hex}", code=code, amount=amount, currency="CNY", accepted_at=at
    )


def test_offline_batch_uploaded_twice_settles_once(
    server: ServerProcess, fam: Family, term: Client
) -> None:
    before = payer_balance(fam)
    t = now() - 30
    items = [offline_item(fresh(fam.device, t), 500, t) for _ in range(3)]
    first = term.offline_batch(items)
    assert [p.status for p in first] == ["approved"] * 3
    assert all(p.offline for p in first)
    again = term.offline_batch(list(reversed(items)))
    assert {p.id for p in again} == {p.id for p in first}
    half = term.offline_batch(items[:1])
    assert half[0].id == first[0].id
    assert payer_balance(fam) == before - 1_500
    assert check_ledger(server.db)["ok"]


@pytest.mark.parametrize("partial", [True, False])
def test_a_sale_sent_online_then_queued_offline_under_its_key_is_that_sale(
    server: ServerProcess, fam: Family, term: Client, partial: bool
) -> None:
    """Attack review 33: a till sent a sale online, the server decided it, the answer was
    lost, and the till queued the same sale offline under the same key. Each upload was 409
    `idempotency_conflict` for the whole batch, for good (PostgreSQL settled nothing behind
    it; SQLite settled the rest and the till never heard). Now that item is answered the
    sale's outcome, charged once, and the rest of the batch is settled; an item under a used
    key that is another sale is still a conflict."""
    before = payer_balance(fam)
    t = now() - 20
    code, key = fresh(fam.device, t), f"sale-{uuid.uuid4().hex}"
    # The till sends a sale online taking part (it collects any rest another way).
    online, _ = term.pay(code, 1_500, "CNY", idempotency_key=key, partial=partial)
    assert online.status == "approved"
    same = schemas.OfflinePayment(id=key, code=code, amount=1_500, currency="CNY",
                                  accepted_at=t)
    later = offline_item(fresh(fam.device, t), 700, t)
    answered = term.offline_batch([same, later])
    assert [(p.id, p.status, p.amount) for p in answered] == [
        (online.id, "approved", 1_500), (answered[1].id, "approved", 700)]
    assert answered[1].id != online.id
    assert payer_balance(fam) == before - 2_200  # the first sale once, not twice
    # Another sale under that key (another amount) is not that sale.
    other = same.model_copy(update={"amount": 1_400})
    with pytest.raises(Conflict) as err:
        term.offline_batch([other])
    assert err.value.code == "idempotency_conflict"
    assert payer_balance(fam) == before - 2_200
    assert check_ledger(server.db)["ok"]


def test_offline_payment_beyond_the_cap_or_reused_is_declined(
    server: ServerProcess, term: Client
) -> None:
    fam = family(server.url, offline_cap=1_000)
    t = now() - 10
    code = fresh(fam.device, t)
    over = term.offline_batch([offline_item(fresh(fam.device, t), 1_500, t)])
    assert over[0].decline_code == "limit_per_payment"
    ok, reused = term.offline_batch([offline_item(code, 800, t), offline_item(code, 800, t)])
    assert ok.status == "approved"
    assert reused.decline_code == "code_used"
    # The same code later online: used up.
    assert pay(term, code, 100).decline_code == "code_used"
    fam.close()


def test_offline_payment_accepted_before_a_revoke_is_honoured(
    server: ServerProcess, fam: Family, term: Client
) -> None:
    t = now() - 20
    code = fresh(fam.device, t)
    fam.payer.revoke_grant(fam.grant.id)
    [result] = term.offline_batch([offline_item(code, 400, t)])
    assert result.status == "approved"
    [late] = term.offline_batch([offline_item(fresh(fam.device), 400, now() + 1)])
    assert late.decline_code == "grant_revoked"


def test_foreign_objects_answer_404(server: ServerProcess, fam: Family) -> None:
    other_payer = user(server.url, "payer")
    other_delegate = user(server.url, "delegate")
    for client in (other_payer, other_delegate):
        with pytest.raises(NotFound):
            client.grant(fam.grant.id)
        with pytest.raises(NotFound):
            client.grant_payments(fam.grant.id)
    with pytest.raises(NotFound):
        other_payer.revoke_grant(fam.grant.id)
    with pytest.raises(Forbidden):
        fam.delegate.revoke_grant(fam.grant.id)
    with pytest.raises(NotFound):
        other_delegate.pair(fam.payer.new_pairing(fam.grant.id).pairing_code)
    assert fam.payer.grant(fam.grant.id).status == "active"
    # Extra fields are refused, not quietly applied.
    r = httpx.patch(
        f"{server.url}/v1/grants/{fam.grant.id}",
        headers={"Authorization": f"Bearer {fam.payer.token}"},
        json={"offline_cap": 100, "payer_id": "someone"},
    )
    assert r.status_code == 422
    other_payer.close()
    other_delegate.close()


def test_change_limits_applies_to_the_next_payment(fam: Family, term: Client) -> None:
    change = schemas.GrantChange(
        limits=schemas.Limits(per_payment=200, daily=1_000, monthly=5_000), offline_cap=100
    )
    assert fam.payer.change_grant(fam.grant.id, change).limits.per_payment == 200
    assert pay(term, fresh(fam.device), 300).decline_code == "limit_per_payment"
    assert pay(term, fresh(fam.device), 200).status == "approved"


def test_event_stream_shows_payments_and_resumes_without_loss(
    server: ServerProcess, fam: Family, term: Client
) -> None:
    seen: list[schemas.Event] = []
    got_one = threading.Event()
    listener = Client(server.url, token=fam.payer.token)

    def listen(last_id: int | None) -> None:
        for event in listener.events(last_id=last_id,
                                     until=time.monotonic() + 15):
            if event.type == "payment":
                seen.append(event)
                got_one.set()
                return

    thread = threading.Thread(target=listen, args=(0,), daemon=True)
    thread.start()
    paid = pay(term, fresh(fam.device), 600)
    assert got_one.wait(5)
    thread.join(5)
    assert seen[0].data["id"] == paid.id
    assert seen[0].data["status"] == "approved"
    # While nobody listens, a decline happens; resuming after the last id delivers it.
    declined = pay(term, fresh(fam.device), 999_999)
    got_one.clear()
    thread = threading.Thread(target=listen, args=(seen[0].id,), daemon=True)
    thread.start()
    assert got_one.wait(5)
    thread.join(5)
    assert seen[1].data["id"] == declined.id
    assert seen[1].data["decline_code"] == "limit_per_payment"
    listener.close()


def test_the_ledger_balances_after_payments_and_a_refund(
    server: ServerProcess, fam: Family, term: Client
) -> None:
    # Its own transfers (it once relied on the tests before it having made some): two
    # payments and a refund, checked against the test's own figures, then by kinpay check.
    before = payer_balance(fam)
    first = pay(term, fresh(fam.device), 300)
    second = pay(term, fresh(fam.device), 200)
    assert first.status == second.status == "approved"
    term.refund(first.id, 100, idempotency_key=uuid.uuid4().hex)
    assert payer_balance(fam) == before - 300 - 200 + 100
    report = check_ledger(server.db)
    assert report["exit"] == 0 and report["ok"], report["problems"]
    assert report["transfers"] >= 3


def test_a_stream_that_drops_before_its_first_event_resumes_without_loss(
    server: ServerProcess, fam: Family, term: Client
) -> None:
    """The opening frame names the stream's position, so a client that never saw an event
    still knows where to resume."""
    first = Client(server.url, token=fam.payer.token)
    positions: list[int] = []
    got = threading.Event()

    def open_stream() -> None:
        try:
            for _ in first.events(on_position=lambda p: (positions.append(p), got.set()),
                                  read_timeout_s=10):
                return
        except ServerUnreachable:
            return  # `first.close()` below, while it still read: the connection "lost"

    reader = threading.Thread(target=open_stream, daemon=True)
    reader.start()
    assert got.wait(5), "the stream named no position"
    # From here the first connection is treated as lost: nothing more is read from it.
    paid = pay(term, fresh(fam.device), 450)
    with Client(server.url, token=fam.payer.token) as second:
        resumed = next(
            e for e in second.events(last_id=positions[0], until=time.monotonic() + 15)
            if e.type == "payment"
        )
    assert resumed.data["id"] == paid.id
    first.close()
    # Ended with the test: a reader still running failed in whichever test came next.
    reader.join(15)
    assert not reader.is_alive()
