"""Live: a ¥20.00 sale, ¥18.34 paid by the allowance (all that was left of the day) and
¥1.66 to take another way; the cashier gave the allowance's part back in full. The receipt
showed "Amount ¥18.34" against "TOTAL ¥20.00", "Still to pay ¥1.66" and the headline
"APPROVED"; Today's list still said "Approved · allowance ¥18.34 + still to pay ¥1.66".
Now the receipt's line is what was rung up, the rest is owed no more, the headline says it
was refunded, and the list claims no open rest. (The seeded world: ¥50 a payment, ¥100 a
day.)"""

from __future__ import annotations

import time
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QTableWidget

from kinpay.client import Client, new_idempotency_key
from pos_app import receipt
from tests.pos.conftest import Tablet
from tests.pos.test_screens import child, click, confirm_refund
from tests.pos.test_terminal import type_amount

pytestmark = pytest.mark.gui


def test_a_part_paid_sale_given_back_reads_as_refunded_and_adds_up(
    terminal: Any, qtbot: Any, sqlite_world: dict[str, Any], tablet: Tablet,
) -> None:
    window = terminal()
    with Client(sqlite_world["server_url"], token=sqlite_world["merchant"]["api_key"]) as c:
        for amount in (5_000, 3_166):  # ¥81.66 of today's ¥100: ¥18.34 left
            spent, _ = c.pay(tablet.code(), amount, "CNY", idempotency_key=new_idempotency_key())
            assert spent.status == "approved"
    type_amount(qtbot, window, "2000")
    window.charge()
    window.take(tablet.code(), time.perf_counter())
    card = window.split
    qtbot.waitUntil(card.isVisible, timeout=15_000)
    key = window.shown.key

    before = receipt.receipt_of(window.store.get(key), "Corner Shop", "t")
    assert before.lines == [("Amount", "¥20.00")]  # what was rung up, as the TOTAL
    assert before.status == "APPROVED"
    assert before.tenders == [("Paid by allowance (kinpay)", "¥18.34"),
                              ("Still to pay", "¥1.66")]

    qtbot.mouseClick(card.buttons["giveback"], Qt.MouseButton.LeftButton)
    click(qtbot, child(window, QPushButton, "refund_full"))
    confirm_refund(qtbot, window)
    qtbot.waitUntil(lambda: window.store.get(key).refunded == 1834, timeout=15_000)
    window.dialog.close()

    row = window.store.get(key)
    after = receipt.receipt_of(row, "Corner Shop", "t")
    assert after.amount == 2000
    assert after.lines == [("Amount", "¥20.00")]
    assert after.tenders == [("Paid by allowance (kinpay)", "¥18.34"),
                             ("Rest, not owed (given back)", "¥1.66"),
                             ("Refunded to the allowance", "−¥18.34")]
    assert after.status == "REFUNDED"

    window.open_history()
    table = child(window, QTableWidget, "history_table")
    [i] = [i for i in range(table.rowCount()) if table.item(i, 1).text() == "¥20.00"]
    assert table.item(i, 2).text() == "Approved · Paid by allowance (kinpay) ¥18.34"
    assert table.item(i, 4).text() == "¥18.34 (all)"
    window.dialog.close()
