"""Live 33 §13: a longer prompt under the camera view ("Type the amount, then press
Charge.", zh_TW "已掃描到付款碼。按「收款 ⏎」收取 ¥25.00。") wrapped to another line and the
camera view above it shrank, then grew back with the next prompt. The prompt keeps one
height whatever it says, in every language and at the tills' sizes: the camera view is
as high before a long prompt as after it, and every prompt's words fit inside its box."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics

from tests.pos.conftest import settle
from tests.pos.test_layout import (
    language,  # noqa: F401 - a fixture
    resize,
)

pytestmark = pytest.mark.gui

SIZES = [(1366, 768), (1024, 736)]
# The prompts a cashier meets, shortest to longest (a refused key's: three lines before).
PROMPTS = [
    ("MainWindow", "Enter: {action}.", {"action": "new sale"}),
    ("MainWindow", "Type the amount, then press Charge.", {}),
    ("MainWindow", "Code ready. Press Charge ⏎ to take {total}.", {"total": "¥25.00"}),
    ("MainWindow", "The server refuses this terminal's key: no sale can go through. Check "
                   "the terminal id and key in Settings.", {}),
]


def words_height(label: Any) -> int:
    """The height the label's words take, wrapped at its width, in the type it shows."""
    font = QFont(label.font())
    rect = QFontMetrics(font).boundingRect(QRect(0, 0, label.contentsRect().width(), 100_000),
                                           int(Qt.TextFlag.TextWordWrap), label.text())
    return rect.height()


@pytest.mark.parametrize("lang", ["en", "zh_CN", "zh_TW"])
def test_the_camera_view_keeps_its_height_whatever_the_prompt(
        lang: str, language: Callable[[str], None],  # noqa: F811 - the fixture
        terminal: Any, qtbot: Any) -> None:
    from PySide6.QtCore import QCoreApplication

    language(lang)
    window = terminal()
    for width, height in SIZES:
        resize(qtbot, window, width, height)
        settle()
        heights = {}
        for context, text, values in PROMPTS:
            prompt = QCoreApplication.translate(context, text).format(**values)
            window.set_prompt(prompt)
            settle()
            heights[prompt] = window.preview.height()
            label = window.prompt
            assert words_height(label) <= label.height(), (lang, width, prompt)
            assert label.fontMetrics().height() * 2 <= label.height() + 2, (lang, width)
            if os.environ.get("KINPAY_SHOTS_DIR"):
                window.grab().save(str(Path(os.environ["KINPAY_SHOTS_DIR"])
                                       / f"prompt-{lang}-{width}x{height}-{len(heights)}.png"))
        assert len(set(heights.values())) == 1, (lang, width, heights)
