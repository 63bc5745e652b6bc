"""Someone with the parent's password signs in over and over elsewhere: past the sessions
an account holds (server_stub/auth.py MAX_SESSIONS) the longest unused ends. A wallet
whose session ended so goes back to sign-in saying why, and what to do if those sign-ins
weren't the parent's, not "You are signed out" as for an expired session."""

from __future__ import annotations

import time
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kinpay.client import Client
from server_stub import auth
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, payer_signed_in

pytestmark = pytest.mark.gui

PUSHED_OUT = ("Your account signed in on more devices than kinpay keeps, so the one unused "
              "the longest, this one, was signed out. Sign in again. If that many sign-ins "
              "weren't yours, change your password.")


def test_a_wallet_pushed_out_by_many_sign_ins_says_why(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
) -> None:
    window = make_window("parent", server_url=sqlite_world["server_url"], role="payer")
    payer_signed_in(qtbot, window, sqlite_world)
    name, password = sqlite_world["payer"]["name"], sqlite_world["payer"]["password"]
    with Client(sqlite_world["server_url"]) as elsewhere:
        for _ in range(auth.MAX_SESSIONS):
            time.sleep(1 / 12)  # under the flood guard's pace for one address
            elsewhere.sign_in(name, password)
    qtbot.waitUntil(lambda: window.payer is None, timeout=3 * WAIT_MS)
    assert window.stack.currentWidget() is window.sign_in
    assert window.sign_in.error.text() == PUSHED_OUT
