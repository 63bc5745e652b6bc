"""The typed-code field's hint shows whole. Found live: at a 1024-pixel till the English
hint ("After Charge: or type the numeric code, then Enter") was cut at the field's edge.
Now it fits at 1024 and 1366 in English and Chinese; on a narrower till it ends with "…"
(never cut mid-letter), the whole hint in its tooltip."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionFrame

from tests.pos.test_layout import language, resize  # noqa: F401 - `language` is a fixture

pytestmark = pytest.mark.gui
SHOTS = Path(os.environ.get("KINPAY_POS_SHOTS", "/work/scratch/pos31"))


def room(field: Any) -> int:
    """The width inside the field's border and padding, less Qt's 2-px margins."""
    option = QStyleOptionFrame()
    field.initStyleOption(option)
    inside = field.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, field)
    return inside.width() - 4


@pytest.mark.parametrize("lang", ["en", "zh_CN", "zh_TW"])
def test_the_code_hint_fits_the_field(lang: str, language: Callable[[str], None],  # noqa: F811
                                      terminal: Any, qtbot: Any) -> None:
    language(lang)
    window = terminal()
    field = window.code_input
    for width, height in [(1366, 768), (1024, 768), (800, 600)]:
        resize(qtbot, window, width, height)
        QApplication.processEvents()
        shown = field.placeholderText()
        shown_px = QFontMetrics(field.font()).horizontalAdvance(shown)
        assert shown_px <= room(field), (lang, width, shown, shown_px, room(field))
        if width >= 1024:
            assert "…" not in shown and len(shown) > 10, (lang, width, shown)
        if SHOTS.is_dir() and lang != "zh_TW":
            field.grab().save(str(SHOTS / f"code-hint-{lang}-{width}.png"))


@pytest.mark.parametrize("lang", ["en", "zh_CN", "zh_TW"])
def test_the_code_hint_is_whole_on_the_demos_till(lang: str,
                                                  language: Callable[[str], None],  # noqa: F811
                                                  terminal: Any, qtbot: Any) -> None:
    """At 926 px (the demo's till on a 1366×768 screen), down to 880, and on the narrow
    800×600 layout, the hint reads whole: the English one ended "then En…" at 926."""
    language(lang)
    window = terminal()
    field = window.code_input
    for width, height in [(926, 700), (880, 700), (800, 600)]:
        resize(qtbot, window, width, height)
        QApplication.processEvents()
        shown = field.placeholderText()
        shown_px = QFontMetrics(field.font()).horizontalAdvance(shown)
        assert shown_px <= field.contentsRect().width(), (lang, width, shown, shown_px)
        assert shown_px <= room(field), (lang, width, shown, shown_px, room(field))
        assert shown == field.toolTip() and "…" not in shown, (lang, width, shown)
        if SHOTS.is_dir():
            window.grab().save(str(SHOTS / f"code-hint-whole-{lang}-{width}.png"))


SHORT_HINTS = {"en": "Type the code, Enter", "zh_CN": "输入代码，再按回车",
               "zh_TW": "輸入代碼，再按 Enter"}


@pytest.mark.parametrize("lang", ["en", "zh_CN", "zh_TW"])
def test_a_narrow_till_shows_fewer_words_whole(lang: str,
                                               language: Callable[[str], None],  # noqa: F811
                                               terminal: Any, qtbot: Any) -> None:
    """The demo's till on a 1024×768 screen is 724 px wide: the English hint read "After
    Charge: type the code,…". Where the whole hint can't show, fewer words show whole (the
    whole hint stays in the tooltip)."""
    language(lang)
    window = terminal()
    field = window.code_input
    resize(qtbot, window, 724, 700)
    QApplication.processEvents()
    shown = field.placeholderText()
    assert "…" not in shown, (lang, shown)
    assert QFontMetrics(field.font()).horizontalAdvance(shown) <= room(field), (lang, shown)
    if shown != field.toolTip():  # the whole hint didn't fit: the short one, whole
        assert shown == SHORT_HINTS[lang], (lang, shown)
    if SHOTS.is_dir():
        window.grab().save(str(SHOTS / f"code-hint-narrow-{lang}-724.png"))
