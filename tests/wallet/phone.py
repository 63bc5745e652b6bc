"""What a person on a phone meets on a page, read from the real widgets: a widget across the
window's edge or its scroll view's (out of reach, scrolling up and down only), text cut, two
controls on top of each other where they are seen, a button smaller than a finger."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollBar,
    QWidget,
)

from tests.wallet.fit import clipped

FINGER_PX = 40  # this test's figure: the desktop's own buttons are 40 px high
CONTROLS = (QLabel, QAbstractButton, QLineEdit, QComboBox)


def _inside(widget: QWidget, window: QWidget) -> str:
    """'' when `widget` lies across no edge of the window or of its scroll area's view."""
    left = widget.mapTo(window, QPoint(0, 0)).x()
    if left < 0 or left + widget.width() > window.width():
        return f"x {left}..{left + widget.width()} of the window's {window.width()}"
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea) and widget is not parent.viewport():
            view = parent.viewport()
            x = widget.mapTo(view, QPoint(0, 0)).x() if view.isAncestorOf(widget) else 0
            if x < 0 or x + widget.width() > view.width():
                return f"x {x}..{x + widget.width()} of its scroll view's {view.width()}"
        parent = parent.parentWidget()
    return ""


def _seen(widget: QWidget, window: QWidget) -> QRect:
    """The part of `widget` on the screen, in the window's coordinates."""
    seen = widget.visibleRegion().boundingRect()
    return seen.translated(widget.mapTo(window, QPoint(0, 0)))


def _name(w: QWidget) -> str:
    text = w.text() if isinstance(w, (QLabel, QAbstractButton, QLineEdit)) else ""
    return f"{type(w).__name__} {w.objectName()!r} {text[:40]!r}"


def settle(qtbot: Any, window: QWidget, *, rounds: int = 40) -> None:
    """Wait until the window's layout stops moving (every widget's geometry the same over
    two looks 50 ms apart), at most `rounds` looks: a fixed wait was too short on a busy
    machine, and a height-for-width widget read before its relayout looked cut."""
    def shape() -> list[tuple[int, int, int, int]]:
        return [w.geometry().getRect() for w in window.findChildren(QWidget)]

    last = shape()
    for _ in range(rounds):
        qtbot.wait(50)
        now = shape()
        if now == last:
            return
        last = now


def problems(window: QWidget, root: QWidget) -> list[str]:
    """What a person on a phone would meet on `root`, shown in `window`."""
    found = [f"cut: {c}" for c in clipped(root)]
    shown = [w for w in root.findChildren(QWidget)
             if w.isVisibleTo(window) and not isinstance(w, QScrollBar)
             and not isinstance(w.parentWidget(), (QComboBox, QLineEdit))]
    for w in shown:
        if w.sizePolicy().hasHeightForWidth() and w.height() < w.heightForWidth(w.width()):
            found.append(f"cut: {_name(w)} needs {w.heightForWidth(w.width())} px high, "
                         f"has {w.height()}")  # e.g. a spending bar's second line
        where = _inside(w, window)
        if where:
            found.append(f"outside: {_name(w)} at {where}")
        if isinstance(w, QPushButton) and (w.height() < FINGER_PX or w.width() < FINGER_PX):
            found.append(f"small: {_name(w)} {w.width()}×{w.height()}")
    # Where each control is seen: a part scrolled out of sight (under the top bar) is not.
    seen = [(w, _seen(w, window)) for w in shown if isinstance(w, CONTROLS)]
    controls = [(w, r) for w, r in seen if not r.isEmpty()]
    for i, (a, ra) in enumerate(controls):
        for b, rb in controls[i + 1:]:
            if a.isAncestorOf(b) or b.isAncestorOf(a):
                continue
            if ra.intersects(rb):
                found.append(f"overlap: {_name(a)} and {_name(b)}")
    return found
