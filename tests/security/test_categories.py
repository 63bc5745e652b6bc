"""Attack: the payer allows only `books`; a grocery till tags its items `books` (or leaves
them untagged). Bound: items narrow the payer's rules, never widen them. An allow-list must
hold the shop's category and every item's; an untagged item has the shop's category; a
block-list blocks when the shop's or any item's category is on it."""

from __future__ import annotations

import httpx
import pytest

from tests.security.conftest import post_payment, shop_key, victim
from tests.server.helpers import now
from tests.server.test_payments import fresh
from tests.servers import ServerProcess


@pytest.fixture(scope="module")
def engine() -> str:
    return "sqlite"  # a rule, not storage: one engine is enough


def sale(code: str, *categories: str | None) -> dict[str, object]:
    items = [{"name": f"thing {i}", "unit_amount": 100, **({"category": c} if c else {})}
             for i, c in enumerate(categories)]
    return {"code": code, "amount": 100 * len(categories), "currency": "CNY", "items": items}


@pytest.mark.parametrize(
    ("shop", "categories", "expected"),
    [
        ("grocery", ("books",), "category_blocked"),  # the attack: tags widen nothing
        ("grocery", (None,), "category_blocked"),  # untagged: the shop's own category
        ("grocery", ("books", None), "category_blocked"),
        ("books", ("books",), None),
        ("books", (None, "books"), None),
        ("books", ("books", "toys"), "category_blocked"),  # narrowing to a blocked item
    ],
)
def test_an_allow_list_holds_the_shop_and_every_item(
    server: ServerProcess, shop: str, categories: tuple[str | None, ...], expected: str | None
) -> None:
    fam = victim(server, allowed_categories=["books"])
    key = shop_key(server, category=shop)
    with httpx.Client(timeout=10) as http:
        r = post_payment(http, server.url, key, sale(fresh(fam.device, now()), *categories))
    assert r.status_code == 201, r.text
    assert r.json()["decline_code"] == expected
    fam.close()


@pytest.mark.parametrize(
    ("shop", "categories", "expected"),
    [
        ("grocery", ("candy",), "category_blocked"),
        ("candy", ("books",), "category_blocked"),  # a candy shop can't relabel its sweets
        ("grocery", ("books", None), None),
    ],
)
def test_a_block_list_blocks_the_shop_or_any_item(
    server: ServerProcess, shop: str, categories: tuple[str | None, ...], expected: str | None
) -> None:
    fam = victim(server, blocked_categories=["candy"])
    key = shop_key(server, category=shop)
    with httpx.Client(timeout=10) as http:
        r = post_payment(http, server.url, key, sale(fresh(fam.device, now()), *categories))
    assert r.json()["decline_code"] == expected
    fam.close()
