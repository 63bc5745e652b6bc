"""Days and times that are off look off. Found live in the demo (简体中文): in the grant
form, with "Only on these days, between these times" unticked, Mon–Fri still stood in the
accent blue, underlined, and "+ Add a time" in blue, as if the allowance worked on
weekdays only: a disabled day button kept its checked look and a disabled link its
colour. Judged from the buttons' own pixels: no accent-blue pixel while off."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import grant_form

pytestmark = pytest.mark.gui
BLUES = ((0x1F, 0x56, 0xC7), (0x17, 0x3F, 0x94))  # the app's accent and its dark shade


def blue_pixels(button: QPushButton) -> int:
    image = button.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    stride = image.bytesPerLine()
    raw = np.frombuffer(image.constBits(), dtype=np.uint8, count=stride * image.height())
    rgb = raw.reshape(image.height(), stride)[:, : 3 * image.width()].reshape(
        image.height(), image.width(), 3).astype(int)
    near = [(np.abs(rgb - np.array(c)).sum(axis=2) < 40) for c in BLUES]
    return int(np.logical_or(*near).sum())


def test_days_and_add_a_time_look_off_while_the_times_are_off(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    _payer, form = grant_form(qtbot, make_window, sqlite_world)
    monday = form.windows.rows[0].day_buttons[0]
    add = form.windows.add_button
    assert monday.isChecked() and not form.windows_on.isChecked()
    qtbot.wait(50)
    assert (blue_pixels(monday), blue_pixels(add)) == (0, 0)
    form.windows_on.setChecked(True)
    qtbot.wait(50)
    assert blue_pixels(monday) > 0 and blue_pixels(add) > 0  # on: the accent again
