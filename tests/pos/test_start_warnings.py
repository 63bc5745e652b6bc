"""The till starts without Qt's warnings in its log. Found live: pos.log began with the same
"QWidget::setMaximumSize: (/CatalogueView) The largest allowed size is (16777215,16777215)"
at every start: the Items tab asked for the catalogue's height before a product row had
been measured, and got "no limit" plus the tabs' height, past Qt's largest size."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

pytestmark = pytest.mark.gui


@pytest.fixture
def qt_messages() -> Iterator[list[str]]:
    """Every message Qt logs while the test runs (its warnings go to pos.log live)."""
    seen: list[str] = []

    def keep(kind: QtMsgType, _context: Any, message: str) -> None:
        seen.append(message)

    previous = qInstallMessageHandler(keep)
    yield seen
    qInstallMessageHandler(previous)


def test_the_till_starts_without_a_size_warning(terminal: Any, qtbot: Any,
                                                qt_messages: list[str]) -> None:
    window = terminal()
    for width, height in [(1366, 768), (1024, 768), (800, 600)]:
        window.resize(width, height)
        QApplication.processEvents()
        window.set_mode(1)  # the catalogue and the basket share the panel's height
        QApplication.processEvents()
        window.set_mode(0)
        QApplication.processEvents()
    sizes = [m for m in qt_messages if "setMaximumSize" in m or "setMinimumSize" in m
             or "largest allowed" in m or "negative" in m.lower()]
    assert sizes == []
