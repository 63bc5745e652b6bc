"""The manager's PIN in front of refunds and Settings (issue 10 §8).

`with_pin(window, purpose, then)` asks for the PIN set in Settings and calls `then()` once
it is right; with no PIN set yet it calls `then()` at once (the settings say so, and offer
to set one). The check and the lock after too many wrong tries are pos_app.core.pin's.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QLineEdit

from pos_app import screens
from pos_app.core import pin
from pos_app.widgets import theme
from pos_app.widgets.keypad import button, plain_label
from pos_app.widgets.layout import CodeField

if TYPE_CHECKING:
    from pos_app.app import MainWindow


def with_pin(window: MainWindow, purpose: str, then: Callable[[], Any]) -> QDialog | None:
    stored = window.settings.manager_pin_hash
    if not stored:
        then()
        return None
    dlg, lay = screens.dialog(window, "Manager PIN", "pin")
    lay.addWidget(plain_label(f"{purpose} needs the manager’s PIN."))
    field = CodeField()
    field.setObjectName("manager_pin")
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(pin.MAX_DIGITS)
    lay.addWidget(field)
    note = plain_label("", "pin_note")
    note.setStyleSheet(f"color: {theme.BAD}; font-weight: 700;")
    lay.addWidget(note)

    def submit() -> None:
        if window.pin_guard.try_pin(field.text(), stored):
            dlg.accept()
            then()
            return
        field.clear()
        wait_s = window.pin_guard.locked_for_s()
        note.setText(f"Too many wrong tries: wait {math.ceil(wait_s)} s." if wait_s
                     else "That is not the manager’s PIN.")

    field.submitted.connect(submit)
    ok = button("OK", "primary", "pin_ok")
    ok.clicked.connect(submit)
    lay.addLayout(screens.close_row(dlg, ok))
    dlg.resize(520, 300)
    dlg.open()
    field.setFocus()
    return dlg
