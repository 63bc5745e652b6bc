"""Live: an offline sale of ¥19 (Lily had ¥17 left) was taken, the goods handed over, and
the server declined it when it was sent. The banner told the cashier "Today's allowance is
used up. Try a smaller amount, or tomorrow." (advice for a customer still at the till, for
a sale long over), Today's sales said "Declined" as for a sale refused at the till, and the
green "Approved offline" card of that same sale stayed up beside the banner. Now the banner
and Today's line say why the server refused it and what it means for the shop (not paid:
ask the family), and that sale's card says it was declined by the server."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtWidgets import QTableWidget

from tests.pos.conftest import settle
from tests.pos.test_banner_moves_nothing import declined_row
from tests.pos.test_layout import language  # noqa: F401 - a fixture

pytestmark = pytest.mark.gui


def test_the_banner_and_the_card_say_the_shop_was_not_paid(till: Any) -> None:
    from pos_app.core.settle import Outcome

    window = till(1024, 736)
    key = "k" * 32
    window.state = "result"
    window.show_result(Outcome("offline_approved", key, 1900, "CNY"))
    settle()
    assert window.result.title.text() == "Approved offline"
    window.on_upload_declined([declined_row(key)])
    settle()
    banner = window.banner.text.text()
    assert banner == ("An offline payment of ¥19.00 at 00:00 (Lily) was declined by the "
                      "server: This is more than is left of today's allowance. "
                      "The shop was not paid for it. "
                      "Ask the family to pay it."), banner
    assert "Try a smaller amount" not in banner
    card = window.result
    assert card.title.text() == "Declined by the server"  # not "Approved offline" too
    assert card.amount.text() == "¥19.00" and card.detail.text() == banner
    assert [n for n, b in card.buttons.items() if b.isVisible()] == ["new"]
    assert window.prompt.text() == "Enter: new sale."


def test_another_sales_card_stays(till: Any) -> None:
    from pos_app.core.settle import Outcome

    window = till(1024, 736)
    window.state = "result"
    window.show_result(Outcome("offline_approved", "a" * 32, 500, "CNY"))
    window.on_upload_declined([declined_row("k" * 32)])
    settle()
    assert window.result.title.text() == "Approved offline"


def test_todays_sales_say_not_paid(qapp: Any) -> None:
    from pos_app.widgets.dialogs import sales_table

    table: QTableWidget = sales_table([declined_row("k" * 32)], "t", "sales")
    status = table.item(0, 2).text()
    assert status == ("Not paid: ask the family · This is more than is left of today's "
                      "allowance."), status


@pytest.mark.parametrize("lang", ["zh_CN", "zh_TW"])
def test_no_space_after_a_chinese_full_stop_in_the_banner(
        lang: str, language: Callable[[str], None], till: Any) -> None:  # noqa: F811
    language(lang)
    window = till(1024, 736)
    window.on_upload_declined([declined_row("k" * 32)])
    text = window.banner.text.text()
    assert "。 " not in text, text


def test_todays_sales_mark_a_sale_taken_offline(qapp: Any) -> None:
    """Found in live use: the offline ¥15, ¥5 and ¥1 read "Approved" like any sale."""
    from pos_app.core.store import SaleRow
    from pos_app.widgets.dialogs import sales_table

    rows = [SaleRow(seq=n, key=k * 32, created_at=0, code="sha256:x", amount=1500,
                    currency="CNY", items=[], reference=None, offline=offline,
                    status="approved", decline_code=None, delegate="lily")
            for n, (k, offline) in enumerate((("a", True), ("b", False)))]
    table: QTableWidget = sales_table(rows, "t", "sales")
    assert [table.item(i, 2).text() for i in range(2)] == [
        "Approved (taken offline)", "Approved"]
