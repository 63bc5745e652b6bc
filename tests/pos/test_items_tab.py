"""The Items tab's total is its basket; the Amount tab keeps what was typed.

Found live at 1366x768: 1250 typed, then Items: TOTAL said ¥12.50 over an empty basket
and Charge was on; digits typed there changed this amount nobody could see; the first item
tapped dropped it without a word. Now each tab shows and charges its own: Items an empty
basket at ¥0.00 (Charge off), digits there change nothing and say where amounts are typed,
and Amount still shows the ¥12.50 typed, whatever the basket holds."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from tests.pos.conftest import Tablet
from tests.pos.test_terminal import charge_by_wedge, terminal_payments, type_amount, wait_result

pytestmark = pytest.mark.gui


def tap(qtbot: Any, widget: Any) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def product(window: Any, name: str) -> QPushButton:
    found = window.catalogue_view.product_button(name)
    assert isinstance(found, QPushButton), name
    return found


def test_the_items_tab_shows_its_basket_not_the_typed_amount(
        terminal: Any, qtbot: Any, sqlite_world: dict[str, Any], tablet: Tablet) -> None:
    window = terminal()
    type_amount(qtbot, window, "1250")
    assert window.total.text() == "¥12.50"
    tap(qtbot, window.parts.mode_items)
    assert window.basket.count() == 0
    assert window.total.text() == "¥0.00"  # the basket's total: it is empty
    assert not window.charge_button.isEnabled()
    assert window.prompt.text() == "Tap the items, then press Charge."
    type_amount(qtbot, window, "5")  # a digit in Items…
    assert window.total.text() == "¥0.00"
    assert window.prompt.text() == "Items: tap the products. An amount is typed under Amount."
    tap(qtbot, window.parts.mode_amount)
    assert window.total.text() == "¥12.50"  # …changed nothing behind the tab
    tap(qtbot, window.parts.mode_items)
    tap(qtbot, product(window, "Milk 250 ml"))
    assert window.total.text() == "¥4.50" and window.basket.count() == 1
    assert window.charge_button.isEnabled()
    tap(qtbot, window.parts.mode_amount)
    assert window.total.text() == "¥12.50"  # what was typed is still there, as typed
    tap(qtbot, window.parts.mode_items)
    assert window.total.text() == "¥4.50"
    charge_by_wedge(qtbot, window, tablet.code())
    wait_result(qtbot, window, "approved")
    [payment] = terminal_payments(sqlite_world)
    assert payment.amount == 450
    row = window.store.get(window.shown.key)  # what the till sent: the basket's one item
    assert row is not None and [(i.name, i.quantity) for i in row.items] == [("Milk 250 ml", 1)]
    # Locked while it was charged: the tabs could not change what was sent.
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Return)  # new sale
    assert window.state == "entry" and window.sale.empty
    tap(qtbot, window.parts.mode_amount)
    assert window.total.text() == "¥0.00"  # a new sale empties both tabs


def test_the_tabs_do_not_change_a_charged_sale(terminal: Any, qtbot: Any) -> None:
    window = terminal()
    type_amount(qtbot, window, "300")
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert window.state == "waiting"
    tap(qtbot, window.parts.mode_items)
    assert window.total.text() == "¥3.00" and window.sale.total_minor == 300
    assert window.parts.mode_amount.isChecked() and not window.parts.mode_items.isChecked()


def test_the_items_tab_on_a_finished_sale_starts_the_next_sale_in_items(
        terminal: Any, qtbot: Any, tablet: Tablet) -> None:
    """Live QA 36 §9: after an approved sale, the Items tab looked live and did nothing; a
    digit started the next sale, the tab did not. Now it starts the next sale, in Items."""
    window = terminal()
    type_amount(qtbot, window, "300")
    charge_by_wedge(qtbot, window, tablet.code())
    wait_result(qtbot, window, "approved")
    tap(qtbot, window.parts.mode_items)
    assert window.state == "entry", window.state
    assert window.sale.empty and window.total.text() == "¥0.00"
    assert window.parts.mode_items.isChecked()
    assert window.prompt.text() == "Tap the items, then press Charge."
    tap(qtbot, product(window, "Milk 250 ml"))
    assert window.total.text() == "¥4.50"
