"""A shop keeps a code it was paid with, and sends it again and again; or sends offline
items dated days back.

Found by an attack review (2026-12-03). A code the shop's till had scanned once could be
re-uploaded in offline batches under new item ids for 48 hours (or sent online within its
minute): each copy was declined `code_used`, as it should be, but each became a payment on
the family's allowance and an event on the parent's and the child's wallets (1,000 copies,
1,000 declines in the parent's Activity, the child's tablet syncing for each), counted by no
throttle; and each answer named the parent and the child and said what the allowance had
left, live: the shop watched the child spend at other shops. Offline items dated more than
48 hours back were declined `code_expired` before their code was read, and counted by no
throttle either: 100 rows a request without end, where security.md row 13 promised 20.

Bound (security.md row 54): a used code's decline says nothing of the family and tells the
family nothing; invalid, expired and used codes all count against the terminal. Online, or
an invalid code offline: 20 a minute, then the terminal waits (row 13). An expired or used
code in an offline upload counts toward the terminal's uploads alone (20 in 10 minutes, then
its uploads wait 10 minutes), so an honest till that was cut off for days still sells while
its old sales go up 20 at a time.
"""

from __future__ import annotations

import uuid

import httpx

from tests.security.conftest import post_payment, shop_key, victim
from tests.server.helpers import db_rows, now
from tests.servers import ServerProcess

DAY_S = 24 * 3600


def _item(code: str, amount: int, at: int) -> dict[str, object]:
    return {"id": f"off-{uuid.uuid4().hex}", "code": code, "amount": amount,
            "currency": "CNY", "accepted_at": at}


def _upload(http: httpx.Client, key: str, items: list[dict[str, object]]) -> httpx.Response:
    return http.post("/v1/offline-batches", json={"payments": items},
                     headers={"Authorization": f"Bearer {key}"})


def _family_rows(server: ServerProcess, grant_id: str, user_id: str) -> tuple[int, int]:
    """The grant's payment rows and the events the payer's wallet would read."""
    ((payments,),) = db_rows(server.db, "SELECT count(*) FROM payments WHERE grant_id = ?",
                             (grant_id,))
    ((events,),) = db_rows(server.db, "SELECT count(*) FROM events WHERE user_id = ?"
                           " OR also_user_id = ?", (user_id, user_id))
    return int(payments), int(events)


def test_a_kept_code_sent_again_tells_the_shop_nothing_and_the_family_nothing(
        server: ServerProcess) -> None:
    fam = victim(server, limits=(5_000, 10_000, 100_000), offline_cap=2_000)
    payer_id = fam.payer.me().id
    key = shop_key(server)
    t = now()
    code = fam.device.code_at(t)
    with httpx.Client(base_url=server.url, timeout=60) as http:
        sale = post_payment(http, server.url, key, {"code": code, "amount": 500,
                                                    "currency": "CNY"})
        assert sale.json()["status"] == "approved"
        before = _family_rows(server, fam.grant.id, payer_id)
        # Offline copies under new ids: 20 are answered, then the terminal's uploads wait.
        copies = [_upload(http, key, [_item(code, 500, t)]) for _ in range(20)]
        held = _upload(http, key, [_item(code, 500, t)])
        # Its sales don't: a fresh code of the child still pays.
        fam.device.bump(t)
        still_sells = post_payment(http, server.url, key, {
            "code": fam.device.code_at(now()), "amount": 100, "currency": "CNY"})
        # Online copies of the code, in its minute: 20, then the terminal waits.
        online = [post_payment(http, server.url, key, {"code": code, "amount": 500,
                                                       "currency": "CNY"})
                  for _ in range(20 + 1)]
    answers = [c.json()["results"][0] for c in copies]
    assert {(a["status"], a["decline_code"]) for a in answers} == {("declined", "code_used")}
    for a in answers + [o.json() for o in online[:-1]]:
        assert (a["payer"], a["delegate"], a["remaining"]) == (None, None, None), a
        assert a["decline_code"] == "code_used"
    assert held.status_code == 429 and 0 < int(held.headers["Retry-After"]) <= 10 * 60
    assert still_sells.json()["status"] == "approved"
    assert [o.status_code for o in online] == [201] * 20 + [429]
    # The family's wallets got the fresh sale alone: one payment row, one event.
    assert _family_rows(server, fam.grant.id, payer_id) == (before[0] + 1, before[1] + 1)
    fam.close()


def test_offline_items_from_days_back_write_no_more_than_the_bound(
        server: ServerProcess) -> None:
    fam = victim(server, limits=(5_000, 10_000, 100_000), offline_cap=2_000)
    key = shop_key(server)
    t = now()
    old = t - 3 * DAY_S
    with httpx.Client(base_url=server.url, timeout=60) as http:
        first = _upload(http, key, [_item("forged", 100, old) for _ in range(100)])
        again = _upload(http, key, [_item("forged", 100, old) for _ in range(100)])
        # The till still sells while its uploads wait.
        sale = post_payment(http, server.url, key, {"code": fam.device.code_at(t),
                                                    "amount": 100, "currency": "CNY"})
    assert first.status_code == 429 and again.status_code == 429
    ((rows,),) = db_rows(server.db, "SELECT count(*) FROM payments p JOIN terminals t"
                         " ON t.id = p.terminal_id WHERE p.offline = 1 AND t.merchant_id ="
                         " (SELECT merchant_id FROM terminals WHERE id = ?)",
                         (sale.json()["terminal_id"],))
    assert int(rows) == 20  # row 54: at most 20 such rows in 20 minutes a terminal
    assert sale.json()["status"] == "approved"
    fam.close()
