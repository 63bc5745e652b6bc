"""What a declined card offers: "Try again" only where another try can pass; otherwise
back to the sale, to change it.

Found live: with a ¥30 per-payment limit, ¥35 charged → declined (over the limit) → "Try
again" → declined again at once, a second decline in the parent's and the child's lists.
A decline the same sale can't pass (a limit, a category, a stopped allowance, short funds)
now offers "Change the sale": the amount entry, with the amount kept to be edited, and
nothing sent until Charge. An expired or used code still offers "Try again": a fresh scan.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kinpay.client import new_idempotency_key
from tests.pos.conftest import Tablet
from tests.pos.test_terminal import charge_by_wedge, terminal_payments, type_amount, wait_result

pytestmark = pytest.mark.gui


def shown(window: Any) -> list[str]:
    card = window.result
    return [name for name, b in card.buttons.items() if b.isVisibleTo(card)]


def test_a_decline_over_a_limit_goes_back_to_the_sale(
        terminal: Any, qtbot: Any, sqlite_world: dict[str, Any], tablet: Tablet) -> None:
    window = terminal()
    type_amount(qtbot, window, "6000")  # ¥60.00, over the allowance's ¥50.00 a payment
    charge_by_wedge(qtbot, window, tablet.code())
    wait_result(qtbot, window, "declined")
    assert window.result.detail.text().startswith("This is more than one payment may be.")
    assert "retry" not in shown(window)
    assert "change" in shown(window) and "new" in shown(window)
    change = window.result.buttons["change"]
    assert change.text().startswith("Change the sale")
    qtbot.mouseClick(change, Qt.MouseButton.LeftButton)
    # The amount entry, the amount kept: nothing was sent again.
    assert window.state == "entry"
    assert window.total.text() == "¥60.00"
    assert window.keypad.isEnabled() and window.charge_button.isEnabled()
    assert [(p.amount, p.status) for p in terminal_payments(sqlite_world)] == [
        (6000, "declined")]
    # Changed, and charged: the new amount goes.
    target = QApplication.focusWidget() or window
    for _ in range(4):
        qtbot.keyClick(target, Qt.Key.Key_Backspace)
    type_amount(qtbot, window, "4500")
    assert window.total.text() == "¥45.00"
    charge_by_wedge(qtbot, window, tablet.code())
    wait_result(qtbot, window, "approved")
    assert sorted((p.amount, p.status) for p in terminal_payments(sqlite_world)) == [
        (4500, "approved"), (6000, "declined")]


def test_a_used_code_still_offers_a_fresh_try(
        terminal: Any, qtbot: Any, sqlite_world: dict[str, Any], tablet: Tablet) -> None:
    from kinpay.client import Client

    window = terminal()
    used = tablet.code()
    with Client(sqlite_world["server_url"], token=sqlite_world["merchant"]["api_key"]) as c:
        c.pay(used, 100, "CNY", idempotency_key=new_idempotency_key())
    type_amount(qtbot, window, "300")
    charge_by_wedge(qtbot, window, used)
    wait_result(qtbot, window, "declined")
    assert "retry" in shown(window) and "change" not in shown(window)
    qtbot.mouseClick(window.result.buttons["retry"], Qt.MouseButton.LeftButton)
    # The same ¥3.00, charged again: waiting for the next code, a fresh one.
    assert window.state == "waiting" and window.total.text() == "¥3.00"
    target = QApplication.focusWidget() or window
    qtbot.keyClicks(target, tablet.code())
    qtbot.keyClick(target, Qt.Key.Key_Return)
    wait_result(qtbot, window, "approved")
