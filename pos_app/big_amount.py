"""Check the amount: a sale above the till's usual (`Settings.confirm_above_minor`) is
shown to the cashier before it is charged. Found live: 300 typed, then a numeric code
typed where the keys still went to the amount: ¥3,001,234.56 went to the server (declined,
luckily) and nothing on the till asked.

The question shows the amount big; its "Yes" takes no press for a moment (as the refund's)
and Enter answers nothing: the Enter that charged, pressed twice or held, can't say yes
to an amount nobody looked at. Esc and "Change the amount" go back to the amount, kept for
editing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QPushButton, QVBoxLayout

from pos_app.widgets import theme
from pos_app.widgets.dialogs import DialogHost, dialog, fit
from pos_app.widgets.keypad import arming, button, plain_label

translate = QCoreApplication.translate


def check_amount(host: DialogHost, amount: str, limit: str,
                 on_yes: Callable[[], None]) -> QDialog:
    """"Is {amount} right?", over the till; `on_yes` runs after the cashier taps yes."""
    dlg, lay = dialog(host, translate("CheckAmount", "Check the amount"), "check_amount")
    shown = plain_label(amount, "check_amount_total")
    shown.setStyleSheet("font-size: 56px; font-weight: 800;")
    shown.setAlignment(Qt.AlignmentFlag.AlignCenter)
    lay.addWidget(shown)
    why = plain_label(translate("CheckAmount", "This is more than {limit}, more than a sale "
                                "here usually is. Charge it?").format(limit=limit),
                      "check_amount_why")
    why.setWordWrap(True)
    lay.addWidget(why)
    back = button(translate("CheckAmount", "Change the amount"), None, "check_amount_back")
    yes = button(translate("CheckAmount", "Yes, charge {amount}").format(amount=amount),
                 "primary", "check_amount_yes")
    return tap_to_answer(host, dlg, lay, back, yes, on_yes, (620, 460))


def tap_to_answer(host: DialogHost, dlg: QDialog, lay: QVBoxLayout, back: QPushButton,
                  yes: QPushButton, on_yes: Callable[[], None],
                  size: tuple[int, int]) -> QDialog:
    """The foot of a question only a tap answers (this one, pos_app.clear_sale): the words
    saying so, `back` (as Esc) and `yes`, which takes no press for a moment; Enter answers
    nothing. Either answer hands the keys back to the till. Opens it; `on_yes` runs after
    the yes."""
    how = plain_label(translate("CheckAmount", "Tap your answer: Enter doesn't answer this "
                                "question."), f"{dlg.objectName()}_how")
    how.setWordWrap(True)
    how.setStyleSheet(f"color: {theme.MUTED};")
    lay.addWidget(how)
    lay.addStretch(1)
    for b in (back, yes):
        b.setAutoDefault(False)  # never Enter's: the buttons take no focus (keypad.button)
        lay.addWidget(b)
    back.clicked.connect(dlg.reject)
    dlg.finished.connect(lambda _r: host.parent.window().activateWindow())
    yes.setEnabled(False)
    arms = arming(yes, dlg)

    def answered() -> None:
        dlg.accept()
        on_yes()

    yes.clicked.connect(answered)
    fit(dlg, host, *size)
    dlg.open()
    arms.start()
    return dlg
