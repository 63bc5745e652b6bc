"""A shop charges an allowance in a currency the shop doesn't take. The operator adds a
shop under one currency (`kinpay terminal add --currency`, and a second terminal of the
shop under another is refused), yet the payment only compared the sale's currency with the
allowance's: a CNY shop's till set to USD (or its key's holder) was paid from a USD
allowance into a USD account the operator never opened for it, online and offline.
Bound: a sale in any currency but its shop's is declined (`currency_mismatch`), before the
grant's rules, and the code is used up as by any decline."""

from __future__ import annotations

import uuid

import httpx

from kinpay import schemas
from tests.security.conftest import balance_of, fund, post_payment, shop_key
from tests.server.helpers import now, user
from tests.servers import ServerProcess


def test_a_cny_shop_can_not_charge_a_usd_allowance(server: ServerProcess) -> None:
    payer, delegate = user(server.url, "payer"), user(server.url, "delegate")
    fund(server.db, payer.me().name, "100.00", currency="USD")
    grant = payer.create_grant(schemas.GrantCreate(
        delegate=delegate.me().name, currency="USD", offline_cap=1_000,
        limits=schemas.Limits(per_payment=5_000, daily=5_000, monthly=5_000)))
    tablet = delegate.pair(grant.pairing_code)
    key = shop_key(server)  # a grocery shop that takes CNY (the operator's default)
    t = now()
    with httpx.Client(timeout=30) as http:
        online = post_payment(http, server.url, key,
                              {"code": tablet.code_at(t), "amount": 1_000, "currency": "USD"})
        tablet.bump(t)
        offline = http.post(
            f"{server.url}/v1/offline-batches", headers={"Authorization": f"Bearer {key}"},
            json={"payments": [{"id": f"off-{uuid.uuid4().hex}", "code": tablet.code_at(t),
                                "amount": 1_000, "currency": "USD", "accepted_at": t}]})
    assert online.status_code == 201
    assert (online.json()["status"], online.json()["decline_code"]) == (
        "declined", "currency_mismatch")
    assert offline.status_code == 200
    [result] = offline.json()["results"]
    assert (result["status"], result["decline_code"]) == ("declined", "currency_mismatch")
    assert balance_of(payer, "USD") == 10_000
    payer.close()
    delegate.close()
