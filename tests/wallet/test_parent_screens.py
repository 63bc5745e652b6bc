"""Issue 10 §6 and §8, the parent's side: the pairing screen, the stopped card, the words
of the activity list and whose window it is — on real widgets and a real server."""

from __future__ import annotations

import time
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kinpay.client import Client
from kinpay.device import Device
from kinpay.schemas import DECLINE_CODES, Event
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, create_grant, pay, payer_signed_in
from wallet_app.payer.activity import describe

pytestmark = pytest.mark.gui
CASHIER_WORDS = ("ask the parent", "ask them", "charge in", "ask for another way")


def texts(widget: Any) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)]


def test_pairing_screen_closes_when_the_tablet_pairs(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    url = sqlite_world["server_url"]
    parent = make_window("payer", server_url=url, role="payer")
    payer = payer_signed_in(qtbot, parent, sqlite_world)
    assert parent.windowTitle() == "kinpay — Mei (parent)"
    qtbot.waitUntil(lambda: payer.activity.link_state.text() == "● Live", timeout=WAIT_MS)
    code = create_grant(qtbot, payer, "lily")
    with Client(url, token=sqlite_world["delegate"]["token"]) as tablet:
        tablet.pair(code)
    qtbot.waitUntil(lambda: payer.stack.currentWidget() is payer.home, timeout=WAIT_MS)
    assert code not in payer.pairing.code.text()
    assert payer.pairing.qr.image() is None


def test_a_stopped_child_shows_stopped_not_unpaired(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    url, grant_id = sqlite_world["server_url"], sqlite_world["grant"]["id"]
    parent = make_window("payer", server_url=url, role="payer")
    payer = payer_signed_in(qtbot, parent, sqlite_world)
    with Client(url, token=sqlite_world["payer"]["token"]) as api:
        api.revoke_grant(grant_id)
    qtbot.waitUntil(lambda: payer.home.grant_cards[grant_id].grant.status == "revoked",
                    timeout=WAIT_MS)
    card = payer.home.grant_cards[grant_id]
    shown = texts(card)
    assert "Stopped" in shown
    assert "Not paired yet" not in shown
    # What was spent, not what is "left": nothing can be spent from a stopped allowance
    # (it said "¥0.00 of ¥100.00 · ¥100.00 left").
    assert card.today.note() == "¥0.00 of ¥100.00"
    assert "left" not in card.month.note()


def test_the_parent_reads_parents_words_for_declines(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    url = sqlite_world["server_url"]
    parent = make_window("payer", server_url=url, role="payer")
    payer = payer_signed_in(qtbot, parent, sqlite_world)
    device = Device.load(sqlite_world["delegate"]["device"])
    declined = pay(sqlite_world, device.code_at(int(time.time())), 6_000)  # over ¥50.00
    assert declined.decline_code == "limit_per_payment"
    qtbot.waitUntil(lambda: any(ln.key == f"payment:{declined.id}"
                                for ln in payer.activity.lines), timeout=WAIT_MS)
    line = next(ln for ln in payer.activity.lines if ln.key == f"payment:{declined.id}")
    assert "over the limit for one payment" in line.detail.lower()
    assert not any(w in line.detail.lower() for w in CASHIER_WORDS)

    # Every decline code, as the parent reads it: no cashier's advice.
    for code in DECLINE_CODES:
        event = Event(id=1, type="payment", created_at=1, data={
            "id": code, "status": "declined", "decline_code": code, "amount": 100,
            "currency": "CNY", "delegate": {"name": "lily"}, "merchant": {"name": "Shop"}})
        described = describe(event)
        assert described is not None
        assert not any(w in described.detail.lower() for w in CASHIER_WORDS), code


def test_the_home_tab_is_marked_at_sign_in(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    """Signed in, the parent is on Home, and its tab says so (none was marked until another
    page had been opened: the stack starts on Home, so it never said it changed)."""
    parent = make_window("payer", server_url=sqlite_world["server_url"], role="payer")
    payer = payer_signed_in(qtbot, parent, sqlite_world)
    assert payer.stack.currentWidget() is payer.home
    marked = [key for key, b in payer.tab_buttons.items() if b.isChecked()]
    assert marked == ["home"]
