"""The grant form in a window taller than it. Found live (a phone, 414x896, 简体中文, the
demo): "+ Give spending money" opened a form that fitted the screen, its spare height
shared out among its lines: about 50 px of blank under the title and as much under the
line below it, the cards pushed down. The spare height now goes below the form."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QScrollArea
from pytestqt.qtbot import QtBot

from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import grant_form

pytestmark = pytest.mark.gui
TALL_PX = (620, 2000)  # the whole English form fits, with room to spare


def test_a_form_shorter_than_the_window_keeps_its_lines_together(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    payer, form = grant_form(qtbot, make_window, sqlite_world, TALL_PX)
    qtbot.waitUntil(lambda: payer.stack.currentWidget() is form)
    scroll = form.findChild(QScrollArea)
    assert scroll is not None
    qtbot.waitUntil(lambda: form.title.width() > 0)
    assert scroll.verticalScrollBar().maximum() == 0  # it all fits: nothing to scroll
    spacing = form.box.spacing()
    for label in (form.title, form.intro):
        # Each line as tall as its text, and the next thing just one spacing below it.
        assert label.height() == label.heightForWidth(label.width())
    assert form.intro.y() == form.title.geometry().bottom() + 1 + spacing
    # Cancel and Save right under the last card, the blank under them.
    assert form.save.geometry().bottom() < scroll.viewport().height() - 400
    assert form.save.isVisible() and form.cancel.isVisible()
