"""A page that takes the keys where a person types first, each time it is shown.

Live QA 39: the wallet's sign-in page, and the child's pairing page, opened with no field
focused, so what a person typed at once went nowhere (and after a Tab, the parent's
password into the name's field, in plain sight)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget


class _FirstField(QObject):
    def __init__(self, page: QWidget, pick: Callable[[], QWidget]) -> None:
        super().__init__(page)
        self._page = page
        self._pick = pick
        page.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._page and event.type() == QEvent.Type.Show:
            QTimer.singleShot(0, self, self._focus)  # once the page's own widgets are shown
        return False

    def _focus(self) -> None:
        if not self._page.isVisible():
            return
        focused = QApplication.focusWidget()
        if isinstance(focused, QLineEdit) and self._page.isAncestorOf(focused):
            return  # already typing in one of its fields
        field = self._pick()
        if field.isVisible() and field.isEnabled():
            field.setFocus()


def first_field(page: QWidget, pick: Callable[[], QWidget]) -> None:
    """Each time `page` is shown, the field `pick()` names takes the keys, unless one of
    the page's text fields has them already."""
    _FirstField(page, pick)


__all__ = ["first_field"]
