"""The parent's window keeps the size and place it was given. In `make demo` on a 1366x768
screen it has 342x352 device pixels at QT_SCALE_FACTOR 0.57, that is 600x617; a notice and
a question from the till made it taller (its stack was as tall as its tallest page, the
settings), so its foot, with the grant form's Save, went under the tablet's window, and a
window never shrinks back by itself."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kinpay.client import Client
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, ask_at_till, parent_and_tablet

pytestmark = pytest.mark.gui
DEMO_PLACE = (600, 617)  # 342x352 device pixels at the demo's factor 0.57
OVER = 6_000  # the form's default limit for one payment is ¥50.00


def test_a_notice_and_a_question_leave_the_parents_window_its_size(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    url = sqlite_world["server_url"]
    parent, payer, kid = parent_and_tablet(qtbot, make_window, sqlite_world, DEMO_PLACE)
    qtbot.waitUntil(lambda: payer.activity.link_state.text() == "● Live", timeout=WAIT_MS)
    assert (parent.width(), parent.height()) == DEMO_PLACE
    with Client(url, token=sqlite_world["merchant"]["api_key"]) as till:
        asked = ask_at_till(qtbot, till, kid, payer, OVER)
        qtbot.waitUntil(payer.banner.isVisible, timeout=WAIT_MS)
        qtbot.wait(100)
        assert (parent.width(), parent.height()) == DEMO_PLACE
        card = payer.approvals.panel.cards[asked.id]
        for button in (card.allow, card.refuse):
            assert parent.rect().contains(button.mapTo(parent, button.rect().bottomRight()))
        # Every page, the grant form's foot with Save among them, ends inside the window.
        for page in (payer.home, payer.form, payer.pairing, payer.activity,
                     payer.settings_page):
            payer.stack.setCurrentWidget(page)
            qtbot.wait(50)
            assert (parent.width(), parent.height()) == DEMO_PLACE, page.objectName()
            bottom = page.mapTo(parent, page.rect().bottomLeft()).y()
            assert bottom < parent.height(), page.objectName()
