"""The parent is told when a child may spend more today than the balance holds.

Found using the demo: with limits of ¥5,000 a day and ¥1,077.20 in the account, the
parent's card and the tablet said "¥4,996.00 left", and a ¥1,500 sale was declined for
short funds with nothing on the parent's screen to say why. The home page now says so under
the balance, and stops saying it once it no longer holds. Real server, real widgets.
"""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kinpay import schemas
from kinpay.client import Client
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, parent_signed_in

pytestmark = pytest.mark.gui


def test_a_balance_below_what_may_be_spent_today_is_said(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    payer = parent_signed_in(qtbot, make_window, sqlite_world)
    short = payer.home.short
    assert payer.home.balance.text() == "¥1,000.00"  # the seed's
    assert not short.isVisible()  # ¥100.00 a day for Lily: within it
    with Client(sqlite_world["server_url"], token=sqlite_world["payer"]["token"]) as api:
        (lily,) = api.grants()
        api.change_grant(lily.id, schemas.GrantChange(limits=schemas.Limits(
            per_payment=5_000, daily=150_000, monthly=300_000)))
        qtbot.waitUntil(short.isVisible, timeout=WAIT_MS)
        assert short.text() == ("Lily may spend up to ¥1,500.00 today, more than your "
                                "balance: a payment above ¥1,000.00 will be declined.")
        api.change_grant(lily.id, schemas.GrantChange(limits=schemas.Limits(
            per_payment=5_000, daily=90_000, monthly=300_000)))
        qtbot.waitUntil(lambda: not short.isVisible(), timeout=WAIT_MS)
