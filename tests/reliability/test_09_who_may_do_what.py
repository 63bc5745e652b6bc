"""Item 9. Who may do what: every endpoint that takes an object id, tried by every other role
and by another user of the same role: unauthorized successes 0. Extra fields in requests (a
limit, a balance, a merchant id, a role): refused, and changed fields 0."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from kinpay.client import new_idempotency_key
from tests.reliability.kit import quick_families, report, terminals
from tests.server.helpers import now, pay
from tests.servers import ServerProcess

pytestmark = pytest.mark.soak


def snapshot(fam: Any, term: Any, payment_id: str) -> dict[str, Any]:
    return {
        "grant": fam.payer.grant(fam.grant.id).model_dump(),
        "balance": fam.payer.account().model_dump(),
        "payment": term.payment(payment_id).model_dump(),
        "shop": term.account().model_dump(),
    }


def test_no_role_reaches_another_owners_objects(server: ServerProcess, engine: str) -> None:
    own, other = quick_families(server.db, server.url, 2)
    shop, same_shop_b = terminals(server.db, server.url, 2, merchant=f"shop-{now()}")
    [other_shop] = terminals(server.db, server.url, 1)
    t = now()
    code = own.device.code_at(t)
    own.device.bump(t)
    paid = pay(shop, code, 500)
    assert paid.status == "approved"
    g, p = own.grant.id, paid.id
    pairing = own.payer.new_pairing(g).pairing_code
    actors = {
        "owner payer": own.payer.token, "owner delegate": own.delegate.token,
        "other payer": other.payer.token, "other delegate": other.delegate.token,
        "shop terminal": shop.token, "same shop's other terminal": same_shop_b.token,
        "other shop's terminal": other_shop.token, "nobody": None,
    }
    # (method, path, body, who may) for every route that names an object.
    endpoints: list[tuple[str, str, Any, set[str]]] = [
        ("GET", f"/v1/grants/{g}", None, {"owner payer", "owner delegate"}),
        ("GET", f"/v1/grants/{g}/payments", None, {"owner payer", "owner delegate"}),
        ("PATCH", f"/v1/grants/{g}", {"offline_cap": 100}, {"owner payer"}),
        ("POST", f"/v1/grants/{g}/pairing", None, {"owner payer"}),
        ("POST", "/v1/devices", {"pairing_code": pairing, "public_key": "A" * 43 + "="},
         {"owner delegate"}),
        ("GET", f"/v1/payments/{p}", None, {"shop terminal", "same shop's other terminal"}),
        ("POST", f"/v1/payments/{p}/refunds", {"amount": 1},
         {"shop terminal", "same shop's other terminal"}),
        ("POST", f"/v1/grants/{g}/revoke", None, {"owner payer"}),
    ]
    tried = unauthorized = 0
    with httpx.Client(base_url=server.url, timeout=10) as http:
        for method, path, body, allowed in endpoints:
            for who, token in actors.items():
                if who in allowed:
                    continue
                headers = {"Idempotency-Key": new_idempotency_key()}
                if token:
                    headers["Authorization"] = f"Bearer {token}"
                r = http.request(method, path, json=body, headers=headers)
                tried += 1
                if r.status_code < 400:
                    unauthorized += 1
                    print(f"{who} did {method} {path}: {r.status_code}")
                assert r.status_code in (401, 403, 404), (who, method, path, r.text)
        # The lists only ever show the caller's own.
        for who in ("other payer", "other delegate"):
            r = http.get("/v1/grants", headers={"Authorization": f"Bearer {actors[who]}"})
            unauthorized += any(x["id"] == g for x in r.json()["grants"])
        for scope in ("terminal", "merchant"):
            r = http.get("/v1/payments", params={"scope": scope, "terminal_id": shop.token},
                         headers={"Authorization": f"Bearer {other_shop.token}"})
            unauthorized += any(x["id"] == p for x in r.json()["payments"])
    # Nothing changed: the grant is active with its cap, nothing refunded, still paired.
    grant = own.payer.grant(g)
    assert grant.status == "active" and grant.offline_cap == own.grant.offline_cap
    assert shop.payment(p).refunded == 0
    report("09", "foreign requests tried", tried, engine=engine)
    report("09", "unauthorized successes", unauthorized, engine=engine)
    for c in (shop, same_shop_b, other_shop):
        c.close()
    for f in (own, other):
        f.close()
    assert unauthorized == 0


def test_extra_fields_change_nothing(server: ServerProcess, engine: str) -> None:
    [fam] = quick_families(server.db, server.url, 1)
    [term] = terminals(server.db, server.url, 1)
    t = now()
    code = fam.device.code_at(t)
    fam.device.bump(t)
    paid = pay(term, code, 500)
    before = snapshot(fam, term, paid.id)
    payer = {"Authorization": f"Bearer {fam.payer.token}"}
    terminal = {"Authorization": f"Bearer {term.token}"}
    code2 = fam.device.code_at(t)
    extras = [
        ("PATCH", f"/v1/grants/{fam.grant.id}", payer,
         {"offline_cap": 100, "status": "active", "payer_id": "x"}),
        ("PATCH", f"/v1/grants/{fam.grant.id}", payer, {"spending": {"today": 0}}),
        ("PATCH", f"/v1/grants/{fam.grant.id}", payer,
         {"limits": {"per_payment": 1, "daily": 1, "monthly": 1, "balance": 10**9}}),
        ("POST", "/v1/accounts/me/top-up", payer, {"amount": 1, "balance": 10**9}),
        ("POST", "/v1/accounts/me/top-up", payer, {"amount": 1, "owner": "someone"}),
        ("POST", "/v1/payments", terminal,
         {"code": code2, "amount": 1, "currency": "CNY", "merchant_id": "m"}),
        ("POST", "/v1/payments", terminal,
         {"code": code2, "amount": 1, "currency": "CNY", "status": "approved"}),
        ("POST", f"/v1/payments/{paid.id}/refunds", terminal,
         {"amount": 1, "payment_id": "other"}),
        ("POST", "/v1/offline-batches", terminal,
         {"payments": [{"id": "offline-extra-1", "code": code2, "amount": 1,
                        "currency": "CNY", "accepted_at": t, "terminal_id": "x"}]}),
        ("POST", "/v1/users", {}, {"name": f"x{t}", "password": "correct horse battery",
                                   "role": "payer", "balance": 10**9}),
        ("POST", "/v1/users", {}, {"name": f"y{t}", "password": "correct horse battery",
                                   "role": "admin"}),
        ("POST", "/v1/grants", payer, {"delegate": fam.grant.delegate, "limits": {
            "per_payment": 1, "daily": 1, "monthly": 1}, "status": "active", "payer": "z"}),
    ]
    accepted = 0
    with httpx.Client(base_url=server.url, timeout=10) as http:
        for method, path, headers, body in extras:
            r = http.request(method, path, json=body,
                             headers={**headers, "Idempotency-Key": new_idempotency_key()})
            accepted += r.status_code < 400
            assert r.status_code == 422, (path, body, r.text)
    after = snapshot(fam, term, paid.id)
    changed = sum(1 for k in before if before[k] != after[k])
    report("09", "requests with extra fields", len(extras), engine=engine)
    report("09", "extra fields accepted", accepted, engine=engine)
    report("09", "changed fields", changed, engine=engine)
    assert accepted == changed == 0
    term.close()
    fam.close()
