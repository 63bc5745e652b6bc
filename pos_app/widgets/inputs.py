"""A combo box and a spin box that leave the mouse wheel to the form under them unless
the cashier is working in them (they have the keyboard's focus): scrolling the Settings
form with the wheel, the pointer passed over the Language box, which took the turns and
saved another language. A click, a tap or the keyboard changes them; the wheel then too.

(The parent's wallet does the same in wallet_app/ui.py; the till may not import it.)
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QComboBox, QSpinBox, QWidget


class ComboBox(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Qt's default (WheelFocus) lets a turn of the wheel take the focus, then the value.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # Qt hands it to the parent: the scroll area scrolls


class SpinBox(QSpinBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()
