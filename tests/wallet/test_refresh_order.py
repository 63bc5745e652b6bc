"""Two refreshes of the parent's home answered out of order: the older answer is dropped.

Found by the suite under load: the parent tapped "Turn typed code back on"; the refresh
after it was answered before one asked just before it, and that older answer, shown last,
put the lockout's button back. Refreshes run side by side (a pool of threads), so a slow
one may answer last. Here two refreshes are asked, their real requests made in the order
asked, with money added between them, and their answers delivered newest first, as a slow
link would. Real server, real widgets.
"""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import parent_signed_in

pytestmark = pytest.mark.gui


def test_an_older_refresh_answered_last_is_dropped(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    payer = parent_signed_in(qtbot, make_window, sqlite_world)
    session, client = payer.session, payer.session.client
    asked: list[tuple[Any, Any]] = []
    real_call = session.call
    # The two refreshes as asked: their work and their answer, held to be run in order here.
    session.call = lambda fn, *, success, failure=None, context=None: asked.append(
        (fn, success))
    try:
        session.refresh()
        session.refresh()
    finally:
        session.call = real_call
    (first, first_answered), (second, second_answered) = asked
    older = first(client)
    client.top_up(10_000, "CNY")  # ¥100.00 more, between the two
    newer = second(client)
    second_answered(newer)
    first_answered(older)  # the slow one, last
    assert session.latest is newer
    balance = sum(b.balance for b in newer.account.balances if b.currency == "CNY")
    assert balance == sum(b.balance for b in older.account.balances
                          if b.currency == "CNY") + 10_000
    assert payer.home.balance.text() == f"¥{balance // 100:,}.{balance % 100:02d}"
