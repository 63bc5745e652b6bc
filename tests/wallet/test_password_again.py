"""The parent's password is asked again before what adds spending power, when it was not
typed in the last 15 minutes (docs/security.md: a phone left unlocked on the table).

The parent signs in, the server's clock moves on 16 minutes, and then: "Allow this once"
for the till's question asks for the password (Cancel leaves it asked, a wrong one is
refused, the right one allows the sale); a higher limit right after is not asked again;
16 minutes later a pairing code is asked for and given up (nothing made, the home page
says why); a lower limit is never asked for. Real server, real widgets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kinpay import schemas
from kinpay.client import Client, new_idempotency_key
from kinpay.device import Device
from tests.server.helpers import db_rows, move_clock
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, parent_signed_in
from wallet_app.payer.dialogs import ConfirmPassword
from wallet_app.payer.window import PayerShell

pytestmark = pytest.mark.gui

LATER_S = 16 * 60




def asked_for_password(qtbot: QtBot, payer: PayerShell) -> ConfirmPassword:
    qtbot.waitUntil(lambda: payer.proof is not None and payer.proof.isVisible(),
                    timeout=WAIT_MS)
    dialog = payer.proof
    assert isinstance(dialog, ConfirmPassword)
    return dialog


def lilys_grant(world: dict[str, Any]) -> schemas.Grant:
    with Client(world["server_url"], token=world["payer"]["token"]) as api:
        (grant,) = [g for g in api.grants() if g.delegate == "lily"]
        return grant


def test_the_password_is_asked_again_for_what_adds_spending_power(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    world, url = sqlite_world, sqlite_world["server_url"]
    payer = parent_signed_in(qtbot, make_window, world)
    grant = lilys_grant(world)  # ¥50.00 a payment, ¥100.00 a day (the seed's)
    now = move_clock(url, LATER_S)

    # The till asks about a ¥60.00 sale (over one payment's limit).
    device = Device.load(Path(world["delegate"]["device"]))
    with Client(url, token=world["merchant"]["api_key"]) as till:
        declined, _ = till.pay(device.code_at(now), 6_000, "CNY",
                               idempotency_key=new_idempotency_key())
        assert declined.decline_code == "limit_per_payment"
        asked = till.ask(declined.id)
        qtbot.waitUntil(lambda: asked.id in payer.approvals.panel.cards, timeout=WAIT_MS)
        card = payer.approvals.panel.cards[asked.id]
        qtbot.mouseClick(card.allow, Qt.MouseButton.LeftButton)

        dialog = asked_for_password(qtbot, payer)
        texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
        assert "Enter your password to go on" in texts
        assert till.approval(asked.id).status == "pending"  # nothing allowed yet

        # Cancel: still asked, and the card says why in words (not the server's English).
        qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: card.error.isVisible(), timeout=WAIT_MS)
        assert card.error.text() == (
            "That didn't go through: That needs your password. Nothing was changed.")
        assert card.allow.isEnabled() and till.approval(asked.id).status == "pending"
        qtbot.mouseClick(card.allow, Qt.MouseButton.LeftButton)
        dialog = asked_for_password(qtbot, payer)
        qtbot.keyClicks(dialog.password, "not my password")
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=WAIT_MS)
        # Its own words, not Change password's ("That is not your current password…": live
        # test 34 §7).
        assert dialog.error.text() == "That password is wrong. Try again."
        assert dialog.isVisible() and dialog.password.text() == ""
        assert till.approval(asked.id).status == "pending"

        qtbot.keyClicks(dialog.password, world["payer"]["password"])
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: till.approval(asked.id).status == "allowed", timeout=WAIT_MS)
        assert payer.proof is None

    # Right after, a higher daily limit is not asked for again: the password was just typed.
    qtbot.waitUntil(lambda: grant.id in payer.home.grant_cards, timeout=WAIT_MS)
    payer.change_grant(grant.id)
    payer.form.amounts["daily"].setText("150")
    qtbot.mouseClick(payer.form.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lilys_grant(world).limits.daily == 15_000, timeout=WAIT_MS)
    assert payer.proof is None

    # 16 minutes on, a pairing code asks again; Cancel: none made, and the page says why.
    move_clock(url, LATER_S)
    qtbot.waitUntil(lambda: payer.stack.currentWidget() is payer.home, timeout=WAIT_MS)
    payer.new_pairing(grant.id)
    dialog = asked_for_password(qtbot, payer)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: payer.home.error.isVisible(), timeout=WAIT_MS)
    assert payer.home.error.text.text() == (
        "No pairing code: That needs your password. Nothing was changed.")
    assert payer.stack.currentWidget() is payer.home
    assert db_rows(world["db"], "SELECT pairing_hash FROM grants WHERE id = ?",
                   (grant.id,)) == [(None,)]

    # A lower limit never waits for the password.
    payer.change_grant(grant.id)
    payer.form.amounts["daily"].setText("90")
    qtbot.mouseClick(payer.form.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lilys_grant(world).limits.daily == 9_000, timeout=WAIT_MS)
    assert payer.proof is None
