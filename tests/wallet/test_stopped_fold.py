"""Stopped and ended allowances past the newest two are folded away on the parent's home.

Found using the demo: each "Stop…" left its grey card, and a parent who stopped and gave
spending money a few times had a page of them. The newest two stay (what was just stopped
is seen stopped); the rest are behind one button, which shows and hides them. Real server,
real widgets.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kinpay import schemas
from kinpay.client import Client
from tests.server.helpers import move_clock, user
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, parent_signed_in

pytestmark = pytest.mark.gui


def test_older_stopped_allowances_fold_behind_one_button(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    url = sqlite_world["server_url"]
    made: list[str] = []
    with Client(url, token=sqlite_world["payer"]["token"]) as api:
        for _ in range(4):
            child = user(url, "delegate")
            made.append(api.create_grant(schemas.GrantCreate(
                delegate=child.me().name,
                limits=schemas.Limits(per_payment=1_000, daily=2_000, monthly=9_000))).id)
            child.close()
        for grant_id in made:  # stopped oldest first: the last stopped is the newest
            api.revoke_grant(grant_id)
    payer = parent_signed_in(qtbot, make_window, sqlite_world)
    home = payer.home
    qtbot.waitUntil(lambda: all(g in home.grant_cards for g in made), timeout=WAIT_MS)
    (lily,) = [g for g, c in home.grant_cards.items() if c.grant.status == "active"]

    def shown() -> set[str]:
        return {g for g, c in home.grant_cards.items() if c.isVisibleTo(home)}

    # The active one, and two of the stopped (the newest: made in the same second here).
    qtbot.waitUntil(lambda: len(shown()) == 3, timeout=WAIT_MS)
    first = shown()
    assert lily in first and len(first & set(made)) == 2
    assert home.older.isVisible() and home.older.text() == "Show 2 more stopped or ended"
    qtbot.mouseClick(home.older, Qt.MouseButton.LeftButton)
    assert shown() == {lily, *made}
    assert home.older.text() == "Hide the older stopped ones"
    qtbot.mouseClick(home.older, Qt.MouseButton.LeftButton)
    assert shown() == first


def test_the_most_recently_stopped_stay_in_view(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    """Found in use: the two left in view were the two made last, not the two stopped
    last: an allowance made long ago and stopped just now was folded away at once."""
    url = sqlite_world["server_url"]
    made: list[str] = []
    with Client(url, token=sqlite_world["payer"]["token"]) as api:
        api.reauth(sqlite_world["payer"]["password"])
        for _ in range(4):  # made a minute apart, the oldest first
            child = user(url, "delegate")
            made.append(api.create_grant(schemas.GrantCreate(
                delegate=child.me().name,
                limits=schemas.Limits(per_payment=1_000, daily=2_000, monthly=9_000))).id)
            child.close()
            move_clock(url, 60)
        for grant_id in reversed(made):  # stopped a minute apart, the newest first
            api.revoke_grant(grant_id)
            move_clock(url, 60)
    payer = parent_signed_in(qtbot, make_window, sqlite_world)
    home = payer.home
    qtbot.waitUntil(lambda: all(g in home.grant_cards for g in made), timeout=WAIT_MS)
    def shown() -> set[str]:
        return {g for g in made if g in home.grant_cards
                and home.grant_cards[g].isVisibleTo(home)}

    qtbot.waitUntil(lambda: shown() == {made[0], made[1]}, timeout=WAIT_MS)  # stopped last
    assert list(home.grant_cards).index(made[0]) < list(home.grant_cards).index(made[1])
