"""Ids in time order (kinpay.ids): a row's id now begins with the millisecond it was made,
so whoever sees one id (a receipt, a till's screen) knows roughly where the others of that
moment lie. The attacker here is another shop's till: it holds a victim shop's payment id
outright, and tries ids of the same millisecond. Bound: the id is only an address; every
route that takes one answers only the principal it belongs to, and the 80 random bits after
the time leave nothing to walk. No hole was found: this keeps the bound as the ids change
(docs/security.md row 41)."""

from __future__ import annotations

import secrets

import httpx

from tests.security.conftest import balance_of, post_payment, shop_key, victim
from tests.server.helpers import now
from tests.server.test_payments import fresh
from tests.servers import ServerProcess

GUESSES = 50  # ids sharing the victim payment's millisecond


def test_another_shops_till_can_neither_read_nor_refund_a_payment_by_its_id(
    server: ServerProcess,
) -> None:
    fam = victim(server)
    shop, thief = shop_key(server), shop_key(server)
    with httpx.Client(timeout=30) as http:
        paid = post_payment(http, server.url, shop,
                            {"code": fresh(fam.device, now()), "amount": 1_500,
                             "currency": "CNY"})
        assert paid.status_code == 201 and paid.json()["status"] == "approved"
        pid = paid.json()["id"]
        before = balance_of(fam.payer)

        def as_(key: str) -> dict[str, str]:
            return {"Authorization": f"Bearer {key}", "Idempotency-Key": secrets.token_hex(16)}

        assert http.get(f"{server.url}/v1/payments/{pid}", headers=as_(shop)).status_code == 200
        # The thief's till, holding the exact id.
        assert http.get(f"{server.url}/v1/payments/{pid}", headers=as_(thief)).status_code == 404
        refund = http.post(f"{server.url}/v1/payments/{pid}/refunds", headers=as_(thief),
                           json={"amount": 1_500})
        assert refund.status_code == 404, refund.text
        rest = http.post(f"{server.url}/v1/payments/{pid}/rest", headers=as_(thief),
                         json={"how": "cash"})
        assert rest.status_code == 404, rest.text
        # Ids of the same millisecond, and the victim shop's own till asking (it could see
        # neighbours only if they were its own): nothing is found by walking them.
        for _ in range(GUESSES):
            guess = pid[:12] + secrets.token_hex(10)
            for key in (thief, shop):
                r = http.get(f"{server.url}/v1/payments/{guess}", headers=as_(key))
                assert r.status_code in (404, 429), (guess, r.status_code, r.text)
    assert balance_of(fam.payer) == before  # nothing went back to anyone
    fam.close()
