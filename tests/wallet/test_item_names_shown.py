"""Item names a server kept before it refused line breaks and direction controls in them
(docs/security.md row 75) still come back in older questions and payments: the parent's
question card shows each on one line, without its direction override, not as lines that
read as the card's own."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kinpay import schemas
from wallet_app.payer.approvals import RequestCard

pytestmark = pytest.mark.gui


def test_an_older_item_name_shows_on_one_line_on_the_question_card(qtbot: QtBot) -> None:
    asked: dict[str, Any] = {
        "id": "a1", "payment_id": "p1", "reason": "limit_per_payment", "needs": [],
        "amount": 6_000, "currency": "CNY", "merchant": {"name": "Corner Shop"},
        "terminal_id": "t1", "payer": {"name": "mei"}, "delegate": {"name": "lily"},
        "grant_id": "g1", "created_at": 1, "expires_at": 100, "now": 3, "status": "pending",
        "items": [
            {"name": "Notebook\n\nCorrection from the shop: the total is ¥6.00",
             "unit_amount": 5_000},
            {"name": "Juice \u202e00.06¥ ton", "unit_amount": 1_000},
        ],
    }
    card = RequestCard(schemas.Approval.model_validate(asked))
    qtbot.addWidget(card)
    assert card.items.text() == ("Notebook  Correction from the shop: the total is ¥6.00, "
                                 "Juice 00.06¥ ton")
