"""Live 33 §16 (s97, e23): sales the parent allowed when the cashier asked (¥60, ¥62) read
as plain "Approved" in Today's sales and in Refund, where the result card had said
"Allowed by Mei for this sale". Asked and allowed through the real API, as the wallet
answers; both lists, as the cashier opens them, say "Approved (asked Mei)" for that sale
and "Approved" for a sale that needed no asking."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QTableWidget

from tests.pos.conftest import Tablet, settle
from tests.pos.test_ask import decline_and_ask, payer_answers
from tests.pos.test_screens import sell
from tests.pos.test_terminal import wait_result

pytestmark = pytest.mark.gui
STATUS_COLUMN = 2


def statuses(window: Any, name: str) -> dict[str, str]:
    table = window.dialog.findChild(QTableWidget, name)
    return {table.item(i, 1).text(): table.item(i, STATUS_COLUMN).text()
            for i in range(table.rowCount())}


def test_a_sale_allowed_when_asked_says_so_in_today_and_refund(
        terminal: Any, qtbot: Any, sqlite_world: dict[str, Any], tablet: Tablet,
        shot: Any) -> None:
    window = terminal()
    sell(qtbot, window, "500", tablet.code())  # needed no asking
    decline_and_ask(qtbot, window, tablet)  # ¥60.00, over the per-payment limit
    qtbot.waitUntil(payer_answers(sqlite_world, allow=True), timeout=10_000)
    wait_result(qtbot, window, "approved")
    window.on_action("new")
    window.open_history()
    settle()
    today = statuses(window, "history_table")
    assert today["¥60.00"] == "Approved (asked Mei)", today
    assert today["¥5.00"] == "Approved", today
    shot(window.dialog, "today-asked")
    window.dialog.close()
    window.open_refund()  # no manager PIN set: the refund screen at once
    settle()
    refund = statuses(window, "refund_table")
    assert refund["¥60.00"] == "Approved (asked Mei)", refund
    assert refund["¥5.00"] == "Approved", refund
    window.dialog.close()
