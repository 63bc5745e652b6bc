"""A question from the till for more than the parent holds.

Found in live use: the till asked about ¥9,999,999.99 with ¥889.50 in the parent's
account; the parent's card named only the limits it was over, the parent allowed it, the
sale was declined for want of money, and the child's tablet headlined "Mei said yes" over
"…wasn't paid". Now the card says the sale is more than the balance (and stops saying so
once money is added), and the tablet says it wasn't paid. Real server, real widgets."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kinpay.client import Client, new_idempotency_key
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, parent_and_tablet

pytestmark = pytest.mark.gui


def test_a_question_over_the_balance_says_so_and_the_tablet_says_not_paid(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    _parent, payer, kid = parent_and_tablet(qtbot, make_window, sqlite_world, (520, 900))
    # The seeded world's parent holds ¥1,000.00 (server_stub/seed.py); this test spends none.
    qtbot.waitUntil(lambda: payer.session.balance_in("CNY") is not None, timeout=WAIT_MS)
    with Client(sqlite_world["server_url"], token=sqlite_world["merchant"]["api_key"]) as till:
        # Within the balance: no word of it.
        assert kid.source is not None and kid.source.frame is not None
        used = kid.source.frame.code
        small, _ = till.pay(used, 6_000, "CNY",
                            idempotency_key=new_idempotency_key())
        first = till.ask(small.id)
        qtbot.waitUntil(lambda: first.id in payer.approvals.panel.cards, timeout=WAIT_MS)
        assert payer.approvals.panel.cards[first.id].short.isHidden()
        till.cancel_approval(first.id)

        amount = 110_000  # ¥1,100.00: ¥100.00 over the balance
        kid.source.reissue()
        qtbot.waitUntil(lambda: kid.source is not None and kid.source.frame is not None
                        and kid.source.frame.code != used, timeout=WAIT_MS)
        assert kid.source is not None and kid.source.frame is not None
        key = new_idempotency_key()
        declined, _ = till.pay(kid.source.frame.code, amount, "CNY", idempotency_key=key)
        asked = till.ask(declined.id)
        qtbot.waitUntil(lambda: asked.id in payer.approvals.panel.cards, timeout=WAIT_MS)
        card = payer.approvals.panel.cards[asked.id]
        assert card.short.isVisible()
        assert card.short.text() == (
            "That is more than your balance (¥1,000.00): a yes won't "
            "pay it unless you add money first.")
        qtbot.mouseClick(card.allow, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: till.approval(asked.id).status == "allowed", timeout=WAIT_MS)
        settled, _ = till.complete_approval(asked.id, amount, "CNY", idempotency_key=key)
        assert (settled.status, settled.decline_code) == ("declined", "insufficient_funds")
        qtbot.waitUntil(lambda: kid.asking.title.text() == "Not paid", timeout=WAIT_MS)
        assert kid.asking.line.text() == (
            "Mei said yes, but ¥1,100.00 at Corner Shop wasn't paid.")


def test_a_question_leaves_the_amount_column_to_the_payment() -> None:
    """Found in live use: an allowed question ("you allowed it once; paid ¥60.00") and its
    payment ("Lily paid ¥60.00") both stood in the amount column: a parent adding up the
    Activity read ¥120.00 for one ¥60.00 sale. The question's lines say the sum in words."""
    from kinpay import schemas
    from wallet_app.payer.approvals import approval_lines

    used = schemas.Approval.model_validate({
        "id": "a1", "payment_id": "p1", "reason": "limit_per_payment", "needs": [],
        "amount": 6_000, "currency": "CNY", "items": [], "merchant": {"name": "Corner Shop"},
        "terminal_id": "t1", "payer": {"name": "mei"}, "delegate": {"name": "lily"},
        "grant_id": "g1", "created_at": 1, "expires_at": 100, "answered_at": 2,
        "completed_payment_id": "p2", "now": 3, "status": "used",
        "completed_status": "approved"})
    asked, answered = approval_lines(used)
    assert (asked.amount, answered.amount) == ("", "")
    assert asked.detail.startswith("¥60.00 at Corner Shop · ")
    assert answered.detail == "¥60.00 at Corner Shop"
