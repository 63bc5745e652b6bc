"""A child whose places are all used (server_stub/grant_limits.py: OPEN_PER_DELEGATE paired
allowances) types the code of one more offer on the tablet: the tablet says in the child's
words why it can't pair and what to do, not "That code didn't work" (the server's 409
`too_many_grants` had no words on the pairing page)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kinpay import schemas
from kinpay.client import Client
from server_stub import grant_limits
from tests.server.helpers import user
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, sign_in

FULL = ("You can't add more spending money: you already have as many as kinpay allows. "
        "Ask your parent to stop one first.")


def test_a_tablet_told_its_child_uses_every_place_says_so(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
) -> None:
    url = sqlite_world["server_url"]
    child = sqlite_world["delegate"]
    body = schemas.GrantCreate(delegate=child["name"],
                               limits=schemas.Limits(per_payment=100, daily=100, monthly=100),
                               offline_cap=100)
    kid = Client(url)
    kid.sign_in(child["name"], child["password"])
    parents = [user(url, "payer") for _ in range(3)]
    offer = parents[2].create_grant(body)  # made while a place is free
    have = sum(g.paired and g.status == "active" for g in kid.grants())  # the world's
    for n in range(grant_limits.OPEN_PER_DELEGATE - have):
        kid.pair(parents[n % 2].create_grant(body).pairing_code)

    window = make_window("tablet", server_url=url, role="delegate")
    sign_in(qtbot, window, child["name"], child["password"], "delegate")
    shell = window.delegate
    assert shell is not None
    qtbot.keyClicks(shell.pair_page.code_edit, offer.pairing_code)
    qtbot.mouseClick(shell.pair_page.pair_button, Qt.MouseButton.LeftButton)
    error = shell.pair_page.error
    qtbot.waitUntil(lambda: bool(error.text()), timeout=WAIT_MS)
    assert error.text() == FULL
    assert shell.stack.currentWidget() is shell.pair_page
    for client in (kid, *parents):
        client.close()
