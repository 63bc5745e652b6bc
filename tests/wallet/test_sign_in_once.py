"""Enter pressed twice on the sign-in page signs in once.

Found in live use: a parent who pressed Enter twice quickly got two sessions, and the
wallet, just signed in, showed "New sign-in to your account — from 127.0.0.1 · if it
wasn't you, change your password" for its own second one (and that session stayed open,
used by nobody). Real server, real widgets."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.server.helpers import db_rows
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS

pytestmark = pytest.mark.gui


def sessions_of(world: dict[str, Any]) -> int:
    return int(db_rows(world["db"], "SELECT COUNT(*) FROM sessions s JOIN users u"
                       " ON u.id = s.user_id WHERE u.name = ?", (world["payer"]["name"],))[0][0])


def test_enter_twice_signs_in_once(qtbot: QtBot, make_window: WindowFactory,
                                   sqlite_world: dict[str, Any]) -> None:
    before = sessions_of(sqlite_world)
    window = make_window("parent", server_url=sqlite_world["server_url"], role="payer")
    page = window.sign_in
    page.name.setText(sqlite_world["payer"]["name"])
    page.password.setText(sqlite_world["payer"]["password"])
    sent: list[str] = []
    page.submitted.connect(lambda name, *_rest: sent.append(name))
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.payer is not None, timeout=WAIT_MS)
    payer = window.payer
    qtbot.waitUntil(lambda: payer.activity.link_state.text() == "● Live", timeout=WAIT_MS)
    assert sent == [sqlite_world["payer"]["name"]]  # one sign-in asked of the server
    assert sessions_of(sqlite_world) == before + 1
    assert not [line for line in payer.activity.lines if line.key.startswith("signin:")]
