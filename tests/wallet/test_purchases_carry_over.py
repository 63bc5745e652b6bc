"""Live test 34 §9: the child's "My purchases" began again with each new allowance. After
Mei stopped Lily's allowance and gave a new one, the tablet said ¥57.00 left today (¥43.00
carried) and the list showed none of the day's ¥43.00. The list now reads the same
parent's earlier allowances for this child too (the server lets a child read their own
grants and each one's payments), and a payment Mei allowed once at the till says so.
Real server, the parent's and the new tablet's real windows."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kinpay.client import Client, new_idempotency_key
from kinpay.device import Device
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, create_grant, delegate_paired, payer_signed_in

pytestmark = pytest.mark.gui


def test_the_new_tablet_lists_the_days_earlier_purchases_and_what_mei_allowed(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
) -> None:
    world, url = sqlite_world, sqlite_world["server_url"]
    device = Device.load(Path(world["delegate"]["device"]))
    with Client(url, token=world["merchant"]["api_key"]) as till, \
            Client(url, token=world["payer"]["token"]) as mei:
        now = int(time.time())
        paid, _ = till.pay(device.code_at(now), 1_200, "CNY",
                           idempotency_key=new_idempotency_key())
        assert paid.status == "approved"
        device.bump(now)
        key = new_idempotency_key()
        declined, _ = till.pay(device.code_at(now), 6_000, "CNY", idempotency_key=key)
        assert declined.decline_code is not None
        asked = till.ask(declined.id)
        mei.answer_approval(asked.id, allow=True)
        allowed, _ = till.complete_approval(asked.id, 6_000, "CNY", idempotency_key=key)
        assert allowed.status == "approved"
        mei.revoke_grant(world["grant"]["id"])

    parent = make_window("payer", server_url=url, role="payer")
    payer = payer_signed_in(qtbot, parent, world)
    pairing_code = create_grant(qtbot, payer, "lily")
    qtbot.mouseClick(payer.pairing.done, Qt.MouseButton.LeftButton)
    tablet = make_window("tablet", server_url=url, role="delegate")
    kid = delegate_paired(qtbot, tablet, world, pairing_code)
    qtbot.waitUntil(lambda: kid.online, timeout=WAIT_MS)
    kid.show_purchases()
    # The ¥12.00 and the ¥60.00 Mei allowed, both on the stopped allowance: the ¥60.00
    # declined at first is that same sale, shown once, paid (live QA 36 §13: it read
    # "¥60.00 not paid" beside "Mei said yes to this one").
    qtbot.waitUntil(lambda: kid.purchases_page.list.count() >= 2, timeout=WAIT_MS)
    # The rows of a list drawn before this one, put away with deleteLater, gone first: they
    # were read beside it one run in four ("¥12.00" twice).
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    texts = [lb.text() for lb in kid.purchases_page.findChildren(QLabel)]
    assert texts.count("¥12.00") == 1 and texts.count("¥60.00") == 1, texts
    assert "¥60.00 not paid" not in texts, texts
    assert kid.purchases_page.list.count() == 2, texts
    notes = [t for t in texts if "\n" in t]
    assert len(notes) == 1 and notes[0].endswith("\nMei said yes to this one"), texts
