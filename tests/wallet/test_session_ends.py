"""When the server no longer takes the parent's session, the wallet says so. Found live
(English, the demo's server started again under a parent's wallet that had signed in
before): the server answered the event stream 401 every two seconds, 49 times and on; the
wallet showed "Reconnecting…" on Activity for good and, on Home, the old balance and
spending as if they were today's, with nothing to say that no purchase, decline or
question from the till would reach it any more. A session ends so after 12 hours, or
when it is signed out. The wallet now goes back to sign-in and says why."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kinpay.client import Client
from tests.servers import ServerProcess
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, payer_signed_in

pytestmark = pytest.mark.gui


def test_a_session_the_server_refuses_asks_the_parent_to_sign_in_again(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
    sqlite_server: ServerProcess,
) -> None:
    parent = make_window("payer", server_url=sqlite_world["server_url"], role="payer")
    payer = payer_signed_in(qtbot, parent, sqlite_world)
    qtbot.waitUntil(lambda: payer.activity.link_state.text() == "● Live", timeout=WAIT_MS)
    # The wallet's session ends on the server (as it does after 12 hours), and the server
    # starts again, so the wallet's event stream must sign in anew.
    with Client(sqlite_world["server_url"], token=payer.session.token) as client:
        client.request("DELETE", "/v1/sessions/current")
    sqlite_server.stop()
    sqlite_server.start()
    qtbot.waitUntil(lambda: parent.payer is None, timeout=3 * WAIT_MS)
    assert parent.stack.currentWidget() is parent.sign_in
    assert parent.sign_in.error.text() == "You are signed out. Sign in again."
    assert parent.sign_in.name.text() == sqlite_world["payer"]["name"]
    # Signing in again brings the parent's spending money back.
    again = payer_signed_in(qtbot, parent, sqlite_world)
    qtbot.waitUntil(lambda: again.activity.link_state.text() == "● Live", timeout=WAIT_MS)
    assert again.home.balance.text() == "¥1,000.00"
