"""The whole story on real widgets and a real server on 127.0.0.1.

The payer creates a grant, the delegate pairs, the code read back from the screen's pixels
pays, the screen rotates after the payment, the payer sees it live, and a revoke reaches
the tablet.
"""

from __future__ import annotations

import json
import stat
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from tests.wallet.conftest import WindowFactory, read_qr
from tests.wallet.flows import WAIT_MS, create_grant, delegate_paired, pay, payer_signed_in

pytestmark = pytest.mark.gui
LIVE_MS = 2_000  # "within a second", with room for a loaded test machine


def test_grant_pair_pay_rotate_revoke(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    url = sqlite_world["server_url"]
    parent = make_window("payer", server_url=url, role="payer")
    payer = payer_signed_in(qtbot, parent, sqlite_world)
    pairing_code = create_grant(qtbot, payer, "lily")
    assert read_qr(payer.pairing.qr) == [f"KINPAY-PAIR:{pairing_code}"]

    tablet = make_window("tablet", server_url=url, role="delegate")
    kid = delegate_paired(qtbot, tablet, sqlite_world, pairing_code)
    folder = tablet.folder
    assert stat.S_IMODE(folder.device_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.path.stat().st_mode) == 0o700
    assert kid.awake.requested
    touch = [b for b in kid.findChildren(QPushButton) if b.isVisible()]
    assert touch and all(b.height() >= 48 for b in touch)

    # The code on screen, read by a real decoder from the rendered pixels, pays.
    source = kid.source
    assert source is not None and source.frame is not None
    shown = read_qr(kid.code_screen.qr)
    assert shown == [source.frame.code]
    published = json.loads(folder.code_path.read_text())
    assert published["code"] == shown[0]
    assert "".join(kid.code_screen.numeric.text().split()) == source.frame.numeric
    qtbot.waitUntil(lambda: kid.online, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: payer.activity.link_state.text() == "● Live", timeout=WAIT_MS)

    first = source.frame
    with qtbot.waitSignal(payer.notifier.shown, timeout=LIVE_MS):
        payment = pay(sqlite_world, shown[0], 1250)
    assert payment.status == "approved"
    assert any(line.key == f"payment:{payment.id}" for line in payer.activity.lines)

    # The payment rotates the tablet's code at once (the event stream says so).
    qtbot.waitUntil(lambda: source.frame is not None and source.frame.counter == 1,
                    timeout=LIVE_MS)
    second = read_qr(kid.code_screen.qr)
    assert second and second[0] != first.code
    assert json.loads(folder.code_path.read_text())["code"] == second[0]
    assert pay(sqlite_world, first.code, 100).decline_code == "code_used"
    qtbot.waitUntil(lambda: kid.code_screen.left_today.text() == "¥87.50", timeout=WAIT_MS)

    # A decline shows on the payer's side with its reason in plain words.
    declined = pay(sqlite_world, second[0], 6000)
    assert declined.decline_code == "limit_per_payment"
    qtbot.waitUntil(
        lambda: any(line.key == f"payment:{declined.id}" and "limit for one payment"
                    in line.detail for line in payer.activity.lines),
        timeout=LIVE_MS,
    )

    # Revoke, after the confirmation, reaches the tablet.
    card = payer.home.grant_cards[source.device.extra["grant_id"]]
    revoke = card.findChild(type(payer.home.new_grant), "revokeButton")
    qtbot.mouseClick(revoke, Qt.MouseButton.LeftButton)
    dialog = payer.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.mouseClick(dialog.stop, Qt.MouseButton.LeftButton)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: kid.stack.currentWidget() is kid.ended_page, timeout=WAIT_MS)
    assert "Mei" in kid.ended_page.title.text()
    assert not folder.code_path.exists()
    assert not kid.awake.requested
