"""A parent changes an allowance after the child bought offline (attack review 36b): an end
date set in the past (PATCH took it, and, a tightening, without the password) declined, at
upload, the offline sales the till had accepted while the allowance ran (`grant_expired`),
where a stop (row 3) honours them; and a per-payment limit lowered with the offline cap
declined a sale within the cap of the certificate the till held, inside that certificate's
10-minute grace. Now an end date is in the future, as for a new allowance (400
`bad_expiry`), and an offline sale within its certificate's cap is not judged by a lower
per-payment limit made after it (docs/security.md row 76)."""

from __future__ import annotations

import time
import uuid

import httpx

from tests.security.conftest import balance_of, shop_key, victim
from tests.servers import ServerProcess


def _auth(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _offline_sale(fam: object, at: int) -> dict[str, object]:
    code = fam.device.code_at(at)  # type: ignore[attr-defined]
    return {"id": f"off-{uuid.uuid4().hex}", "code": code, "amount": 1_500, "currency": "CNY",
            "accepted_at": at, "items": [{"name": "Groceries", "unit_amount": 1_500}]}


def test_an_allowance_is_not_ended_in_the_past_and_offline_sales_stand(
    server: ServerProcess,
) -> None:
    t0 = int(time.time())
    server.set_clock(t0)
    try:
        retro = victim(server, limits=(5_000, 10_000, 100_000), offline_cap=2_000)
        lowered = victim(server, limits=(5_000, 10_000, 100_000), offline_cap=2_000)
        key = shop_key(server)
        t1 = t0 + 3600  # the link is down; the till accepts two 15.00 sales
        server.set_clock(t1)
        sales = [_offline_sale(retro, t1), _offline_sale(lowered, t1)]
        before = [balance_of(retro.payer), balance_of(lowered.payer)]
        server.set_clock(t1 + 120)  # two minutes on, the parents change their allowances
        with httpx.Client(base_url=server.url, timeout=30) as http:
            ended = http.patch(f"/v1/grants/{retro.grant.id}", headers=_auth(retro.payer.token),
                               json={"expires_at": t0 + 600})
            lower = http.patch(f"/v1/grants/{lowered.grant.id}",
                               headers=_auth(lowered.payer.token),
                               json={"limits": {"per_payment": 1_000, "daily": 10_000,
                                                "monthly": 100_000}, "offline_cap": 1_000})
            server.set_clock(t1 + 180)  # the link is back: the till uploads
            upload = http.post("/v1/offline-batches", headers=_auth(key),
                               json={"payments": sales})
    finally:
        server.set_clock(None)
    assert ended.status_code == 400 and ended.json()["error"]["code"] == "bad_expiry", ended.text
    assert lower.status_code == 200, lower.text
    assert upload.status_code == 200, upload.text
    results = upload.json()["results"]
    assert [(r["status"], r["decline_code"]) for r in results] == [("approved", None)] * 2
    assert [balance_of(retro.payer), balance_of(lowered.payer)] == [b - 1_500 for b in before]
    retro.close()
    lowered.close()
