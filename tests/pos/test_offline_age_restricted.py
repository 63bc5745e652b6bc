"""Live, offline: the till took a basket with a beer on a child's allowance ("离线收款成功
¥7.00", "1 × 啤酒 330 毫升"); the server declined it on upload (the parent had blocked it),
after the child had the beer: the shop was out the money. Offline the till can't know the
parent's rules, so it never takes an allowance payment for alcohol, tobacco or gambling
(kinpay.defaults.AGE_RESTRICTED_CATEGORIES), nor at a shop whose own category is one."""

from __future__ import annotations

import time
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kinpay import schemas
from pos_app.core import offline
from pos_app.core.store import Store
from tests.pos.conftest import Tablet
from tests.pos.test_terminal import charge_by_wedge, wait_result

pytestmark = pytest.mark.gui

REFUSED = ("Offline this till takes no allowance payment for alcohol, tobacco or gambling, "
           "and this sale holds some: it can't check the parent's rules. Take those items "
           "out of the sale, or ask for another way to pay.")


def ring_up(window: Any, *items: tuple[str, int, str]) -> None:
    window.set_mode(1)
    for name, price, category in items:
        window.sale.add(name, price, category)
    window.refresh()


def test_offline_a_basket_with_beer_is_refused_and_without_it_taken(
    terminal: Any, qtbot: Any, sqlite_server: Any, tablet: Tablet
) -> None:
    window = terminal(floor_limit_minor=2000)
    qtbot.waitUntil(lambda: window.online is True and bool(window.cache.keys), timeout=10_000)
    qtbot.waitUntil(lambda: window.settings.shop_category == "grocery", timeout=10_000)
    sqlite_server.stop()
    qtbot.waitUntil(lambda: window.online is False, timeout=10_000)

    code = tablet.code()
    ring_up(window, ("Bread roll", 350, "grocery"), ("Beer 330 ml", 700, "alcohol"))
    charge_by_wedge(qtbot, window, code)
    wait_result(qtbot, window, "offline_declined")
    assert window.result.detail.text() == REFUSED
    refused = window.store.get(window.shown.key)
    assert (refused.status, refused.decline_code) == ("offline_declined", "age_restricted")
    assert window.store.count("queued") == 0
    assert window.status.queued == 0
    # The code was not used: the same one pays for the basket without the beer. Its
    # "change" action (not retry) keeps the basket to edit.
    assert code not in window.taken
    qtbot.mouseClick(window.result.buttons["change"], Qt.MouseButton.LeftButton)
    assert window.state == "entry"
    window.sale.lines = [line for line in window.sale.lines if line.category != "alcohol"]
    window.refresh()
    assert window.sale.total_minor == 350
    charge_by_wedge(qtbot, window, code)
    wait_result(qtbot, window, "offline_approved")
    assert window.store.count("queued") == 1
    assert [(i.name, i.category) for i in window.store.get(window.shown.key).items] == [
        ("Bread roll", "grocery")]


def _items(*categories: str | None) -> list[schemas.Item]:
    return [schemas.Item(name=f"thing {n}", quantity=1, unit_amount=100, category=c)
            for n, c in enumerate(categories)]


@pytest.mark.parametrize(("shop", "categories", "reason"), [
    ("grocery", ("grocery", "tobacco"), "age_restricted"),
    ("grocery", ("gambling",), "age_restricted"),
    ("alcohol", (None,), "age_restricted_shop"),  # an item without one is the shop's
    ("alcohol", (), "age_restricted_shop"),  # a typed amount at a shop selling alcohol
    ("tobacco", ("grocery",), "age_restricted_shop"),
])
def test_age_restricted_goods_or_shop_are_refused_before_the_code(
    tmp_path: Any, shop: str, categories: tuple[str | None, ...], reason: str
) -> None:
    store = Store(tmp_path / "terminal.db")
    cache = offline.KeyCache(tmp_path)  # no keys: the code itself would be refused later
    decision = offline.accept_offline(
        store, cache, offline.RiskRules(shop_category=shop), key="k" * 32, text="x",
        amount=100 * len(categories), currency="CNY", items=_items(*categories),
        reference=None, now_s=int(time.time()))
    assert (decision.accepted, decision.reason) == (False, reason)
    assert store.count("queued") == 0
    store.close()


def test_ordinary_goods_go_on_to_the_code_checks(tmp_path: Any) -> None:
    store = Store(tmp_path / "terminal.db")
    decision = offline.accept_offline(
        store, offline.KeyCache(tmp_path), offline.RiskRules(shop_category="grocery"),
        key="k" * 32, text="x", amount=200, currency="CNY", items=_items("drinks", None),
        reference=None, now_s=int(time.time()))
    assert (decision.accepted, decision.reason) == (False, "numeric_offline")
    store.close()
