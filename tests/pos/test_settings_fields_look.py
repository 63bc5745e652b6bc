"""Live 33 §13 (z120set, e46): in Settings, "Offline payments per allowance" showed its
"3" jammed against the field's left edge, where every other field's text starts inside
its padding; and the "Terminal key" field, its key longer than the field, opened scrolled
to the key's end, its first dot cut in half at the left edge. In the real dialog, at the
tills' sizes and in each language: the numbers start where the other fields' text starts,
and the key's dots start with the key's first, whole."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QLineEdit, QSpinBox

from tests.pos.conftest import settle
from tests.pos.test_layout import (
    language,  # noqa: F401 - a fixture
    resize,
)

pytestmark = pytest.mark.gui

SIZES = [(1366, 768), (1024, 736)]


def text_left(field: QLineEdit, within: Any) -> int:
    """Where the field's first character starts, from the left edge of `within` (the
    field, or the spin box around it)."""
    at = field.cursorPosition()
    field.setCursorPosition(0)
    left = field.mapTo(within, field.cursorRect().center()).x()
    field.setCursorPosition(at)
    return left


@pytest.mark.parametrize("lang", ["en", "zh_CN", "zh_TW"])
def test_numbers_and_the_key_start_inside_their_fields(
        lang: str, language: Callable[[str], None],  # noqa: F811 - the fixture
        terminal: Any, qtbot: Any) -> None:
    language(lang)
    window = terminal()
    for width, height in SIZES:
        resize(qtbot, window, width, height)
        window.open_settings()
        dlg = window.dialog
        qtbot.waitUntil(dlg.isVisible, timeout=5_000)
        settle()
        floor = dlg.findChild(QLineEdit, "set_floor")
        usual = text_left(floor, floor)  # a money field: its text inside its padding
        assert usual >= 8, usual
        for name in ("set_count", "set_list_age"):
            spin = dlg.findChild(QSpinBox, name)
            assert abs(text_left(spin.lineEdit(), spin) - usual) <= 2, (lang, width, name)
        key = dlg.findChild(QLineEdit, "set_key")
        assert key.echoMode() == QLineEdit.EchoMode.Password
        shown = key.fontMetrics().horizontalAdvance(key.displayText())
        assert shown > key.width(), "the test means a key longer than its field"
        # What shows at the field's left, where its text starts: the key's first dot.
        assert key.cursorPositionAt(QPoint(usual, key.height() // 2)) == 0, (lang, width)
        if os.environ.get("KINPAY_SHOTS_DIR"):
            dlg.grab().save(str(Path(os.environ["KINPAY_SHOTS_DIR"])
                                / f"settings-{lang}-{width}x{height}.png"))
        dlg.close()
