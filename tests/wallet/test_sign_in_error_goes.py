"""The sign-in page forgets 'can't reach the server' once the address is changed. Found
live (the demo, English): signing in with a wrong server address said 'Can't reach the
kinpay server. Check the address in Settings and the network.'; the parent did so, saved
the right address and came back: the page still said it can't reach the server, under
the new address, before she had tried it."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, payer_signed_in

pytestmark = pytest.mark.gui

NOBODY = "http://127.0.0.1:8978"  # nothing listens there


def test_a_new_address_takes_the_old_cant_reach_away(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
) -> None:
    parent = make_window("payer", server_url=NOBODY, role="payer")
    page = parent.sign_in
    qtbot.keyClicks(page.name, sqlite_world["payer"]["name"])
    qtbot.keyClicks(page.password, sqlite_world["payer"]["password"])
    qtbot.mouseClick(page.sign_in, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.error.isVisibleTo(page), timeout=WAIT_MS)
    assert page.error.text() == (
        "Can't reach the kinpay server. Either this device is off the network, or the server "
        "is down. If other apps here can reach the internet, it is the server: wait for its "
        "operator to start it again. Or the server's address in Settings is wrong: check it "
        "there.")
    qtbot.mouseClick(page.findChild(QPushButton, "settingsLink"), Qt.MouseButton.LeftButton)
    settings = parent.pre_settings
    settings.url.selectAll()
    qtbot.keyClicks(settings.url, sqlite_world["server_url"])
    qtbot.mouseClick(settings.save, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(settings.findChild(QPushButton, "backToSignIn"),
                     Qt.MouseButton.LeftButton)
    assert parent.stack.currentWidget() is page
    assert page.server.text() == f"Server: {sqlite_world['server_url']}"
    assert not page.error.isVisibleTo(page)
    # The password is still there: Sign in works at the new address.
    assert page.password.text() == sqlite_world["payer"]["password"]
    page.name.clear()
    page.password.clear()
    payer = payer_signed_in(qtbot, parent, sqlite_world)
    assert payer.home.balance.text() == "¥1,000.00"
