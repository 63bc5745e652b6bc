"""One reckoning of the day: the Today dialog, End of day and its CSV say the same.

Live (zh_CN): "Today's sales" showed net ¥113.80 and End of day net ¥122.80 at the same
moment; the ¥9 was the cash part of a split sale, counted by End of day only (Today added
the code's part of approved sales, less their refunds). The CSV's sale rows held only the
code's part, so they did not add up to its own Approved total. Now net is every tender
taken for the day's sales less what the day's refunds gave back, the same in all three,
with the tenders beside it; the CSV's rows add up to its totals.

The seeded world: the child may not buy alcohol; ¥50 a payment, ¥100 a day."""

from __future__ import annotations

import csv
import time
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QTableWidget

from kinpay.client import Client, new_idempotency_key
from tests.pos.conftest import Tablet
from tests.pos.test_screens import child, click, confirm_refund
from tests.pos.test_split_terminal import block_snacks, charge_basket
from tests.pos.test_terminal import type_amount, wait_result

pytestmark = pytest.mark.gui


def take_rest(qtbot: Any, window: Any, how: str) -> str:
    """The split card is up: the rest taken `how` (cash, card); the sale's key."""
    card = window.split
    qtbot.waitUntil(card.isVisible, timeout=15_000)
    key = str(window.shown.key)
    qtbot.mouseClick(card.buttons[how], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.result.isVisible, timeout=15_000)
    window.on_action("new")
    return key


def test_today_end_of_day_and_the_csv_reckon_the_day_alike(
    terminal: Any, qtbot: Any, sqlite_world: dict[str, Any], tablet: Tablet, shot: Any,
) -> None:
    window = terminal()
    # 1. A code sale: ¥12.50.
    type_amount(qtbot, window, "1250")
    window.charge()
    window.take(tablet.code(), time.perf_counter())
    wait_result(qtbot, window, "approved")
    window.on_action("new")
    # 2. A split basket: the allowance pays bread and milk (¥8.00), the chocolate (snacks,
    # blocked) in cash (¥7.00); beer in a child's basket is never taken in cash.
    block_snacks(sqlite_world)
    window.set_mode(1)
    charge_basket(qtbot, window, tablet, ("Bread roll", 350, "grocery"),
                  ("Chocolate bar", 700, "snacks"), ("Milk 250 ml", 450, "grocery"))
    split = take_rest(qtbot, window, "cash")
    # 3. A partial approval: ¥70 spent elsewhere leaves ¥9.50 of today's ¥100; a ¥30 sale,
    # the allowance pays ¥9.50 and the card the other ¥20.50.
    with Client(sqlite_world["server_url"], token=sqlite_world["merchant"]["api_key"]) as c:
        for amount in (5_000, 2_000):
            spent, _ = c.pay(tablet.code(), amount, "CNY", idempotency_key=new_idempotency_key())
            assert spent.status == "approved"
    window.set_mode(0)
    type_amount(qtbot, window, "3000")
    window.charge()
    window.take(tablet.code(), time.perf_counter())
    take_rest(qtbot, window, "card")
    # 4. A refund of the split sale: ¥3.00 to the allowance, ¥2.00 back in cash.
    dlg = window.refund_dialog(split)
    screen = dlg.property("screen")
    assert screen.selected().key == split
    screen.amount.setText("3.00")
    screen.other.setText("2.00")
    screen.request(False)
    confirm_refund(qtbot, window)
    qtbot.waitUntil(lambda: dlg.property("refunded") == 500, timeout=15_000)
    dlg.close()

    # Taken: ¥12.50 + (¥8.00 + ¥7.00) + (¥9.50 + ¥20.50) = ¥57.50; given back ¥5.00.
    # Today's list.
    window.open_history()
    qtbot.waitExposed(window.dialog)
    assert child(window, QLabel, "history_summary").text() == (
        "3 sales · 3 approved · net ¥52.50")
    tenders = child(window, QLabel, "history_tenders")
    assert tenders.isVisible() and tenders.text() == (
        "kinpay code ¥30.00 · cash ¥7.00 · card ¥20.50 · refunds −¥5.00 "
        "(allowance ¥3.00 + cash or card ¥2.00)")
    shot(window.dialog, "today-tenders")
    window.dialog.close()

    # End of day: the same net, the same tenders.
    window.open_report()
    table = child(window, QTableWidget, "report_table")
    cells = {table.item(i, 0).text(): (table.item(i, 1).text(), table.item(i, 2).text())
             for i in range(table.rowCount())}
    assert cells["Approved"] == ("3", "¥57.50")
    assert cells["Refunds (allowance −¥3.00 + cash or card −¥2.00)"] == ("1", "−¥5.00")
    assert cells["Tender: kinpay code (allowance)"] == ("", "¥30.00")
    assert cells["Tender: cash"] == ("", "¥7.00")
    assert cells["Tender: card"] == ("", "¥20.50")
    assert cells["Net takings (approved − refunds)"] == ("", "¥52.50")

    # Its CSV: each sale's row is what it took, tender by tender; the refund's what it gave
    # back; they add up to the totals and the net.
    click(qtbot, child(window, QPushButton, "report_csv"))
    [path] = (window.data_dir / "reports").glob("*.csv")
    lines = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    head, body = lines[0], lines[1:lines.index([])]
    got = [{name: r[head.index(name)] for name in (
        "status", "amount_minor", "code_minor", "cash_minor", "card_minor", "due_minor")}
        for r in body]
    assert [list(g.values()) for g in got] == [
        ["approved", "1250", "1250", "0", "0", "0"],
        ["approved", "1500", "800", "700", "0", "0"],
        ["approved", "3000", "950", "0", "2050", "0"],
        ["refund", "-500", "-300", "-200", "0", "0"],
    ]
    summary = {r[0]: r[1:] for r in lines[lines.index([]) + 2:]}
    assert summary["Approved"] == ["3", "¥57.50"]
    assert summary["Net takings (approved − refunds)"] == ["", "¥52.50"]
    assert sum(int(g["amount_minor"]) for g in got) == 5_250
    window.dialog.close()
