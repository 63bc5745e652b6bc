"""Settings → Change password answers Enter as a form does: on to the next field, and from
the last one the password is changed. Found in live use: Enter in the first two fields did
nothing, only the button sent it. Real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from wallet_app.account_card import AccountCard

pytestmark = pytest.mark.gui


def test_enter_walks_the_fields_then_changes(qtbot: QtBot) -> None:
    card = AccountCard()
    qtbot.addWidget(card)
    card.show()
    asked: list[tuple[str, str]] = []
    card.password_change_requested.connect(lambda current, new: asked.append((current, new)))
    card.current.setFocus()
    qtbot.waitUntil(card.current.hasFocus)
    qtbot.keyClicks(card.current, "the old one")
    qtbot.keyClick(card.current, Qt.Key.Key_Return)
    assert card.new.hasFocus() and asked == []
    qtbot.keyClicks(card.new, "a new password, long enough")
    qtbot.keyClick(card.new, Qt.Key.Key_Return)
    assert card.repeat.hasFocus() and asked == []
    qtbot.keyClicks(card.repeat, "a new password, long enough")
    qtbot.keyClick(card.repeat, Qt.Key.Key_Return)
    assert asked == [("the old one", "a new password, long enough")]
