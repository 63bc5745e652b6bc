"""A double tap acts once. Found live in the demo: a parent double-tapped "Allow this
once"; the first tap answered, the question's card went and the page moved up under the
finger, and the second tap (Qt delivers it as a double click to whatever is there now)
pressed "Top up (demo)": the top-up dialog opened over the answered question."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from kinpay.client import Client
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, ask_at_till, parent_and_tablet

pytestmark = pytest.mark.gui
DEMO_PLACE = (600, 617)  # the parent's window in the demo on a 1366x768 screen
OVER = 6_000  # the form's default limit for one payment is ¥50.00


def second_tap(widget: QPushButton, at: QPointF) -> None:
    """The rest of a double tap, as Qt delivers it to the widget under the finger: a
    double click, then the release."""
    for kind in (QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseButtonRelease):
        buttons = (Qt.MouseButton.LeftButton if kind == QEvent.Type.MouseButtonDblClick
                   else Qt.MouseButton.NoButton)
        event = QMouseEvent(kind, at, widget.mapToGlobal(at), Qt.MouseButton.LeftButton,
                            buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(widget, event)


def test_a_double_tap_on_allow_this_once_answers_and_does_nothing_else(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    url = sqlite_world["server_url"]
    parent, payer, kid = parent_and_tablet(qtbot, make_window, sqlite_world, DEMO_PLACE)
    qtbot.waitUntil(payer.home.top_up.isVisible, timeout=WAIT_MS)  # a demo server
    with Client(url, token=sqlite_world["merchant"]["api_key"]) as till:
        asked = ask_at_till(qtbot, till, kid, payer, OVER)
        allow = payer.approvals.panel.cards[asked.id].allow
        finger = allow.mapTo(parent, allow.rect().center())
        qtbot.mouseClick(allow, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not payer.approvals.panel.cards, timeout=WAIT_MS)
        assert till.approval(asked.id).status == "allowed"
    qtbot.wait(50)
    under = parent.childAt(finger)
    assert isinstance(under, QPushButton), under  # the page moved up: a button is there now
    pressed: list[bool] = []
    under.clicked.connect(lambda: pressed.append(True))
    second_tap(under, QPointF(under.mapFrom(parent, finger)))
    qtbot.wait(100)
    assert pressed == [], under.text()  # before: 'Top up (demo)' pressed, its dialog open
    assert payer.dialog is None
    assert payer.stack.currentWidget() is payer.home
