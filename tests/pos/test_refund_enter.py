"""Live: in Refund, Enter in the amount field did nothing, while "Refund all" was drawn as
the default. Enter now asks to refund the typed amount, as "Refund this amount" does (the
same question, answered with "Yes" on purpose), and that button is drawn as the default
once an amount is typed."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.pos.conftest import Tablet
from tests.pos.test_screens import confirm_refund, sell

pytestmark = pytest.mark.gui


def test_enter_in_the_amount_refunds_that_amount_after_the_question(
    terminal: Any, qtbot: Any, tablet: Tablet,
) -> None:
    window = terminal()
    key = sell(qtbot, window, "1200", tablet.code())
    dlg = window.refund_dialog(key)
    screen = dlg.property("screen")
    assert screen.selected().key == key
    assert screen.full.property("role") == "primary"
    screen.amount.clear()
    qtbot.keyClicks(screen.amount, "5.00")
    assert screen.part.property("role") == "primary" and screen.full.property("role") is None
    qtbot.keyClick(screen.amount, Qt.Key.Key_Return)
    assert screen.note.text() == ("Refund ¥5.00 of Lily's ¥12.00 payment to Mei's account? "
                                  "It can't be undone."), screen.note.text()
    assert screen.confirm.isVisible() and not screen.part.isVisible()
    qtbot.keyClick(screen.amount, Qt.Key.Key_Return)  # Enter again: no refund without "Yes"
    assert window.store.get(key).refunded == 0
    confirm_refund(qtbot, window)
    qtbot.waitUntil(lambda: dlg.property("refunded") == 500, timeout=15_000)
    assert window.store.get(key).refunded == 500
    dlg.close()
