"""The demo top-up as a parent types it. Found live in the demo (English, 1366x768): Mei
typed 50 in "Top up (demo)" and pressed Enter: the dialog closed, nothing was added and
nothing said so (Enter pressed Cancel, the dialog's first button). And whatever was wrong
with an amount, the dialog said "Enter an amount above zero": for 12.345 (three decimals)
and for 99999999999999999999 (over the demo's bound) too."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, payer_signed_in
from wallet_app.payer.dialogs import TopUpDialog

pytestmark = pytest.mark.gui


def test_enter_in_the_amount_tops_up(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    parent = make_window("payer", server_url=sqlite_world["server_url"], role="payer")
    payer = payer_signed_in(qtbot, parent, sqlite_world)
    qtbot.waitUntil(lambda: payer.home.top_up.isVisible(), timeout=WAIT_MS)
    assert payer.home.balance.text() == "¥1,000.00"
    qtbot.mouseClick(payer.home.top_up, Qt.MouseButton.LeftButton)
    dialog = payer.dialog
    assert isinstance(dialog, TopUpDialog)
    dialog.amount.selectAll()
    qtbot.keyClicks(dialog.amount, "50")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: payer.home.balance.text() == "¥1,050.00", timeout=WAIT_MS)
    assert not dialog.isVisible()


@pytest.mark.parametrize(("typed", "message"), [
    ("12.345", "CNY has 2 decimals at most."),
    ("99999999999999999999", "A demo top-up is at most ¥10,000,000.00."),
    ("10000000.01", "A demo top-up is at most ¥10,000,000.00."),
    ("abc", "“abc” isn't an amount. Use digits, like 12.50."),
    ("", "Enter an amount above zero, like 200.00."),
    ("0", "Enter an amount above zero, like 200.00."),
    ("-5", "Enter an amount above zero, like 200.00."),
])
def test_a_wrong_amount_is_told_what_is_wrong(
    qtbot: QtBot, styled: QApplication, typed: str, message: str
) -> None:
    dialog = TopUpDialog("CNY", 10**9)  # the demo server's bound, ¥10,000,000.00
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.amount.selectAll()
    if typed:
        qtbot.keyClicks(dialog.amount, typed)
    else:
        dialog.amount.clear()
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert dialog.isVisible()  # nothing sent: the parent reads why
    assert dialog.error.text() == message
    assert dialog.amount_minor == 0
