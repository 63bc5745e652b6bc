"""The mouse wheel scrolls the till's Settings; it never changes a choice on its way past.
Found live at 1366x768: scrolling the Settings form with the wheel, the pointer passed over
the Language box, which took the turns and a Save stored another language. The boxes (the
language, the camera, the counts) now leave the wheel to the form unless the cashier is in
them: a click or the keyboard changes them, and the wheel then too."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QPushButton, QSpinBox, QWidget

from pos_app.settings import Settings
from tests.pos.test_screens import child, click

pytestmark = pytest.mark.gui
NOTCH = 120  # one notch of a mouse wheel, in eighths of a degree


def wheel_down(widget: QWidget, notches: int) -> bool:
    """Turn the wheel towards the user over the middle of `widget`; whether the widget kept
    a turn (one it leaves goes to the form under it when the wheel is real)."""
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


def test_the_wheel_over_the_settings_boxes_changes_nothing(terminal: Any, qtbot: Any) -> None:
    window = terminal()
    window.open_settings()
    language = child(window, QComboBox, "set_language")
    count = child(window, QSpinBox, "set_count")
    camera = child(window, QComboBox, "set_camera")
    before = (language.currentIndex(), count.value(), camera.currentIndex())
    assert language.count() >= 2  # another language the wheel could have chosen
    for box in (language, count, camera):
        assert not wheel_down(box, 2), box.objectName()  # left to the form
        assert not box.hasFocus()  # a turn of the wheel doesn't take the focus either
    assert (language.currentIndex(), count.value(), camera.currentIndex()) == before
    click(qtbot, child(window, QPushButton, "settings_save"))
    saved = Settings.load(window.data_dir)
    assert (saved.language, saved.offline_max_count) == ("en", window.settings.offline_max_count)
    assert saved.offline_max_count == before[1]


def test_the_wheel_changes_a_box_the_cashier_is_in(terminal: Any, qtbot: Any) -> None:
    window = terminal()
    window.open_settings()
    count = child(window, QSpinBox, "set_count")
    start = count.value()
    count.setFocus()
    qtbot.waitUntil(count.hasFocus, timeout=5_000)
    assert wheel_down(count, 1)
    assert count.value() == start - 1


def test_both_boxes_take_the_wheel_by_one_rule(qtbot: Any) -> None:
    """ComboBox and SpinBox share NoWheelUnlessFocused (a plain Python mixin, first in
    their bases): the wheel passes a box the cashier is not in, and turns the one she is."""
    from pos_app.widgets import inputs

    form = QWidget()
    qtbot.addWidget(form)
    combo, spin = inputs.ComboBox(form), inputs.SpinBox(form)
    combo.addItems(["a", "b", "c"])
    spin.setRange(0, 10)
    spin.setValue(5)
    form.show()
    qtbot.waitExposed(form)
    for box in (combo, spin):
        assert isinstance(box, inputs.NoWheelUnlessFocused)
        assert type(box).wheelEvent is inputs.NoWheelUnlessFocused.wheelEvent
        assert not wheel_down(box, 1)
    assert (combo.currentIndex(), spin.value()) == (0, 5)
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus, timeout=5_000)
    assert wheel_down(spin, 1) and spin.value() == 4
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus, timeout=5_000)
    assert wheel_down(combo, 1) and combo.currentIndex() == 1
