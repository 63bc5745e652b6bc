"""Before Charge the typed-code field is off, and looks it; a sale above the till's usual
is shown to check before it is charged.

Found live at 1366x768: 300 typed on the keypad, then the field "After Charge: or type
the numeric code…" clicked and 12345 67890 typed. The field looked as it does when it
takes keys (white) but was off: the digits went into the amount, and Enter sent a
¥3,001,234.56 charge (declined). Now the field is grey and dashed until Charge, a tap on
it says "Press Charge first", and any sale above "Check a sale above" (Settings; ¥1,000.00
unless changed) waits for the cashier to tap "Yes" under the amount, shown big: Enter
doesn't answer it, and Esc goes back to the amount, kept for editing."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton

from pos_app.settings import Settings
from tests.pos.conftest import Tablet
from tests.pos.test_screens import child, click
from tests.pos.test_terminal import (
    charge_by_wedge,
    terminal_payments,
    type_amount,
    wait_result,
)

pytestmark = pytest.mark.gui
WHITE = QColor("#FFFFFF")


def face(field: QLineEdit) -> QColor:
    """The field's colour as drawn, inside its border and above its text."""
    return field.grab().toImage().pixelColor(field.width() // 2, 5)


def test_the_code_field_is_off_and_looks_it_until_charge(
        terminal: Any, qtbot: Any, sqlite_world: dict[str, Any], tablet: Tablet,
        shot: Any) -> None:
    window = terminal()
    field = window.code_input
    type_amount(qtbot, window, "300")
    assert not field.isEnabled()
    assert face(field) != WHITE  # grey: not a field to type in
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    assert not field.hasFocus()
    assert window.prompt.text() == "Press Charge first, then scan or type the code."
    # What the cashier then typed goes to the amount, where it shows…
    type_amount(qtbot, window, "12345 67890".replace(" ", ""))
    assert window.total.text() == "¥3,001,234.56"
    # …and the amount, far above the till's usual, is shown to check: nothing is sent.
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Return)
    dlg = window.dialog
    assert dlg is not None and dlg.objectName() == "check_amount"
    assert child(window, QLabel, "check_amount_total").text() == "¥3,001,234.56"
    assert "¥1,000.00" in child(window, QLabel, "check_amount_why").text()
    shot(dlg, "check-amount")  # the dialog, a window of its own
    assert window.state == "entry"
    qtbot.keyClick(dlg, Qt.Key.Key_Return)  # Enter answers nothing…
    qtbot.wait(800)  # …not even once "Yes" takes presses (keypad.ARMS_MS)
    qtbot.keyClick(dlg, Qt.Key.Key_Return)
    assert window.dialog is dlg and dlg.isVisible() and window.state == "entry"
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)  # back to the amount, kept to be changed
    assert window.dialog is None and window.state == "entry"
    assert window.total.text() == "¥3,001,234.56"
    assert terminal_payments(sqlite_world) == []
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Delete)  # Clear
    type_amount(qtbot, window, "300")
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Return)
    assert window.dialog is None  # an everyday amount is not asked about
    assert window.state == "waiting" and field.isEnabled()
    qtbot.waitUntil(field.hasFocus, timeout=5_000)
    assert face(field) == WHITE
    qtbot.keyClicks(field, tablet.code())
    qtbot.keyClick(field, Qt.Key.Key_Return)
    wait_result(qtbot, window, "approved")
    assert [p.amount for p in terminal_payments(sqlite_world)] == [300]


def test_yes_under_the_amount_charges_it(terminal: Any, qtbot: Any,
                                         sqlite_world: dict[str, Any], tablet: Tablet) -> None:
    assert Settings().confirm_above_minor == 100_000  # ¥1,000.00 unless the shop says
    window = terminal(confirm_above_minor=2000)
    type_amount(qtbot, window, "2500")
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Return)
    yes = child(window, QPushButton, "check_amount_yes")
    assert yes.text() == "Yes, charge ¥25.00"
    assert not yes.isEnabled()  # the press that asked can't answer
    qtbot.waitUntil(yes.isEnabled, timeout=5_000)
    click(qtbot, yes)
    assert window.dialog is None and window.state == "waiting"
    qtbot.waitUntil(window.code_input.hasFocus, timeout=5_000)  # the window active again
    charge_target = window.code_input
    qtbot.keyClicks(charge_target, tablet.code())
    qtbot.keyClick(charge_target, Qt.Key.Key_Return)
    wait_result(qtbot, window, "approved")
    assert [p.amount for p in terminal_payments(sqlite_world)] == [2500]


def test_the_check_is_a_setting(terminal: Any, qtbot: Any) -> None:
    window = terminal()
    window.open_settings()
    above = child(window, QLineEdit, "set_confirm_above")
    assert above.text() == "1,000.00"
    above.setText("300")
    click(qtbot, child(window, QPushButton, "settings_save"))
    assert Settings.load(window.data_dir).confirm_above_minor == 30_000
    type_amount(qtbot, window, "30001")
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Return)
    assert window.dialog is not None and window.dialog.objectName() == "check_amount"


def test_charge_by_wedge_still_works_below_the_check(terminal: Any, qtbot: Any,
                                                     tablet: Tablet) -> None:
    window = terminal()
    type_amount(qtbot, window, "100000")  # ¥1,000.00: at the check, not above it
    charge_by_wedge(qtbot, window, tablet.code())
    wait_result(qtbot, window)
    assert window.result.amount.text() == "¥1,000.00"
