"""A choice box made while its part of the form was off shows its whole text once the part
is turned on (found live: "07:(" and "20:(" for 07:00 and 20:00 after "Only on these days"
was ticked; a disabled box was measured without its arrow's room, and kept that size)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QComboBox, QStyle, QStyleOptionComboBox
from pytestqt.qtbot import QtBot

from wallet_app.payer.grant_form import GrantForm

pytestmark = pytest.mark.gui


def text_room(combo: QComboBox) -> int:
    """The width the box gives its text, as its style draws it."""
    opt = QStyleOptionComboBox()
    combo.initStyleOption(opt)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, opt, QStyle.SubControl.SC_ComboBoxEditField, combo)
    return field.width()


def test_the_hours_show_whole_once_the_days_are_ticked(qtbot: QtBot, styled: QApplication) -> None:
    form = GrantForm()
    qtbot.addWidget(form)
    form.resize(342, 700)
    form.show()
    qtbot.waitExposed(form)
    QApplication.processEvents()  # laid out as the parent first sees it: the hours off
    assert not form.windows_on.isChecked()
    form.windows_on.setChecked(True)
    row = form.windows.rows[0]
    qtbot.waitUntil(lambda: row.start_time.isEnabled() and row.isVisible(), timeout=5_000)
    QApplication.processEvents()
    for combo, text in ((row.start_time, "07:00"), (row.end_time, "20:00")):
        assert combo.currentText() == text
        assert text_room(combo) >= combo.fontMetrics().horizontalAdvance(text)
        assert combo.width() >= combo.sizeHint().width()

