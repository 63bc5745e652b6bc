"""Live 33 §16 (s98, s99): a receipt opened from Today's sales closed the list, so checking
several receipts meant opening Today again for each. The receipt opens over the list;
closing it, the list is there again as it was (its selection kept), and the next
receipt opens from it. Real window, real server, two real sales."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton, QTableWidget

from tests.pos.conftest import Tablet, settle
from tests.pos.test_screens import click, sell

pytestmark = pytest.mark.gui


def test_closing_a_receipt_goes_back_to_todays_sales(terminal: Any, qtbot: Any,
                                                     tablet: Tablet, shot: Any) -> None:
    from pos_app.receipt import ReceiptView

    window = terminal()
    keys = [sell(qtbot, window, "1200", tablet.code()), sell(qtbot, window, "350",
                                                              tablet.code())]
    payments = {window.store.get(k).payment_id for k in keys}
    window.open_history()
    history = window.dialog
    table = history.findChild(QTableWidget, "history_table")
    seen = []
    for row in (0, 1):
        table.selectRow(row)
        click(qtbot, history.findChild(QPushButton, "history_receipt"))
        receipt = window.dialog
        assert receipt is not history and receipt.objectName() == "receipt"
        qtbot.waitUntil(receipt.isVisible, timeout=5_000)
        assert history.isVisible(), "the list closed under the receipt"
        seen.append(receipt.findChild(ReceiptView, "receipt_view").receipt.payment_id)
        if row == 0:
            shot(receipt, "receipt-over-today")
        click(qtbot, receipt.findChild(QPushButton, "close"))
        settle()
        assert not receipt.isVisible()
        assert window.dialog is history and history.isVisible(), "not back to the list"
        assert table.currentRow() == row  # as it was
    assert set(seen) == payments  # each row's own receipt, from the same list
    click(qtbot, history.findChild(QPushButton, "close"))
    settle()
    assert window.dialog is None
