"""After "Remove ✗ items" the basket and TOTAL show what was sold.

Found live: bread roll ×2, milk, beer (which the child may not buy) → Charge → the split
card → "Remove ✗ items": the till said "Approved ¥11.50" while TOTAL still said ¥18.50 and
the basket still listed the beer. Now the removed items leave the basket and TOTAL is the
¥11.50 sold, as the journal has it."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from tests.pos.conftest import Tablet
from tests.pos.test_terminal import charge_by_wedge

pytestmark = pytest.mark.gui


def tap(qtbot: Any, widget: Any) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def tap_product(qtbot: Any, window: Any, name: str) -> None:
    """Its category's tab, then the product, as the cashier does."""
    [cid] = [c.id for c in window.catalogue.categories
             if any(p.name == name for p in c.products)]
    [tab] = [b for b in window.catalogue_view.category_buttons
             if b.objectName() == f"cat_{cid}"]
    tap(qtbot, tab)

    def shown() -> bool:  # the tab's products are shown on the next turn of the loop
        try:
            window.catalogue_view.product_button(name)
        except KeyError:
            return False
        return True

    qtbot.waitUntil(shown, timeout=5_000)
    found = window.catalogue_view.product_button(name)
    assert isinstance(found, QPushButton)
    tap(qtbot, found)


def basket_lines(window: Any) -> list[str]:
    return [window.basket.item(i).text() for i in range(window.basket.count())]


def test_removed_items_leave_the_basket_and_the_total(
        terminal: Any, qtbot: Any, sqlite_world: dict[str, Any], tablet: Tablet) -> None:
    window = terminal()
    tap(qtbot, window.parts.mode_items)
    for name in ("Bread roll", "Bread roll", "Milk 250 ml", "Beer 330 ml"):
        tap_product(qtbot, window, name)
    assert window.total.text() == "¥18.50"
    charge_by_wedge(qtbot, window, tablet.code())
    card = window.split
    qtbot.waitUntil(card.isVisible, timeout=15_000)
    assert card.buttons["removed"].isVisible()
    tap(qtbot, card.buttons["removed"])
    qtbot.waitUntil(lambda: window.result.kind == "approved", timeout=15_000)
    assert not card.isVisible() and window.state == "result"
    assert window.result.amount.text() == "¥11.50"
    assert window.total.text() == "¥11.50"  # what was sold
    assert basket_lines(window) == ["2 × Bread roll — ¥7.00",
                                    "1 × Milk 250 ml — ¥4.50"]
    row = window.store.get(window.shown.key)
    assert row is not None and row.total_minor == 1150
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Return)  # New sale
    assert window.state == "entry" and window.total.text() == "¥0.00"
    assert basket_lines(window) == []
