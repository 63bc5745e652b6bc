"""Live use at the demo's tablet (440×352): after a sale, "Paid ¥13.60 · at Corner Shop"
took a strip at the top of a small tablet for 15 seconds and pushed "My purchases" below
the screen's foot; nothing on the tablet put it away sooner. A tap puts a sale's outcome
(or an answer) away, as a tap does the parent's notice, and gives the strip back; a
question still waiting for the parent stays (its time left is what the child watches).
Real server, real windows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize, Qt
from pytestqt.qtbot import QtBot

from kinpay.client import Client, new_idempotency_key
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, pay
from tests.wallet.test_tablet_follows import tablet_paired_elsewhere

pytestmark = pytest.mark.gui
DEMO_TILE = QSize(440, 352)  # the demo's tablet at 1366×768
OVER = 6_000  # over the seeded grant's ¥50.00 a payment: declined, and may be asked


def test_a_tap_puts_a_sales_outcome_away_but_not_a_waiting_question(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any], tmp_path: Path,
) -> None:
    world = sqlite_world
    tablet, kid = tablet_paired_elsewhere(make_window, world, tmp_path / "wallet-tablet",
                                          dead_url=world["server_url"])
    tablet.resize(DEMO_TILE.expandedTo(tablet.minimumSizeHint()))
    qtbot.waitUntil(lambda: kid.online, timeout=WAIT_MS)
    assert kid.source is not None and kid.source.frame is not None
    assert pay(world, kid.source.frame.code, 300).status == "approved"
    qtbot.waitUntil(lambda: kid.asking.isVisible()
                    and kid.asking.title.text() == "Paid ¥3.00", timeout=WAIT_MS)
    qtbot.mouseClick(kid.asking, Qt.MouseButton.LeftButton)
    assert not kid.asking.isVisible(), "a tap left the sale's outcome on the tablet"
    assert kid.layout().contentsMargins().top() == 0, "the banner's strip stayed"

    # A question waiting for the parent is not put away by a tap.
    code = kid.source.frame.code
    qtbot.waitUntil(lambda: kid.source.frame.code == code, timeout=WAIT_MS)
    with Client(world["server_url"], token=world["merchant"]["api_key"]) as till:
        kid.new_code()
        qtbot.waitUntil(lambda: kid.source.frame.code != code, timeout=WAIT_MS)
        declined, _ = till.pay(kid.source.frame.code, OVER, "CNY",
                               idempotency_key=new_idempotency_key())
        assert declined.decline_code == "limit_per_payment" and declined.askable
        till.ask(declined.id)
    qtbot.waitUntil(lambda: kid.asking.isVisible()
                    and kid.asking.title.text() == "Asking Mei…", timeout=WAIT_MS)
    qtbot.mouseClick(kid.asking, Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    assert kid.asking.isVisible() and kid.asking.title.text() == "Asking Mei…"
