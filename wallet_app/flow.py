"""Layouts that follow the width they are given, so a phone's 360 px show everything.

`Flow` lays its widgets in a line and wraps them onto the next line when the line is full
(Qt's flow layout example, with the rows' alignment of `ui.row`): a balance and its "Top
up", a card's buttons, Cancel and Save. `Columns` puts widgets in a grid of as many
columns as fit (the seven day buttons, four and three on a phone).

A widget's least width is what its layout needs as it is: seven day buttons in a line
needed 318 px, so the window could not get narrower and they never learned there was less
room. `Columns` asks for its narrow arrangement's least width and takes the wide one when
it is given the room.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QLayout, QLayoutItem, QWidget


def _natural(item: QLayoutItem) -> int:
    """The width `item` takes when there is room: a wrapping label's words in one line (its
    size hint is a guess that wrapped "Server: http://…" on a wide window)."""
    widget = item.widget()
    if isinstance(widget, QLabel) and widget.wordWrap() and "\n" not in widget.text():
        m = widget.contentsMargins()
        text = QFontMetrics(widget.font()).horizontalAdvance(widget.text())
        return text + m.left() + m.right() + 2 * widget.margin() + 2
    return item.sizeHint().width()


class Flow(QLayout):
    """Widgets left to right, wrapping. Those from `stretch_at` on go to the right end of
    their line, as `ui.row(..., stretch_at=...)` puts them; a widget wider than the line
    gets the line (a wrapping label then takes the height its words need)."""

    def __init__(self, stretch_at: int | None = None, spacing: int = 10) -> None:
        super().__init__()
        self._items: list[QLayoutItem] = []
        self._right_from = stretch_at if stretch_at is not None else 10**6
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def sizeHint(self) -> QSize:
        shown = self._shown()
        width = sum(_natural(i) for i in shown) + self.spacing() * max(0, len(shown) - 1)
        height = max((i.sizeHint().height() for i in shown), default=0)
        return QSize(width, height)

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        return size

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def _shown(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def _lines(self, width: int) -> list[list[tuple[int, QLayoutItem, QSize]]]:
        lines: list[list[tuple[int, QLayoutItem, QSize]]] = [[]]
        used = 0
        for index, item in enumerate(self._items):
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            w = max(min(_natural(item), width), item.minimumSize().width())
            h = item.heightForWidth(w) if item.hasHeightForWidth() else hint.height()
            if lines[-1] and used + self.spacing() + w > width:
                lines.append([])
                used = 0
            used += (self.spacing() if lines[-1] else 0) + w
            lines[-1].append((index, item, QSize(w, h)))
        return [line for line in lines if line]

    def _place(self, rect: QRect, *, move: bool) -> int:
        y = rect.y()
        for n, line in enumerate(self._lines(rect.width())):
            if n:
                y += self.spacing()
            height = max(size.height() for _i, _item, size in line)
            right = [(i, item, s) for i, item, s in line if i >= self._right_from]
            left = [(i, item, s) for i, item, s in line if i < self._right_from]
            x = rect.x()
            for _i, item, size in left:
                if move:
                    item.setGeometry(QRect(QPoint(x, y + (height - size.height()) // 2), size))
                x += size.width() + self.spacing()
            x = rect.right() + 1 - sum(s.width() + self.spacing() for _i, _t, s in right)
            for _i, item, size in right:
                x += self.spacing()
                if move:
                    item.setGeometry(QRect(QPoint(x, y + (height - size.height()) // 2), size))
                x += size.width()
            y += height
        return y - rect.y()


def flow(*widgets: QWidget, stretch_at: int | None = None, spacing: int = 10) -> Flow:
    layout = Flow(stretch_at, spacing)
    for w in widgets:
        layout.addWidget(w)
    return layout


class Columns(QWidget):
    """`widgets` in a grid, as many to a line as fit, from the counts in `choices` (widest
    first): seven day buttons in one line, or four and three."""

    def __init__(self, widgets: Sequence[QWidget], choices: Sequence[int], *,
                 spacing: int = 4, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._widgets = list(widgets)
        self._choices = sorted(choices, reverse=True)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(spacing)
        self.columns = 0
        self._arrange(self._choices[0])

    def _need(self, columns: int) -> int:
        cell = max(w.minimumSizeHint().expandedTo(w.minimumSize()).width()
                   for w in self._widgets)
        return columns * cell + (columns - 1) * self._grid.horizontalSpacing()

    def minimumSizeHint(self) -> QSize:
        height = super().minimumSizeHint().height()
        return QSize(self._need(self._choices[-1]), height)

    def _arrange(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for w in self._widgets:
            self._grid.removeWidget(w)
        for i, w in enumerate(self._widgets):
            self._grid.addWidget(w, i // columns, i % columns)
        for c in range(max(self._choices) + 1):
            self._grid.setColumnStretch(c, 0)
        self._grid.setColumnStretch(columns, 1)  # what is left over goes after the last
        self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        fits = [c for c in self._choices if self._need(c) <= event.size().width()]
        self._arrange(fits[0] if fits else self._choices[-1])
