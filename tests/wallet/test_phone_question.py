"""A question from the till on a parent's phone (360×640): the card shows whole, its two
buttons side by side or one under the other, none cut at the right, and the page under it
whole, scrolled. Found: "2:00 left", "Say no" and "Allow this once" were one line of 350 px,
wider than the phone; and with the card on top, Home's balance was squeezed to half its
height and "Top up (demo)" out of sight (only the grants' list scrolled)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kinpay.client import Client
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, ask_at_till, parent_and_tablet
from tests.wallet.phone import problems, settle

pytestmark = pytest.mark.gui
PHONE = (360, 640)
OVER = 6_000  # the form's default limit for one payment is ¥50.00


def test_a_question_from_the_till_fits_a_phone(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    parent, payer, kid = parent_and_tablet(qtbot, make_window, sqlite_world, PHONE)
    with Client(sqlite_world["server_url"], token=sqlite_world["merchant"]["api_key"]) as till:
        asked = ask_at_till(qtbot, till, kid, payer, OVER)
        card = payer.approvals.panel.cards[asked.id]
        settle(qtbot, parent)
        assert (parent.width(), parent.height()) == PHONE
        assert parent.minimumSizeHint().width() <= PHONE[0]
        assert problems(parent, payer) == []  # the card, and the page under it
        assert card.allow.isVisible() and card.refuse.isVisible()
        qtbot.mouseClick(card.allow, Qt.MouseButton.LeftButton)  # it answers, as wide
        qtbot.waitUntil(lambda: asked.id not in payer.approvals.panel.cards, timeout=WAIT_MS)
