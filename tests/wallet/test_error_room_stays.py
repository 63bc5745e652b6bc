"""A field's message goes as the parent corrects it, and nothing below moves.

Found in live use: Save with an offline amount above one payment's put "The offline amount
can't be more than one payment may be." under it; typing a smaller one took the message
away and everything below moved up a line, under the pointer: the parent's next click,
aimed at "Only what is ticked", ticked Grocery. Real widgets."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint
from pytestqt.qtbot import QtBot

from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import grant_form

pytestmark = pytest.mark.gui


def test_correcting_a_field_moves_nothing_below_it(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    _payer, form = grant_form(qtbot, make_window, sqlite_world, size=(520, 900))
    form.amounts["offline_cap"].setText("80")  # above the ¥50.00 one payment may be
    form.show_errors({"offline_cap": "The offline amount can't be more than one payment "
                                     "may be."})  # as the server's 400 bad_cap puts it
    message = form.errors["offline_cap"]
    qtbot.waitUntil(lambda: message.isVisible() and message.height() > 0, timeout=5_000)
    qtbot.wait(50)  # the layout's pass after the message showed
    below, body = form.mode_allowed, form.scroll_area.widget()
    where = below.mapTo(body, QPoint(0, 0))  # in the form's content, whatever the scroll
    edit = form.amounts["offline_cap"]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "15")
    qtbot.wait(50)  # the layout's pass after the text changed
    assert message.text() == ""
    assert below.mapTo(body, QPoint(0, 0)) == where
