"""Live QA 36 §8: the parent's window, placed by the demo at 440x352, grew when a question
from the till arrived (the card raised its minimum height) and stayed grown after it was
answered, over the band the demo keeps for the tablet's title bar. Once no question is
left, it is the size it was. Real server, real window."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize, Qt
from pytestqt.qtbot import QtBot

from kinpay.client import Client, new_idempotency_key
from kinpay.device import Device
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, payer_signed_in

pytestmark = pytest.mark.gui
DEMO_SIZE = QSize(440, 352)  # kinpay/control.py's parent window on a 1366x768 screen


def test_the_parents_window_is_its_size_again_once_the_question_is_answered(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    world = sqlite_world
    window = make_window("payer", server_url=world["server_url"], role="payer")
    payer = payer_signed_in(qtbot, window, world)
    window.resize(DEMO_SIZE)  # as small as it goes here (this machine's fonts are taller)
    qtbot.wait(50)
    before = window.size()
    device = Device.load(Path(world["delegate"]["device"]))
    with Client(world["server_url"], token=world["merchant"]["api_key"]) as till:
        declined, _ = till.pay(device.code_at(int(time.time())), 6_000, "CNY",
                               items=[], idempotency_key=new_idempotency_key())
        asked = till.ask(declined.id)
    qtbot.waitUntil(lambda: asked.id in payer.approvals.panel.cards, timeout=WAIT_MS)
    card = payer.approvals.panel.cards[asked.id]
    qtbot.waitUntil(card.isVisible, timeout=WAIT_MS)
    qtbot.wait(50)
    assert window.size().height() > before.height(), "the question did not need more room"
    qtbot.mouseClick(card.refuse, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: asked.id not in payer.approvals.panel.cards, timeout=WAIT_MS)
    try:
        qtbot.waitUntil(lambda: window.size() == before, timeout=WAIT_MS)
    except qtbot.TimeoutError:
        raise AssertionError(f"the window stayed {window.size()} (it was {before})") from None
