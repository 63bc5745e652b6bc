"""Offline, the till refuses a sale its last online answer for the allowance rules out
(live test 33 §1: "¥0.00 left today", the hours, a blocked category were each declined
online, then accepted offline seconds later; the server declined them on upload and the
shop had handed the goods over unpaid). Real server, real journal; offline is the till's
own "known down" path (nothing sent), exactly as in a stalled-server outage."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kinpay import schemas
from kinpay.client import Client, new_idempotency_key
from pos_app.core import offline, settle
from pos_app.core.store import Store
from tests.pos.conftest import Tablet
from tests.pos.test_terminal import _other_days, charge_by_wedge, type_amount, wait_result


def _item(category: str, amount: int) -> schemas.Item:
    return schemas.Item(name=category.title(), unit_amount=amount, category=category)


class Till:
    """The till's core on a real server and a real journal, as the window drives it."""

    def __init__(self, world: dict[str, Any], folder: Path) -> None:
        self.folder = folder
        self.client = Client(world["server_url"], token=world["merchant"]["api_key"])
        self.store = Store(folder / "terminal.db")
        self.cache = offline.KeyCache(folder)
        settle.refresh_cache(self.client, self.cache)
        self.rules = offline.RiskRules(floor_limit_minor=2000, max_count_per_grant=10,
                                       max_sum_per_grant_minor=10_000)

    def sell(self, code: str, amount: int, items: list[schemas.Item] | None = None, *,
             offline_now: bool = False) -> settle.Outcome:
        req = settle.SaleRequest(uuid.uuid4().hex, code, amount, "CNY", items or [],
                                 offline_now=offline_now)
        return settle.settle(self.client, self.store, self.cache, self.rules, req)

    def restart(self) -> None:
        self.store.close()
        self.store = Store(self.folder / "terminal.db")


@pytest.fixture
def till(sqlite_world: dict[str, Any], tmp_path: Path) -> Any:
    t = Till(sqlite_world, tmp_path / "till")
    yield t
    t.client.close()
    t.store.close()


def _payer(world: dict[str, Any]) -> Client:
    return Client(world["server_url"], token=world["payer"]["token"])


def test_a_blocked_category_declined_online_is_refused_offline(
        till: Till, tablet: Tablet, sqlite_world: dict[str, Any]) -> None:
    with _payer(sqlite_world) as payer:
        payer.change_grant(sqlite_world["grant"]["id"], schemas.GrantChange(
            blocked_categories=["alcohol", "tobacco", "gambling", "snacks"]))
    online = till.sell(tablet.code(), 500, [_item("snacks", 500)])
    assert online.decline_code == "category_blocked"
    snack = till.sell(tablet.code(), 500, [_item("snacks", 500)], offline_now=True)
    assert (snack.kind, snack.decline_code) == ("offline_declined", "heard_category")
    # Another kind of thing is not ruled out by that answer: taken offline as before.
    pen = till.sell(tablet.code(), 300, [_item("stationery", 300)], offline_now=True)
    assert pen.kind == "offline_approved"


def test_an_hours_decline_holds_offline_payments_of_that_allowance(
        till: Till, tablet: Tablet, sqlite_world: dict[str, Any]) -> None:
    with _payer(sqlite_world) as payer:
        grant_id = sqlite_world["grant"]["id"]
        tz = payer.grant(grant_id).timezone
        payer.change_grant(grant_id, schemas.GrantChange(
            windows=[schemas.TimeWindow(days=_other_days(tz))]))
    assert till.sell(tablet.code(), 450).decline_code == "outside_hours"
    again = till.sell(tablet.code(), 450, offline_now=True)
    assert (again.kind, again.decline_code) == ("offline_declined", "heard_hours")
    till.restart()  # kept in the journal: a restarted till still knows
    assert till.sell(tablet.code(), 100, offline_now=True).decline_code == "heard_hours"
    assert till.store.count("queued") == 0


def test_what_was_left_today_bounds_the_offline_sales_after_it(
        till: Till, tablet: Tablet) -> None:
    for _ in range(2):  # ¥100.00 a day: ¥1.00 left
        till.client.pay(tablet.code(), 4950, "CNY", idempotency_key=new_idempotency_key())
    assert till.sell(tablet.code(), 200).decline_code == "limit_daily"
    over = till.sell(tablet.code(), 150, offline_now=True)
    assert (over.decline_code, over.limit_minor) == ("heard_daily", 100)
    assert till.sell(tablet.code(), 80, offline_now=True).kind == "offline_approved"
    till.restart()
    rest = till.sell(tablet.code(), 50, offline_now=True)
    assert (rest.decline_code, rest.limit_minor) == ("heard_daily", 20)
    assert till.store.count("queued") == 1


@pytest.mark.gui
def test_the_cashier_reads_why_and_can_take_another_way(
        terminal: Any, qtbot: Any, sqlite_server: Any, sqlite_world: dict[str, Any],
        tablet: Tablet, shot: Any) -> None:
    window = terminal(floor_limit_minor=2000)
    qtbot.waitUntil(lambda: window.online is True and bool(window.cache.keys), timeout=10_000)
    with Client(sqlite_world["server_url"], token=sqlite_world["merchant"]["api_key"]) as shop:
        for _ in range(2):
            shop.pay(tablet.code(), 5000, "CNY", idempotency_key=new_idempotency_key())
    type_amount(qtbot, window, "900")
    charge_by_wedge(qtbot, window, tablet.code())
    wait_result(qtbot, window, "declined")
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    sqlite_server.stop()
    qtbot.waitUntil(lambda: window.online is False, timeout=10_000)
    type_amount(qtbot, window, "900")
    charge_by_wedge(qtbot, window, tablet.code())
    wait_result(qtbot, window, "offline_declined")
    assert "only ¥0.00 is left of this allowance today" in window.result.detail.text()
    assert window.store.count("queued") == 0
    shot(window, "offline-heard-daily")


def test_an_item_a_split_answer_left_out_is_refused_offline(
        till: Till, tablet: Tablet, sqlite_world: dict[str, Any]) -> None:
    """Live test 34: a bread roll and a chocolate (snacks blocked) rang up together; the
    answer paid the roll and left the chocolate out (✗ on the split card). The link went,
    and a chocolate alone was taken offline: declined on upload, unpaid. The items an answer
    leaves out rule their own categories out offline; what it paid for stays allowed."""
    with _payer(sqlite_world) as payer:
        payer.change_grant(sqlite_world["grant"]["id"], schemas.GrantChange(
            blocked_categories=["alcohol", "tobacco", "gambling", "snacks"]))
    basket = [_item("bakery", 350), _item("snacks", 500)]
    req = settle.SaleRequest(uuid.uuid4().hex, tablet.code(), 850, "CNY", basket,
                             partial=True)
    split = settle.settle(till.client, till.store, till.cache, till.rules, req)
    assert (split.kind, split.amount) == ("partial", 350)
    snack = till.sell(tablet.code(), 500, [_item("snacks", 500)], offline_now=True)
    assert (snack.kind, snack.decline_code) == ("offline_declined", "heard_category")
    roll = till.sell(tablet.code(), 350, [_item("bakery", 350)], offline_now=True)
    assert roll.kind == "offline_approved"


@pytest.mark.gui
def test_a_refund_answered_lets_the_child_pay_offline_again(
        terminal: Any, qtbot: Any, sqlite_server: Any, tablet: Tablet) -> None:
    """Live QA 36 §3: the day's allowance spent (the server said ¥0.00 was left), the till
    refunded a sale, the link went, and a ¥9.00 sale was declined offline: "the
    server said a moment ago that only ¥0.00 is left", minutes and a refund after it said
    so. A refund the server answered gives money back to the allowance: what the till
    remembered of it is forgotten, and the offline sale is taken (the server checks it on
    upload). The words never claim "a moment ago"."""
    from PySide6.QtWidgets import QPushButton

    from pos_app import words
    from tests.pos.test_screens import child, click, confirm_refund, sell

    window = terminal(floor_limit_minor=2000)
    qtbot.waitUntil(lambda: window.online is True and bool(window.cache.keys), timeout=10_000)
    first = sell(qtbot, window, "5000", tablet.code())
    sell(qtbot, window, "5000", tablet.code())  # ¥100.00 a day: nothing left
    type_amount(qtbot, window, "900")
    charge_by_wedge(qtbot, window, tablet.code())
    wait_result(qtbot, window, "declined")
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    dlg = window.refund_dialog(first)
    click(qtbot, child(window, QPushButton, "refund_full"))
    confirm_refund(qtbot, window)
    qtbot.waitUntil(lambda: dlg.property("refunded") is not None, timeout=15_000)
    dlg.close()
    sqlite_server.stop()
    qtbot.waitUntil(lambda: window.online is False, timeout=10_000)
    type_amount(qtbot, window, "900")
    charge_by_wedge(qtbot, window, tablet.code())
    wait_result(qtbot, window, "offline_approved")
    assert window.store.count("queued") == 1
    for reason in ("heard_daily", "heard_category", "heard_hours"):
        assert "a moment ago" not in words.decline_text(reason, "¥0.00"), reason
