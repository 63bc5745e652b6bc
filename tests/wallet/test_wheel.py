"""The mouse wheel scrolls the parent's pages; it never changes a choice on its way past.
Found live (a 452x820 window): scrolling down "Give spending money" with the wheel, the
pointer passed over the Currency box, which took the turns itself: CNY became KWD and the
form did not move; on Settings one notch over the Language box saved 简体中文 for the next
start. The boxes (currency, the times of day, the end date, the language) now let the
page take the wheel; they change by a click or the keyboard."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import grant_form, parent_signed_in

pytestmark = pytest.mark.gui
PHONE_PX = (452, 820)  # the window it was found in
NOTCH = 120  # one notch of a mouse wheel, in eighths of a degree


def wheel_down(widget: QWidget, notches: int) -> bool:
    """Turn the wheel towards the user over the middle of `widget`; whether the widget
    kept a turn. One it leaves, Qt hands on to the widget under it (the page's scroll
    area) when the wheel is real; a test's event, not from the window system, goes no
    further, so this says what the widget did with it."""
    middle = QPointF(widget.rect().center())
    kept = False
    for _ in range(notches):
        event = QWheelEvent(
            middle, QPointF(widget.mapToGlobal(middle.toPoint())), QPoint(0, 0),
            QPoint(0, -NOTCH), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase, False,
        )
        event.setAccepted(False)
        QApplication.sendEvent(widget, event)
        kept = kept or event.isAccepted()
    return kept


def test_the_wheel_over_the_currency_box_is_left_to_the_form(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    _payer, form = grant_form(qtbot, make_window, sqlite_world, PHONE_PX)
    scroll = form.findChild(QScrollArea)
    assert scroll is not None
    assert scroll.verticalScrollBar().maximum() > 0  # a form to scroll
    assert not wheel_down(form.currency, 3)  # left to the page
    qtbot.wait(50)
    assert form.currency.currentText() == "CNY"
    # The times of day and the end date, switched on, are passed over the same way.
    form.windows_on.setChecked(True)
    form.expiry_on.setChecked(True)
    row = form.windows.rows[0]
    start, end, date = row.start_time.currentText(), row.end_time.currentText(), form.expiry.date()
    for box in (row.start_time, row.end_time, form.expiry):
        assert not wheel_down(box, 2)
    assert (row.start_time.currentText(), row.end_time.currentText()) == (start, end)
    assert form.expiry.date() == date


def test_the_wheel_over_the_language_box_keeps_the_language(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    payer = parent_signed_in(qtbot, make_window, sqlite_world, PHONE_PX)
    qtbot.mouseClick(payer.tab_buttons["settings"], Qt.MouseButton.LeftButton)
    language = payer.settings_page.language
    assert language.currentData() == "en"
    assert not wheel_down(language, 1)
    qtbot.wait(50)
    assert language.currentData() == "en"
    assert payer.window().settings.get("language") in ("", "en")  # nothing new saved
