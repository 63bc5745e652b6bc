"""Asking the payer from the till (issue 15 §1), on the real window with its real threads and
a real server: the decline card offers "Ask Mei", Enter asks, the asking card counts down,
and the payer's answer (given through the real API, as the wallet gives it) ends it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kinpay.client import Client
from tests.pos.conftest import Tablet
from tests.pos.test_terminal import charge_by_wedge, terminal_payments, type_amount, wait_result

pytestmark = pytest.mark.gui

OVER = "6000"  # above the seeded allowance's ¥50.00 per payment


def payer_answers(world: dict[str, Any], allow: bool) -> Callable[[], bool]:
    """The payer's side: answer the newest pending question; True once answered."""
    def answer() -> bool:
        with Client(world["server_url"], token=world["payer"]["token"]) as payer:
            pending = [a for a in payer.approvals() if a.status == "pending"]
            if not pending:
                return False
            payer.answer_approval(pending[0].id, allow=allow)
            return True
    return answer


def decline_and_ask(qtbot: Any, window: Any, tablet: Tablet) -> None:
    type_amount(qtbot, window, OVER)
    charge_by_wedge(qtbot, window, tablet.code())
    wait_result(qtbot, window, "declined")
    ask = window.result.buttons["ask"]
    assert ask.isVisibleTo(window.result) and ask.text() == "Ask Mei  ⏎"
    assert ask.property("role") == "primary"  # Enter asks
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert window.state == "asking"
    qtbot.waitUntil(lambda: window.ask_card.isVisible(), timeout=5_000)
    assert window.ask_card.title.text() == "Asking Mei…"
    assert window.ask_card.countdown.text() in ("2:00", "1:59", "1:58")


def test_ask_mei_cancel_refuse_then_allow(terminal: Any, qtbot: Any, sqlite_world: dict[str, Any],
                                          tablet: Tablet, shot: Any) -> None:
    window = terminal()
    # 1. Asked, then the cashier cancels with Esc: nothing charged, said plainly.
    decline_and_ask(qtbot, window, tablet)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    wait_result(qtbot, window, "ask_closed")
    assert window.result.title.text() == "Asking cancelled"
    window.on_action("new")
    # 2. Asked, and Mei says no.
    decline_and_ask(qtbot, window, tablet)
    qtbot.waitUntil(payer_answers(sqlite_world, allow=False), timeout=10_000)
    wait_result(qtbot, window, "ask_closed")
    assert window.result.title.text() == "Mei said no"
    shot(window, "ask-refused")
    window.on_action("new")
    # 3. Asked, and Mei allows it: the approved card, as any sale, with its receipt.
    decline_and_ask(qtbot, window, tablet)
    qtbot.waitUntil(lambda: window.ask_card.countdown.text().startswith("1:5"),
                    timeout=10_000)  # the countdown moves
    assert window.ask_card.cancel_button.text() == "Cancel  ⏎"
    shot(window, "ask-asking")
    qtbot.waitUntil(payer_answers(sqlite_world, allow=True), timeout=10_000)
    wait_result(qtbot, window, "approved")
    assert window.result.amount.text() == "¥60.00"
    assert "Allowed by Mei" in window.result.detail.text()
    assert window.result.buttons["receipt"].isVisibleTo(window.result)
    shot(window, "ask-allowed")
    paid = [(p.amount, p.status, p.approval_id is not None)
            for p in terminal_payments(sqlite_world)]
    assert paid.count((6000, "approved", True)) == 1
    assert paid.count((6000, "declined", False)) == 3
    row = window.store.get(window.current.key)
    assert row is not None and row.status == "approved"  # the journal has the sale paid
    window.on_action("new")
    offline_the_till_does_not_offer_asking(window)


def test_a_double_enter_asks_once_and_does_not_cancel(terminal: Any, qtbot: Any,
                                                      tablet: Tablet) -> None:
    """Enter asks on the decline card, and Enter cancels on the asking card: a cashier's
    double press (or a held key) sent the question and withdrew it at once. Cancel takes
    no press in its first moment; after it, Enter cancels as before."""
    window = terminal()
    decline_and_ask(qtbot, window, tablet)  # the first Enter
    # The next keys come before the event loop runs again (key clicks are delivered at
    # once), so before the arming timer could fire on any machine: no time is assumed.
    qtbot.keyClick(window, Qt.Key.Key_Return)  # the same finger, again
    qtbot.keyClick(window, Qt.Key.Key_Enter)  # and the number pad's
    assert window.state == "asking" and window.ask_control is not None
    assert window.ask_control.cancelled is False
    assert not window.ask_card.cancel_button.isEnabled()
    qtbot.waitUntil(window.ask_card.cancel_button.isEnabled, timeout=5_000)
    qtbot.keyClick(window, Qt.Key.Key_Return)  # meant: cancel
    wait_result(qtbot, window, "ask_closed")
    assert window.result.title.text() == "Asking cancelled"


def offline_the_till_does_not_offer_asking(window: Any) -> None:
    """On the same window (a till costs a server): offline, no "Ask"; the card says why."""
    from kinpay import schemas
    from pos_app.core.settle import Outcome, SaleRequest

    askable = schemas.Payment(
        id="p1", status="declined", decline_code="limit_daily", amount=6000, currency="CNY",
        payer=schemas.Party(name="mei"), delegate=schemas.Party(name="lily"), remaining=None,
        created_at=0, askable=True)
    cases = [
        # The server said the payer could lift it, but the link has gone since.
        (False, Outcome("declined", "k1", 6000, "CNY", "", askable, "limit_daily")),
        # Declined by the terminal itself while offline.
        (False, Outcome("offline_declined", "k2", 6000, "CNY", "Over the offline cap.")),
    ]
    for online, outcome in cases:
        window.current = SaleRequest(outcome.key, "unused", 6000, "CNY")
        window.online = online
        window.show_result(outcome)
        assert not window.result.buttons["ask"].isVisibleTo(window.result)
        assert "needs the server" in window.result.detail.text()
        assert window.result.primary != "ask"
        window.on_action("new")
    # Online, the same decline offers it.
    window.online = True
    window.current = SaleRequest("k3", "unused", 6000, "CNY")
    window.show_result(Outcome("declined", "k3", 6000, "CNY", "", askable, "limit_daily"))
    assert window.result.buttons["ask"].isVisibleTo(window.result)
