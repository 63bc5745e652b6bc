"""Refund and Today open inside the till's window. Found live in the demo (a 1024-pixel
till on a 1366x768 screen): both opened 1100 pixels wide, wider than the till itself,
their right-hand side over whatever was beside it. They now fit the till's window and the
screen, every button whole, and the sales table scrolls for what it can't show."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QPushButton, QTableWidget

from tests.pos.conftest import Tablet
from tests.pos.test_layout import language, resize  # noqa: F401 - `language` is a fixture
from tests.pos.test_screens import sell

pytestmark = pytest.mark.gui
SHOTS = Path(os.environ.get("KINPAY_POS_SHOTS", "/work/scratch/pos31"))

# The demo's till beside the wallets on a 1024-pixel screen, and a small till: both
# narrower than the tests' 800x800 offscreen screen, as a 1024 till is than a 1366 one.
TILLS = [(724, 736), (640, 600)]


def problems(window: Any, dlg: Any, table_name: str) -> list[str]:
    out = []
    till, shown = window.frameGeometry(), dlg.frameGeometry()
    if shown.width() > till.width() or shown.height() > till.height():
        out.append(f"{shown.width()}x{shown.height()} over a {till.width()}x{till.height()} till")
    if not window.screen().availableGeometry().contains(shown):
        out.append(f"{shown} off the screen")
    for b in dlg.findChildren(QPushButton):
        if b.isVisible() and (b.width() < b.sizeHint().width()
                              or not dlg.rect().contains(QRect(b.mapTo(dlg, b.rect().topLeft()),
                                                               b.size()))):
            out.append(f"{b.text()!r} cut")
    table = dlg.findChild(QTableWidget, table_name)
    columns = table.horizontalHeader().length()
    if columns > table.viewport().width() and table.horizontalScrollBar().maximum() <= 0:
        out.append("columns cut with no scroll")
    out += [f"{text!r} cut in its column" for text in cut_cells(table)]
    return out


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_refund_and_today_open_inside_the_till(lang: str, language: Callable[[str], None],  # noqa: F811
                                               terminal: Any, qtbot: Any,
                                               tablet: Tablet) -> None:
    language(lang)
    window = terminal()
    sell(qtbot, window, "1200", tablet.code())
    for width, height in TILLS:
        resize(qtbot, window, width, height)
        for opened, table in ((window.open_refund, "refund_table"),
                              (window.open_history, "history_table")):
            opened()
            dlg = window.dialog
            qtbot.waitUntil(dlg.isVisible, timeout=5_000)
            QApplication.processEvents()
            assert problems(window, dlg, table) == [], (lang, width, height, dlg.objectName())
            if width == TILLS[0][0] and SHOTS.is_dir():
                dlg.grab().save(str(SHOTS / f"{dlg.objectName()}-{lang}-{width}.png"))
            dlg.close()


def cut_cells(table: QTableWidget) -> list[str]:
    """Cells whose longest word is wider than their column (drawn as "Appro…")."""
    metrics = table.fontMetrics()
    out = []
    for row in range(table.rowCount()):
        for column in range(table.columnCount()):
            item = table.item(row, column)
            words = item.text().split() if item is not None else []
            if any(metrics.horizontalAdvance(w) > table.columnWidth(column) - 6 for w in words):
                out.append(item.text())
    return out
