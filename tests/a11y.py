"""What a screen reader would say of a window's controls (Qt's accessibility interface).

A control a person can reach with Tab (a button, a field, a list, a box) must have a name
that says what it is: the words a screen reader reads before its value. Qt takes it from
the control's own accessible name, its text (buttons, boxes) or the label whose buddy it
is; a field or a list with none is read as "edit text, 50.00" with nothing to tell the
daily limit from the monthly one."""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

# What a person works: pressed, typed in, chosen from (whether Tab reaches it or not: a
# till's keypad is tapped, and a screen reader reads it all the same).
CONTROLS = (QAbstractButton, QLineEdit, QAbstractSpinBox, QComboBox, QAbstractItemView,
            QTextEdit, QPlainTextEdit)


def spoken_name(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Name) if iface is not None else ""


def _control(widget: QWidget, root: QWidget) -> bool:
    """A control shown under `root`, enabled or not (a screen reader reads a dimmed one)."""
    if not isinstance(widget, CONTROLS) or not widget.isVisibleTo(root):
        return False
    parent = widget.parentWidget()
    # A spin box's or a combo box's own line edit and list, a table's headers: the box or
    # the table is the control.
    return not isinstance(parent, (QAbstractSpinBox, QComboBox, QAbstractItemView))


def unnamed(root: QWidget) -> list[str]:
    """The controls under `root` a person can work whose spoken name says nothing: empty,
    or no letter or digit in it ("⌫", "✗"); each as its class, object name and value."""
    found = []
    for widget in root.findChildren(QWidget):
        if not _control(widget, root):
            continue
        name = spoken_name(widget)
        if not any(c.isalnum() for c in name):
            value = getattr(widget, "text", lambda: "")()
            found.append(f"{type(widget).__name__} {widget.objectName()!r} "
                         f"(named {name!r}, showing {value!r})")
    return found


def spoken_items(view: QAbstractItemView) -> list[str]:
    """What a screen reader says of each line of a list (moving through it with the arrow
    keys): a line drawn by a widget of its own says nothing unless the line is given words
    (Qt.ItemDataRole.AccessibleTextRole)."""
    iface = QAccessible.queryAccessibleInterface(view)
    assert iface is not None
    return [iface.child(i).text(QAccessible.Text.Name) for i in range(iface.childCount())]
