"""Live: on the demo's 724-px till (a 1024x768 screen), and at 1024 px in Chinese, the
Items tab showed one row of products (the categories took three rows, every product
button stood 68 px for two lines of words), the rest scrolled in an 80-px strip. Two whole
rows of products show in every category, in every language, at 724 and 1024 px wide."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.pos.conftest import settle
from tests.pos.test_layout import language, products_in_view  # noqa: F401 - a fixture

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("lang", ["en", "zh_CN", "zh_TW"])
def test_two_whole_rows_of_products_at_724_and_1024(
        lang: str, language: Callable[[str], None], till: Any) -> None:  # noqa: F811
    language(lang)
    for width, height in [(724, 736), (724, 700), (1024, 740), (1024, 736)]:
        window = till(width, height)
        window.parts.mode_items.click()
        for name in ("Bread roll", "Milk 250 ml", "Beer 330 ml"):
            window.add_product(window.catalogue.find(name))
        view = window.catalogue_view
        for tab in view.category_buttons:
            tab.click()
            settle()
            products, columns, whole = products_in_view(view)
            assert len(whole) >= min(len(products), 2 * columns), (
                lang, width, height, tab.text(), len(whole))
        window.shutdown()
