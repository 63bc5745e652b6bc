"""Three offline payments declined on upload, at an 800×600 till: their banner, three
paragraphs of red words, took the sale's height, and the total and Charge were squeezed
below their own least size (the keys lay over each other). The banner now says their
count first and keeps to the lines the window can spare, its words scrolling; the sale
keeps its total, its keys and Charge whole."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect

from tests.pos.conftest import settle
from tests.pos.test_banner_moves_nothing import declined_row
from tests.pos.test_layout import (
    check_fits,
    language,  # noqa: F401 - a fixture
)

pytestmark = pytest.mark.gui


def whole_in(window: Any, widget: Any) -> list[str]:
    """What is wrong with `widget`: hidden, smaller than its least size, or past the window."""
    name = widget.objectName()
    out = []
    if not widget.isVisible():
        out.append(f"{name} hidden")
    least = widget.minimumSizeHint().expandedTo(widget.minimumSize())
    if widget.height() < least.height() or widget.width() < least.width():
        out.append(f"{name} {widget.width()}x{widget.height()} < {least.width()}x"
                   f"{least.height()}")
    where = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
    if not window.rect().contains(where):
        out.append(f"{name} past the window")
    return out


@pytest.mark.parametrize("lang", ["en", "zh_CN", "zh_TW"])
def test_three_declines_leave_the_sale_usable_at_800x600(
        lang: str, language: Callable[[str], None],  # noqa: F811 - the fixture
        till: Any) -> None:
    language(lang)
    window = till(800, 600)
    for key, amount, code in (("a", 500, "category_blocked"), ("b", 900, "limit_daily"),
                              ("c", 1400, "code_used")):  # one upload after another
        window.on_upload_declined([replace(declined_row(key * 32), amount=amount,
                                           decline_code=code)])
        settle()
    if os.environ.get("KINPAY_SHOTS_DIR"):
        window.grab().save(str(Path(os.environ["KINPAY_SHOTS_DIR"])
                               / f"banner-of-three-{lang}-800x600.png"))
    assert window.banner.isVisible()
    text = window.banner.text.text()
    assert all(amount in text for amount in ("¥5.00", "¥9.00", "¥14.00")), text
    first = {"en": "3 offline payments were declined by the server:",
             "zh_CN": "服务器拒绝了 3 笔离线付款：", "zh_TW": "伺服器拒絕了 3 筆離線付款："}[lang]
    assert text.split("\n")[0] == first, text  # their count, where a short banner shows it
    problems = whole_in(window, window.total) + whole_in(window, window.charge_button)
    assert problems == [], (lang, problems)
    assert check_fits(window) == [], lang
