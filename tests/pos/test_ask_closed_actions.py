"""Live: after "Mei said no" (and when Mei stopped the allowance while asked, which the
server answers the same way) the till offered "Try again": the same sale, sent again, is
declined again and the same question asked. Where the same sale can't pass, the card
offers what can: change the sale (the amount or basket kept) or a new sale, as a limit's
decline does; a question that ran out of time or was cancelled may still be tried again."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.pos.conftest import settle

pytestmark = pytest.mark.gui


def closed_card(window: Any, status: str) -> list[str]:
    """The till as a question ends with `status`: the buttons its card shows."""
    from pos_app.core import ask
    from pos_app.core.settle import SaleRequest

    for ch in "6000":
        QTest.keyClick(window, ch)
    window.current = SaleRequest(key="k" * 32, code="c", amount=6000, currency="CNY")
    window.ask_payer = "mei"
    window.show_ask_closed(ask.AskClosed(status))
    settle()
    return [name for name, b in window.result.buttons.items() if b.isVisible()]


@pytest.mark.parametrize("status", ["refused", "not_askable"])
def test_after_no_the_card_goes_back_to_the_sale(till: Any, status: str) -> None:
    window = till(1024, 736)
    assert closed_card(window, status) == ["change", "new"]
    assert window.result.primary == "new"
    QTest.mouseClick(window.result.buttons["change"], Qt.MouseButton.LeftButton)
    assert window.state == "entry" and window.total.text() == "¥60.00"  # kept, to change


@pytest.mark.parametrize("status", ["expired", "cancelled", "unreachable"])
def test_a_question_not_answered_may_be_tried_again(till: Any, status: str) -> None:
    window = till(1024, 736)
    assert closed_card(window, status) == ["retry", "new"]
