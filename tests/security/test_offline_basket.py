"""A shop's till uploads an offline sale whose basket doesn't add up to its amount
(attack review 36, finding 1): online a basket must add up, offline it needn't. An
allowed item priced 2 × 10^15 beside a blocked one: the sale was declined
`category_blocked` and its stored answer said `eligible_amount` = 2 × 10^15, more than an
answer may hold, so every read of the allowance's payments (the parent's history, the
child's, the shop's list) answered 500, until 20 newer payments pushed it out, and the shop
could do it again with the next unused code it saw. Now an offline sale's basket adds up as
an online one's, or the batch is refused (422) and nothing is kept: the family's history
reads as before."""

from __future__ import annotations

import uuid

import httpx

from tests.security.conftest import post_payment, shop_key, victim
from tests.server.helpers import now
from tests.server.test_payments import fresh
from tests.servers import ServerProcess


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_an_offline_basket_that_does_not_add_up_is_refused_and_breaks_no_history(
    server: ServerProcess,
) -> None:
    fam = victim(server, blocked_categories=["alcohol", "tobacco", "gambling"])
    key = shop_key(server)
    t = now()
    with httpx.Client(base_url=server.url, timeout=60) as http:
        sale = {"id": f"off-{uuid.uuid4().hex}", "code": fam.device.code_at(t), "amount": 100,
                "currency": "CNY", "accepted_at": t,
                "items": [{"name": "Bread", "unit_amount": 10**15, "quantity": 2},
                          {"name": "Cigarettes", "unit_amount": 100, "category": "tobacco"}]}
        answer = http.post("/v1/offline-batches", json={"payments": [sale]}, headers=_auth(key))
        assert answer.status_code == 422, answer.text
        assert answer.json()["error"]["code"] == "invalid_request"
        assert "add up" in answer.json()["error"]["message"]
        reads = {
            "parent": http.get(f"/v1/grants/{fam.grant.id}/payments",
                               headers=_auth(str(fam.payer.token))),
            "child": http.get(f"/v1/grants/{fam.grant.id}/payments",
                              headers=_auth(str(fam.delegate.token))),
            "shop": http.get("/v1/payments", headers=_auth(key)),
        }
        # The code was not used: the same sale, its basket honest, is paid offline.
        sale["items"] = [{"name": "Bread", "unit_amount": 100}]
        again = http.post("/v1/offline-batches", json={"payments": [sale]}, headers=_auth(key))
    assert {who: r.status_code for who, r in reads.items()} == {
        "parent": 200, "child": 200, "shop": 200}
    assert all(r.json()["payments"] == [] for r in reads.values())
    assert again.status_code == 200, again.text
    assert [r["status"] for r in again.json()["results"]] == ["approved"]
    fam.close()


def _tamper(db: str, payment_id: str, eligible: int) -> None:
    """An older server's row: its stored answer with an `eligible_amount` past what an
    answer may hold (as finding 1's upload left it), written straight into the database."""
    import sqlite3

    import psycopg

    sql = ("UPDATE payments SET response = REPLACE(response, '\"status\"',"
           f" '\"eligible_amount\":{eligible},\"status\"') WHERE id = ?")
    if db.startswith("postgresql://"):
        with psycopg.connect(db) as conn:
            conn.execute(sql.replace("?", "%s"), (payment_id,))
        return
    with sqlite3.connect(db) as lite:
        lite.execute(sql, (payment_id,))
    lite.close()


def test_a_stored_answer_that_no_longer_reads_breaks_no_list(server: ServerProcess) -> None:
    """Kept by an older server, such a row made every list it was in answer 500: now it is
    answered with what every payment says (its id, status, amount, …), and the rest of the
    list with it."""
    fam = victim(server)
    key = shop_key(server)
    t = now()
    with httpx.Client(base_url=server.url, timeout=60) as http:
        paid = [post_payment(http, server.url, key, {
            "code": fresh(fam.device, t), "amount": 100 + i, "currency": "CNY"}).json()
            for i in range(2)]
        _tamper(server.db, paid[0]["id"], 2 * 10**15)
        reads = [http.get(f"/v1/grants/{fam.grant.id}/payments",
                          headers=_auth(str(fam.payer.token))),
                 http.get("/v1/payments", headers=_auth(key)),
                 http.get(f"/v1/payments/{paid[0]['id']}", headers=_auth(key))]
    assert [r.status_code for r in reads] == [200, 200, 200], [r.text for r in reads]
    for listed in (reads[0].json()["payments"], reads[1].json()["payments"]):
        assert sorted((p["id"], p["amount"], p["status"]) for p in listed) == sorted(
            (p["id"], p["amount"], "approved") for p in paid)
    assert reads[2].json()["eligible_amount"] is None
    fam.close()
