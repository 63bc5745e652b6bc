"""Attacks on asking the payer at the till (issue 15 §1), as the attacker would run them:
over HTTP against a shop's real server. The attacker is a dishonest till (replaying one
"yes" for a bigger sale, other items, another till, a second charge), another family's
payer answering a stranger's question, the child answering their own, or anyone sending
garbage. Each attack is refused with a clear error and moves no money; none is a 500.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import httpx
import pytest

from kinpay.client import Client, new_idempotency_key
from tests.security.conftest import Victim, balance_of, shop_key, victim
from tests.server.helpers import PASSWORD


@pytest.fixture(scope="module")
def engine() -> str:
    return "sqlite"  # the exactly-once race runs on both engines in tests/server


@pytest.fixture(scope="module")
def family(server) -> Iterator[Victim]:  # type: ignore[no-untyped-def]
    v = victim(server, limits=(1_000, 1_000_000, 10_000_000))
    yield v
    v.close()


@pytest.fixture(scope="module")
def tills(server) -> Iterator[tuple[Client, Client]]:  # type: ignore[no-untyped-def]
    mine, other = (Client(server.url, token=shop_key(server)) for _ in range(2))
    yield mine, other
    mine.close()
    other.close()


def _allowed(family: Victim, till: Client) -> tuple[str, str]:
    """A 15.00 sale over one payment's limit, asked about and allowed: approval id, key."""
    key = new_idempotency_key()
    declined, _ = till.pay(_fresh(family), 1_500, "CNY", idempotency_key=key)
    assert declined.askable
    approval = till.ask(declined.id)
    family.payer.answer_approval(approval.id, allow=True)
    return approval.id, key


def _fresh(family: Victim) -> str:
    now = int(time.time())
    code = family.device.code_at(now)
    family.device.bump(now)
    return code


def _complete(url: str, token: str, approval_id: str, key: str, body: object) -> httpx.Response:
    return httpx.post(f"{url}/v1/approvals/{approval_id}/complete", json=body,
                      headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key})


def test_one_yes_is_not_a_blank_cheque(server, family: Victim,  # type: ignore[no-untyped-def]
                                        tills: tuple[Client, Client]) -> None:
    mine, other = tills
    approval_id, key = _allowed(family, mine)
    before = balance_of(family.payer)
    attempts = {
        "a bigger amount": (mine.token, key, {"amount": 150_000, "currency": "CNY"}),
        "other items": (mine.token, key, {"amount": 1_500, "currency": "CNY", "items": [
            {"name": "Whisky", "unit_amount": 1_500, "category": "alcohol"}]}),
        "another currency": (mine.token, key, {"amount": 1_500, "currency": "USD"}),
        "another key": (mine.token, "fresh-" + uuid.uuid4().hex, {"amount": 1_500,
                                                                  "currency": "CNY"}),
    }
    for what, (token, idem, body) in attempts.items():
        r = _complete(server.url, str(token), approval_id, idem, body)
        assert (r.status_code, r.json()["error"]["code"]) == (409, "approval_mismatch"), what
    # Another till holding the id sees nothing there.
    r = _complete(server.url, str(other.token), approval_id, key,
                  {"amount": 1_500, "currency": "CNY"})
    assert (r.status_code, r.json()["error"]["code"]) == (404, "not_found")
    assert balance_of(family.payer) == before
    # The real sale goes through, once; then the approval is spent.
    assert _complete(server.url, str(mine.token), approval_id, key,
                     {"amount": 1_500, "currency": "CNY"}).status_code == 201
    again = _complete(server.url, str(mine.token), approval_id, "second-" + uuid.uuid4().hex,
                      {"amount": 1_500, "currency": "CNY"})
    assert (again.status_code, again.json()["error"]["code"]) == (409, "approval_used")
    assert balance_of(family.payer) == before - 1_500


def test_only_the_payer_answers(server, family: Victim,  # type: ignore[no-untyped-def]
                                tills: tuple[Client, Client]) -> None:
    mine, other = tills
    declined, _ = mine.pay(_fresh(family), 1_500, "CNY", idempotency_key=new_idempotency_key())
    approval = mine.ask(declined.id)
    # Another family's parent: an account, no more. Signing up costs a scrypt hash: a
    # loaded test machine gets a longer read timeout than a till's.
    stranger = Client(server.url, timeout_s=20)
    name = f"stranger-{uuid.uuid4().hex[:8]}"
    stranger.sign_up(name, PASSWORD, "payer")
    stranger.sign_in(name, PASSWORD)
    try:
        url = f"{server.url}/v1/approvals/{approval.id}"
        for who, status in ((stranger.token, 404), (family.delegate.token, 403),
                            (mine.token, 403)):
            r = httpx.post(f"{url}/answer", json={"allow": True},
                           headers={"Authorization": f"Bearer {who}"})
            assert r.status_code == status, r.text
        # Nor may a stranger read it, or another till read or cancel it.
        for who in (stranger.token, other.token):
            r = httpx.get(url, headers={"Authorization": f"Bearer {who}"})
            assert r.status_code == 404
        r = httpx.post(f"{url}/cancel", headers={"Authorization": f"Bearer {other.token}"})
        assert r.status_code == 404
        # Nor may another till ask about this till's declined sale.
        r = httpx.post(f"{server.url}/v1/approvals", json={"payment_id": declined.id},
                       headers={"Authorization": f"Bearer {other.token}"})
        assert r.status_code == 404
        assert mine.approval(approval.id).status == "pending"
    finally:
        stranger.close()
        mine.cancel_approval(approval.id)


HOSTILE_IDS = ["x" * 65, "%2e%2e", "' OR 1=1 --", "%00", "\u202e", "🙂" * 10]
HOSTILE_BODIES: list[object] = [
    {"allow": "yes"}, {"allow": 1}, {"allow": None}, {}, [], "true", {"allow": True, "x": 1},
]


def test_garbage_gets_a_clear_answer_never_a_500(  # type: ignore[no-untyped-def]
    server, family: Victim, tills: tuple[Client, Client]
) -> None:
    mine, _other = tills
    auth = {"Authorization": f"Bearer {family.payer.token}"}
    till = {"Authorization": f"Bearer {mine.token}"}
    with httpx.Client(base_url=server.url) as http:
        for bad in HOSTILE_IDS:
            for method, path, headers in (("GET", "", till), ("POST", "/cancel", till),
                                          ("POST", "/answer", auth)):
                r = http.request(method, f"/v1/approvals/{bad}{path}", headers=headers,
                                 json={"allow": True})
                assert r.status_code in (400, 404, 422), (bad, path, r.status_code)
                # 400 for "%00": no NUL passes the front door (test_hostile_text.py)
                assert r.json()["error"]["code"] in ("bad_request", "not_found",
                                                     "invalid_request")
        for body in HOSTILE_BODIES:
            r = http.post("/v1/approvals/abc/answer", headers=auth, json=body)
            assert r.status_code == 422, body
        for body in ({"payment_id": "p", "expires_in_s": 10_000}, {"payment_id": ""},
                     {"payment_id": "p", "expires_in_s": "120"}, {"payment_id": ["p"]}):
            r = http.post("/v1/approvals", headers=till, json=body)
            assert r.status_code == 422, body
        r = http.get("/v1/approvals/abc", params={"wait_s": 3600}, headers=till)
        assert r.status_code == 422
        r = http.post("/v1/approvals/abc/complete", headers=till,
                      json={"amount": 1_500, "currency": "CNY"})
        assert (r.status_code, r.json()["error"]["code"]) == (400, "idempotency_key_missing")
        r = http.post("/v1/approvals", headers=till, json={"payment_id": "nope"})
        assert r.status_code == 404


def test_a_split_sale_can_not_ask_the_payer_for_its_cash_part_too(  # type: ignore[no-untyped-def]
    server, family: Victim, tills: tuple[Client, Client]
) -> None:
    """A till takes ¥15.00 in cash and asks the code for the other ¥15.00 of a ¥30.00
    sale, over the ¥10.00 per-payment limit. Asked and allowed, the payer paid ¥30.00: the
    approval held the whole sale, so the shop got ¥45.00 for it. A split sale's decline is
    not askable: the code's part can't be charged as the whole."""
    mine, _other = tills
    key = new_idempotency_key()
    body = {"code": _fresh(family), "amount": 3_000, "currency": "CNY",
            "tenders": [{"kind": "cash", "amount": 1_500}]}
    before = balance_of(family.payer)
    auth = {"Authorization": f"Bearer {mine.token}"}
    with httpx.Client(base_url=server.url, timeout=10) as http:
        declined = http.post("/v1/payments", json=body, headers={**auth, "Idempotency-Key": key})
        assert declined.status_code == 201
        assert (declined.json()["decline_code"], declined.json()["amount"]) == (
            "limit_per_payment", 1_500)
        assert declined.json().get("askable", False) is False
        asked = http.post("/v1/approvals", json={"payment_id": declined.json()["id"]},
                          headers=auth)
        assert (asked.status_code, asked.json()["error"]["code"]) == (409, "not_askable")
    assert balance_of(family.payer) == before
