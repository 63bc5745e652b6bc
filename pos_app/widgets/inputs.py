"""A combo box and a spin box that leave the mouse wheel to the form under them unless
the cashier is working in them (they have the keyboard's focus): scrolling the Settings
form with the wheel, the pointer passed over the Language box, which took the turns and
saved another language. A click, a tap or the keyboard changes them; the wheel then too.

The rule is written once, in `NoWheelUnlessFocused`: a plain Python class, listed first
in a widget's bases (a mixin on a QWidget base crashed PySide). (The parent's wallet does
the same in wallet_app/ui.py; the till may not import it.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QComboBox, QSpinBox, QWidget

from pos_app.widgets import theme

if TYPE_CHECKING:
    _Widget = QWidget  # what the mixin is mixed into, for the type checker only
else:
    _Widget = object


class NoWheelUnlessFocused(_Widget):
    """The wheel turns the widget only while it has the keyboard's focus; otherwise Qt
    hands the turn to the parent (the form's scroll area scrolls)."""

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class ComboBox(NoWheelUnlessFocused, QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Qt's default (WheelFocus) lets a turn of the wheel take the focus, then the value.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


class SpinBox(NoWheelUnlessFocused, QSpinBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # Its number starts where a line's text does, inside the border and padding: the
        # style sheet's padding is not given to a spin box's own line, and Settings showed
        # "3" jammed against the field's left edge (live 33 §13).
        inside = theme.FIELD_BORDER_PX + theme.FIELD_PAD_PX
        self.lineEdit().setTextMargins(inside, 0, inside, 0)
