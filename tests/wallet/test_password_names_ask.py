"""Live QA 36 §15 and §16: the password prompt for "Allow this once" was drawn over the
question's card, so the parent typed the password without seeing who asked, for what or
how much; and it, like "Stop…", let the card behind show through and around it. The prompt
names the request ("Allow Lily ¥60.00 at Corner Shop?"), and both are opaque, with an
edge of their own. Real server, real widgets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from kinpay.client import Client, new_idempotency_key
from kinpay.device import Device
from tests.server.helpers import move_clock
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, parent_signed_in
from tests.wallet.test_password_again import LATER_S, asked_for_password
from wallet_app import style
from wallet_app.payer.dialogs import ConfirmRevoke

pytestmark = pytest.mark.gui


def assert_opaque_with_an_edge(dialog: QDialog, what: str) -> None:
    image = dialog.grab().toImage()
    w, h = image.width(), image.height()
    want = QColor(style.MUTED).rgb()
    sides = {"top": [(x, 0) for x in range(w)], "bottom": [(x, h - 1) for x in range(w)],
             "left": [(0, y) for y in range(h)], "right": [(w - 1, y) for y in range(h)]}
    for side, points in sides.items():
        colours = {image.pixelColor(x, y).rgba() for x, y in points}
        assert colours == {want}, f"{what}: its {side} edge is not drawn opaque, end to end"


def test_the_password_prompt_names_the_request_and_is_opaque(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    world, url = sqlite_world, sqlite_world["server_url"]
    payer = parent_signed_in(qtbot, make_window, world)
    now = move_clock(url, LATER_S)
    device = Device.load(Path(world["delegate"]["device"]))
    with Client(url, token=world["merchant"]["api_key"]) as till:
        declined, _ = till.pay(device.code_at(now), 6_000, "CNY",
                               idempotency_key=new_idempotency_key())
        asked = till.ask(declined.id)
    qtbot.waitUntil(lambda: asked.id in payer.approvals.panel.cards, timeout=WAIT_MS)
    qtbot.mouseClick(payer.approvals.panel.cards[asked.id].allow, Qt.MouseButton.LeftButton)
    dialog = asked_for_password(qtbot, payer)
    named = [lb for lb in dialog.findChildren(type(dialog.error))
             if lb.isVisible() and lb.text().startswith("Allow ")]
    assert [lb.text() for lb in named] == [f"Allow Lily ¥60.00 at {asked.merchant.name}?"], \
        "the password prompt does not say what it allows"
    assert_opaque_with_an_edge(dialog, "the password prompt")
    qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton)


def test_the_stop_confirmation_is_opaque_with_an_edge(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    payer = parent_signed_in(qtbot, make_window, sqlite_world)
    grant = next(iter(payer.home.grant_cards.values())).grant
    stop = ConfirmRevoke(grant, payer)
    stop.show()
    qtbot.waitExposed(stop)
    assert_opaque_with_an_edge(stop, "the Stop… confirmation")
    stop.reject()
