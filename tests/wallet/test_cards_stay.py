"""The parent's grant cards stay put while the child pays. Each payment brings the parent
a new overview, and Home made every card again from it: a card's "Change limits" or
"Stop…" under the parent's finger was deleted and made anew between press and release
(the tap was lost), and a test holding a card met "Internal C++ object (SpendBar) already
deleted" when a payment's overview came in meanwhile. A payment changes only what was
spent: the same card now shows the new figures."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kinpay.device import Device
from tests.wallet.flows import WAIT_MS, parent_signed_in, pay

pytestmark = pytest.mark.gui


def test_a_payment_updates_the_card_in_place(
    qtbot: QtBot, make_window: Any, sqlite_world: dict[str, Any]
) -> None:
    payer = parent_signed_in(qtbot, make_window, sqlite_world, (520, 900))
    (grant_id, card), = payer.home.grant_cards.items()
    buttons = (card.revoke, card.today, card.month)
    assert (card.today.used, card.month.used) == (0, 0)
    device = Device.load(Path(sqlite_world["delegate"]["device"]))
    paid = pay(sqlite_world, device.code_at(int(time.time())), 1_250)
    assert paid.status == "approved"
    qtbot.waitUntil(lambda: payer.home.grant_cards[grant_id].today.used == 1_250,
                    timeout=WAIT_MS)
    assert payer.home.grant_cards[grant_id] is card  # the same card, not one made again
    assert (card.revoke, card.today, card.month) == buttons
    assert (card.today.used, card.month.used) == (1_250, 1_250)
    assert card.today.note() == "¥12.50 of ¥100.00  ·  ¥87.50 left"
    # A change that is more than spending (the grant stopped) makes the card again.
    payer.revoke(grant_id)
    qtbot.waitUntil(lambda: payer.home.grant_cards[grant_id] is not card, timeout=WAIT_MS)
    assert payer.home.grant_cards[grant_id].revoke is None  # a stopped grant: no "Stop…"
