"""The keypad, off on a result card, looks off: every key, the red Clear too.

Live: on a result card the keypad takes no keys, and its digits look it (grey), but Clear
kept its red words and red border and looked like the one key still working."""

from __future__ import annotations

import time
from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage

from tests.pos.conftest import Tablet
from tests.pos.test_terminal import type_amount, wait_result

pytestmark = pytest.mark.gui


def red_pixels(image: QImage) -> int:
    """Pixels of the theme's red (#B91C1C) or near it: its words and border."""
    return sum(1 for x in range(image.width()) for y in range(image.height())
               if (c := QColor(image.pixel(x, y))).red() > 150 and c.green() < 90
               and c.blue() < 90)


def test_clear_looks_off_with_the_rest_of_the_keypad_on_a_result_card(
        terminal: Any, qtbot: Any, tablet: Tablet, shot: Any) -> None:
    window = terminal()
    clear, one = window.keypad.buttons["clear"], window.keypad.buttons["1"]
    assert red_pixels(clear.grab().toImage()) > 100  # on: red words, red border
    type_amount(qtbot, window, "250")
    window.charge()
    window.take(tablet.code(), time.perf_counter())
    wait_result(qtbot, window, "approved")
    assert not window.keypad.isEnabled() and clear.isVisible()
    shot(window, "keypad-off")
    off = clear.grab().toImage()
    assert red_pixels(off) == 0
    # Its border the colour of a digit key's, off too (#D1D5DB, the theme's line).
    middle = off.width() // 2
    assert QColor(off.pixel(middle, 1)) == QColor(one.grab().toImage().pixel(
        one.width() // 2, 1)) == QColor("#D1D5DB")
