"""Esc on a basket of several items asks before it clears. Found live: a cashier's stray
Escape threw away a whole basket without a word. Now the till asks "Clear the basket?";
Esc, Enter or "Keep the basket" keep it exactly as it was, and "Yes, clear it" (after its
moment) clears it. A typed amount, an empty sale or a one-item basket clear at once, as the
keypad's Clear does."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from tests.pos.test_terminal import type_amount

pytestmark = pytest.mark.gui
SHOTS = Path(os.environ.get("KINPAY_POS_SHOTS", "/work/scratch/pos31"))


def basket(window: Any) -> list[tuple[str, int, int]]:
    return [(line.name, line.unit_minor, line.quantity) for line in window.sale.lines]


def fill(window: Any, names: list[str]) -> None:
    window.set_mode(1)
    for name in names:
        window.add_product(window.catalogue.find(name))


def test_a_stray_escape_keeps_the_basket(terminal: Any, qtbot: Any) -> None:
    window = terminal()
    fill(window, ["Apple", "Apple", "Milk 250 ml"])
    before = basket(window)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    dlg = window.dialog
    assert dlg is not None and dlg.objectName() == "clear_sale"
    qtbot.waitUntil(dlg.isVisible, timeout=5_000)
    assert basket(window) == before and window.total.text() == "¥10.10"
    assert "3" in dlg.findChild(QLabel, "clear_sale_what").text()
    if SHOTS.is_dir():
        dlg.grab().save(str(SHOTS / "clear_sale-en.png"))
    qtbot.keyClick(dlg, Qt.Key.Key_Return)  # Enter answers nothing
    assert dlg.isVisible() and basket(window) == before
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)  # a second Escape keeps it
    qtbot.waitUntil(lambda: window.dialog is None, timeout=5_000)
    assert basket(window) == before and window.total.text() == "¥10.10"
    assert window.charge_button.isEnabled()

    qtbot.keyClick(window, Qt.Key.Key_Escape)
    keep = window.dialog.findChild(QPushButton, "clear_sale_keep")
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert window.dialog is None and basket(window) == before

    qtbot.keyClick(window, Qt.Key.Key_Delete)  # Delete on the Items tab asks too
    yes = window.dialog.findChild(QPushButton, "clear_sale_yes")
    assert not yes.isEnabled()  # no press in its first moment on screen
    qtbot.waitUntil(yes.isEnabled, timeout=5_000)
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    assert window.dialog is None and basket(window) == [] and window.sale.empty
    assert window.state == "entry"


def test_an_amount_or_one_item_clears_at_once(terminal: Any, qtbot: Any) -> None:
    window = terminal()
    type_amount(qtbot, window, "1250")
    assert window.total.text() == "¥12.50"
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    QApplication.processEvents()
    assert window.dialog is None and window.sale.empty and window.total.text() == "¥0.00"
    fill(window, ["Apple"])
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.dialog is None and basket(window) == []
