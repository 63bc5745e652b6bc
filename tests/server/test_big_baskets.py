"""The largest basket a till may send is taken, however its JSON is written.

A sale of 200 items, each named in 120 letters (the schema's bounds, and the till's:
pos_app/core/sale.py MAX_LINES, catalogue names cut at 120), is about 90 KB as UTF-8 when
the letters are Chinese, and over 300 KB when an encoder escapes every letter (`\\uXXXX`,
twelve bytes for a letter beyond the BMP as a surrogate pair). Before, every route took
64 KiB at most, so a supermarket's long Chinese basket was refused 413 before it was read:
a valid sale the till could never pay. Here it is paid, asked about and completed, on the
real server, and what was stored is the basket as sent.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from kinpay import schemas
from kinpay.client import Client, new_idempotency_key
from tests.server.helpers import Family, family, terminal
from tests.server.test_approvals import fresh
from tests.servers import ServerProcess

ITEMS = 200
NAME_LETTERS = 120
# 𠮷 (U+20BB7), a letter of Chinese names beyond the BMP: 4 bytes in UTF-8, 12 escaped.
WIDE = "\U00020bb7"
CHINESE = "龍"  # in the BMP: 3 bytes in UTF-8, 6 escaped
CATEGORY = "grocery_" + "x" * 24  # the longest a category may be


@pytest.fixture(scope="module")
def engine() -> str:
    return "sqlite"  # the front door's bounds, not storage


@pytest.fixture(scope="module")
def fam(server: ServerProcess) -> Iterator[Family]:
    f = family(server.url, balance=10_000_000, limits=(100_000, 1_000_000, 10_000_000))
    yield f
    f.close()


@pytest.fixture(scope="module")
def term(server: ServerProcess) -> Iterator[Client]:
    t = terminal(server.db, server.url)
    yield t
    t.close()


def basket(letter: str, *, priced: int = 1) -> list[dict[str, object]]:
    """ITEMS lines of NAME_LETTERS letters each (every name its own), the largest
    quantity the schema takes on every line but the priced ones; the sale is ¥0.01 a
    priced line."""
    lines: list[dict[str, object]] = []
    for n in range(ITEMS):
        name = f"{n:03d}" + letter * (NAME_LETTERS - 3)
        if n < priced:
            lines.append({"name": name, "quantity": 1, "unit_amount": 1,
                          "category": CATEGORY})
        else:
            lines.append({"name": name, "quantity": 10_000, "unit_amount": 0,
                          "category": CATEGORY})
    return lines


def post(http: httpx.Client, url: str, path: str, key: str, body: dict[str, object], *,
         idem: str, escaped: bool) -> httpx.Response:
    """The body written as a client's encoder would: every letter escaped (`ensure_ascii`,
    Python's default) or as UTF-8 (httpx's `json=`), with spaces after separators."""
    raw = json.dumps(body, ensure_ascii=escaped).encode()
    return http.post(f"{url}{path}", content=raw, headers={
        "Authorization": f"Bearer {key}", "Idempotency-Key": idem,
        "Content-Type": "application/json"})


@pytest.mark.parametrize(("letter", "escaped", "least_bytes"), [
    (WIDE, True, 300_000),      # the longest way to write the largest basket
    (CHINESE, False, 80_000),   # as the till sends a Chinese one (httpx: UTF-8)
    (CHINESE, True, 150_000),
])
def test_the_largest_basket_is_paid_as_sent(
    server: ServerProcess, fam: Family, term: Client, letter: str, escaped: bool,
    least_bytes: int,
) -> None:
    lines = basket(letter)
    body = {"code": fresh(fam), "amount": 1, "currency": "CNY", "items": lines,
            "reference": letter * 128}
    assert len(json.dumps(body, ensure_ascii=escaped).encode()) > least_bytes
    key = new_idempotency_key()
    with httpx.Client(timeout=30) as http:
        r = post(http, server.url, "/v1/payments", term.token or "", body,
                 idem=key, escaped=escaped)
        assert r.status_code == 201, r.text[:300]
        paid = r.json()
        assert (paid["status"], paid["amount"]) == ("approved", 1)
        # Sent again, it replays: the same payment, nothing charged twice.
        again = post(http, server.url, "/v1/payments", term.token or "", body,
                     idem=key, escaped=escaped)
        assert again.status_code == 201
        assert again.headers.get("Idempotent-Replayed") == "true"
        assert again.json()["id"] == paid["id"]


def test_the_tills_own_client_pays_the_largest_chinese_basket(
    fam: Family, term: Client
) -> None:
    """kinpay.client, as the till's settlement sends a sale (pos_app/core/settle.py)."""
    items = [schemas.Item.model_validate(line) for line in basket(WIDE, priced=ITEMS)]
    paid, replayed = term.pay(fresh(fam), ITEMS, "CNY", idempotency_key=new_idempotency_key(),
                              items=items)
    assert (paid.status, paid.amount, replayed) == ("approved", ITEMS, False)


def test_the_largest_basket_is_asked_about_and_completed(
    server: ServerProcess, fam: Family, term: Client
) -> None:
    """Declined over one payment's limit (¥1,000.01 of ¥1,000), asked, allowed, and
    completed with the same basket, every letter escaped; the payer is shown every line
    as the till sent it."""
    lines = basket(WIDE, priced=ITEMS)  # 200 lines at ¥0.01 ...
    lines[0] = {**lines[0], "unit_amount": 100_001 - (ITEMS - 1)}  # ... ¥1,000.01 in all
    body = {"code": fresh(fam), "amount": 100_001, "currency": "CNY", "items": lines}
    key = new_idempotency_key()
    with httpx.Client(timeout=30) as http:
        r = post(http, server.url, "/v1/payments", term.token or "", body,
                 idem=key, escaped=True)
        assert r.status_code == 201, r.text[:300]
        declined = r.json()
        assert (declined["status"], declined["decline_code"]) == ("declined",
                                                                  "limit_per_payment")
        asked = term.ask(declined["id"])
        shown = fam.payer.approval(asked.id)
        assert [(i.name, i.quantity, i.unit_amount) for i in shown.items] == [
            (str(i["name"]), i["quantity"], i["unit_amount"]) for i in lines]
        fam.payer.answer_approval(asked.id, allow=True)
        done = {"amount": 100_001, "currency": "CNY", "items": lines}
        r = post(http, server.url, f"/v1/approvals/{asked.id}/complete",
                 term.token or "", done, idem=key, escaped=True)
        assert r.status_code == 201, r.text[:300]
        assert (r.json()["status"], r.json()["amount"]) == ("approved", 100_001)


def test_a_body_past_the_largest_basket_is_still_refused(
    server: ServerProcess, term: Client
) -> None:
    """The bound moved, it did not go: twice the largest basket is refused unread."""
    with httpx.Client(timeout=30) as http:
        r = http.post(f"{server.url}/v1/payments", content=b" " * (1024 * 1024),
                      headers={"Authorization": f"Bearer {term.token}",
                               "Idempotency-Key": "k", "Content-Type": "application/json"})
        assert r.status_code == 413
        # Routes that carry no basket keep their small bound.
        r = http.post(f"{server.url}/v1/users", content=b" " * (100 * 1024),
                      headers={"Content-Type": "application/json"})
        assert r.status_code == 413
