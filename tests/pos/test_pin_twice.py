"""The manager PIN is typed twice in Settings. Found live: the PIN field is masked and had
no second field, so a slip of a key saved a PIN nobody knew and locked the manager out of
refunds and Settings. Now two PINs that differ are refused in clear words, nothing is
saved (the old PIN still opens Settings), and the two fields are emptied to type again."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from pos_app.core import pin
from pos_app.settings import Settings
from tests.pos.test_manager import _enter_pin, _set_pin
from tests.pos.test_screens import child, click

pytestmark = pytest.mark.gui
SHOTS = Path(os.environ.get("KINPAY_POS_SHOTS", "/work/scratch/pos31"))


def type_pins(qtbot: Any, window: Any, first: str, again: str) -> None:
    for name, value in (("set_pin", first), ("set_pin_again", again)):
        field = child(window, QLineEdit, name)
        field.setFocus()
        qtbot.keyClicks(field, value)
    click(qtbot, child(window, QPushButton, "settings_save"))


def test_a_mistyped_new_pin_is_refused(terminal: Any, qtbot: Any) -> None:
    window = terminal()
    window.open_settings()
    type_pins(qtbot, window, "2468", "2486")  # a slip of the keys in the first
    assert window.dialog is not None and window.dialog.objectName() == "settings"
    note = child(window, QLabel, "settings_note")
    assert "not the same" in note.text() and "unchanged" in note.text()
    assert not note.visibleRegion().isEmpty(), "the refusal is scrolled into view"
    assert child(window, QLineEdit, "set_pin").text() == ""
    assert child(window, QLineEdit, "set_pin_again").text() == ""
    assert window.settings.manager_pin_hash == ""
    assert Settings.load(window.data_dir).manager_pin_hash == ""
    if SHOTS.is_dir():
        window.dialog.grab().save(str(SHOTS / "settings-pin-mismatch-en.png"))
    type_pins(qtbot, window, "2468", "")  # the second left empty: refused too
    assert window.dialog is not None and "not the same" in note.text()
    type_pins(qtbot, window, "2468", "2468")
    assert window.dialog is None
    assert pin.verify_pin("2468", window.settings.manager_pin_hash)


def test_a_mistyped_change_keeps_the_old_pin(terminal: Any, qtbot: Any) -> None:
    window = terminal()
    _set_pin(qtbot, window, "1357")
    window.open_settings()
    _enter_pin(qtbot, window, "1357")
    assert window.dialog.objectName() == "settings"
    type_pins(qtbot, window, "9753", "9735")
    assert window.dialog.objectName() == "settings"
    qtbot.keyClick(window.dialog, Qt.Key.Key_Escape)
    assert pin.verify_pin("1357", window.settings.manager_pin_hash)
    assert pin.verify_pin("1357", Settings.load(window.data_dir).manager_pin_hash)
