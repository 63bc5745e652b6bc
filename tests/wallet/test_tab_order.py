"""Tab goes through the parent's screens as they are laid out. Controls made after their
page (the spending money form's day-and-time rows, a question from the till) came after
everything else on it."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kinpay.client import Client
from tests.a11y import spoken_name
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, ask_at_till, grant_form, parent_and_tablet

pytestmark = pytest.mark.gui


def _tabbed(qtbot: QtBot, start: QWidget, presses: int) -> list[QWidget]:
    """The widgets Tab gives the keyboard to, one press at a time, from `start`."""
    start.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start, timeout=WAIT_MS)
    reached = []
    for _ in range(presses):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    return reached


def test_tab_goes_through_the_days_and_hours_before_save(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    payer, form = grant_form(qtbot, make_window, sqlite_world)
    payer.window().activateWindow()
    form.windows_on.setChecked(True)
    editor = form.windows
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)  # a second row
    first, second = editor.rows
    qtbot.waitUntil(second.isVisible, timeout=WAIT_MS)  # shown at the loop's next turn
    expected = [*first.day_buttons, first.start_time, first.end_time, first.remove,
                *second.day_buttons, second.start_time, second.end_time, second.remove,
                editor.add_button]
    reached = _tabbed(qtbot, form.windows_on, len(expected))
    assert [_named(w) for w in reached] == [_named(w) for w in expected]
    assert reached == expected  # the very widgets, the second row's after the first's


def _named(widget: QWidget) -> str:
    return f"{widget.objectName()} {spoken_name(widget)}"




def test_tab_reaches_the_tills_question_first(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    """A question from the till stands above the page, under the tabs; its answers were the
    last controls Tab reached on the page (made after it), after Top up, Give spending
    money and every allowance's buttons: 2 minutes to answer, and the keyboard last there."""
    parent, payer, kid = parent_and_tablet(qtbot, make_window, sqlite_world, (1000, 800))
    with Client(sqlite_world["server_url"], token=sqlite_world["merchant"]["api_key"]) as till:
        asked = ask_at_till(qtbot, till, kid, payer, 6_000)
    card = payer.approvals.panel.cards[asked.id]
    parent.activateWindow()
    reached = _tabbed(qtbot, payer.tab_buttons["home"], 2)
    assert [_named(w) for w in reached] == [_named(card.refuse), _named(card.allow)]
