"""What of a window's words does not show whole: a button narrower than its text and
padding, a one-line label narrower than its text, a wrapped label shorter than its lines,
or a word past its card's (or the window's) edge. For the till's narrow layouts
(test_till_600.py): at 600 px the header read "Refunc" and the asking card "Asking Me"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QPushButton, QWidget


def _scrolled(widget: QWidget, root: QWidget) -> bool:
    """Inside a scroll area (its words scroll: not cut) or a table's cells."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _cut_by_parents(widget: QWidget, root: QWidget) -> bool:
    """Some of it lies outside a parent between it and `root` (or outside `root`)."""
    where = QRect(widget.mapTo(root, widget.rect().topLeft()), widget.size())
    parent = widget.parentWidget()
    while parent is not None:
        seen = QRect(parent.mapTo(root, parent.rect().topLeft()), parent.size())
        if not seen.contains(where):
            return True
        if parent is root:
            return False
        parent = parent.parentWidget()
    return False


def not_whole(root: QWidget) -> list[str]:
    """`name: text` of each shown button or label under `root` whose words are cut."""
    bad: list[str] = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or _scrolled(w, root) or w.property("elides"):
            continue
        if isinstance(w, QPushButton) and w.text():
            if w.sizeHint().width() > w.width() or w.height() < w.minimumSizeHint().height():
                bad.append(f"{w.objectName()}: {w.text()!r} {w.width()}<{w.sizeHint().width()}")
            elif _cut_by_parents(w, root):
                bad.append(f"{w.objectName()}: {w.text()!r} past its card")
        elif isinstance(w, QLabel) and w.text() and w.pixmap().isNull():
            bad += _label(w, root)
    return bad


def _label(label: QLabel, root: QWidget) -> list[str]:
    name = f"{label.objectName()}: {label.text()[:40]!r}"
    room = label.contentsRect()
    metrics = label.fontMetrics()
    if label.wordWrap():
        need = label.heightForWidth(label.width())
        if need > label.height():
            return [f"{name} {label.height()}<{need} px tall"]
        if any(metrics.horizontalAdvance(word) > room.width()
               for word in label.text().split() if word.isascii()):  # CJK breaks anywhere
            return [f"{name} a word wider than {room.width()}"]
    else:
        wide = max(metrics.horizontalAdvance(line) for line in label.text().split("\n"))
        if wide > room.width():
            return [f"{name} {room.width()}<{wide} px wide"]
        if metrics.height() > label.height():
            return [f"{name} {label.height()}<{metrics.height()} px tall"]
    if _cut_by_parents(label, root):
        return [f"{name} past its card"]
    return []


def any_not_whole(roots: list[Any]) -> list[str]:
    return [problem for root in roots for problem in not_whole(root)]
