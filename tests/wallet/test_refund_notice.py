"""Live QA 36 §12: the parent's notice for a shop's refund read "Corner Shop gave back
money ¥3.00 — for Lily's purchase". It reads "Corner Shop gave back ¥3.00 — for Lily's
purchase"; Activity's line keeps its title and amount apart. Real server, real window."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kinpay.client import Client, new_idempotency_key
from kinpay.device import Device
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, parent_signed_in, pay

pytestmark = pytest.mark.gui


def test_the_refund_notice_reads_gave_back_the_amount(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    world = sqlite_world
    payer = parent_signed_in(qtbot, make_window, world)
    qtbot.waitUntil(lambda: payer.activity.link_state.text() == "● Live", timeout=WAIT_MS)
    device = Device.load(Path(world["delegate"]["device"]))
    paid = pay(world, device.code_at(int(time.time())), 850)
    assert paid.status == "approved"
    notices: list[tuple[str, str]] = []
    payer.notifier.shown.connect(lambda title, text: notices.append((title, text)))
    with Client(world["server_url"], token=world["merchant"]["api_key"]) as till:
        till.refund(paid.id, 300, idempotency_key=new_idempotency_key())
    qtbot.waitUntil(lambda: any("gave back" in t for t, _ in notices), timeout=WAIT_MS)
    title, text = next((t, x) for t, x in notices if "gave back" in t)
    shop = paid.merchant.name if paid.merchant else ""
    assert (title, text) == (f"{shop} gave back ¥3.00", "for Lily's purchase"), (title, text)
    assert payer.banner.text.text() == f"{shop} gave back ¥3.00 — for Lily's purchase"
