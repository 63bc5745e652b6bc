"""The manager's PIN in front of refunds and Settings (issue 10 §8).

`with_pin(host, stored, guard, purpose, then)` asks for the PIN whose hash Settings holds
(`stored`) and calls `then()` once
it is right; with no PIN set yet it calls `then()` at once (the settings say so, and offer
to set one). The check and the lock after too many wrong tries are pos_app.core.pin's.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QLineEdit

from pos_app.core import pin
from pos_app.widgets import theme
from pos_app.widgets.dialogs import DialogHost, close_row, dialog, fit
from pos_app.widgets.keypad import CodeField, button, plain_label

translate = QCoreApplication.translate


def with_pin(host: DialogHost, stored: str, guard: pin.Guard, purpose: str,
             then: Callable[[], object]) -> QDialog | None:
    if not stored:
        then()
        return None
    dlg, lay = dialog(host, translate("Manager", "Manager PIN"), "pin")
    lay.addWidget(plain_label(translate("Manager", "{purpose} needs the manager’s PIN.").format(
        purpose=purpose)))
    field = CodeField()
    field.setObjectName("manager_pin")
    field.setAccessibleName(translate("Manager", "Manager PIN"))  # what a screen reader says
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(pin.MAX_DIGITS)
    lay.addWidget(field)
    note = plain_label("", "pin_note")
    note.setStyleSheet(f"color: {theme.BAD}; font-weight: 700;")
    lay.addWidget(note)

    def submit() -> None:
        if guard.try_pin(field.text(), stored):
            dlg.accept()
            then()
            return
        field.clear()
        wait_s = guard.locked_for_s()
        note.setText(translate("Manager", "Too many wrong tries: wait {seconds} s.").format(
            seconds=math.ceil(wait_s)) if wait_s
            else translate("Manager", "That is not the manager’s PIN."))

    field.submitted.connect(submit)
    ok = button(translate("Manager", "OK"), "primary", "pin_ok")
    ok.clicked.connect(submit)
    lay.addLayout(close_row(dlg, ok))
    fit(dlg, host, 520, 300)
    dlg.open()
    field.setFocus()
    return dlg
