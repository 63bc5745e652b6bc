"""The grant form opens at its top. Found live (the parent's window at 452x820): after
Change limits, scrolled down to Save and left, "+ Give spending money" opened the form
where the last one had been left: its title and "Who is it for?" out of sight above, the
page starting in the middle of the limits."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea
from pytestqt.qtbot import QtBot

from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import parent_signed_in
from tests.wallet.test_form_errors import seen

pytestmark = pytest.mark.gui
PHONE_PX = (452, 820)


def test_each_form_opens_at_its_top(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    payer = parent_signed_in(qtbot, make_window, sqlite_world, PHONE_PX)
    form = payer.form
    scroll = form.findChild(QScrollArea)
    assert scroll is not None
    bar = scroll.verticalScrollBar()
    card = next(iter(payer.home.grant_cards.values()))
    change = card.findChild(type(payer.home.new_grant), "changeButton")
    for opener in (change, payer.home.new_grant):
        qtbot.mouseClick(opener, Qt.MouseButton.LeftButton)
        assert payer.stack.currentWidget() is form
        qtbot.wait(50)
        assert bar.value() == 0 and seen(form.title, scroll)
        bar.setValue(bar.maximum())  # down to Save, then away without saving
        qtbot.wait(50)
        assert not seen(form.title, scroll)
        qtbot.mouseClick(form.cancel, Qt.MouseButton.LeftButton)
        assert payer.stack.currentWidget() is payer.home
