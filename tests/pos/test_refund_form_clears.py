"""Live (zh_TW): a split sale (¥11.50 by the allowance, ¥7.00 in cash) and a ¥0.60 sale in
Refund; the ¥0.60 one refunded in full left the list, nothing was chosen, and still the
form showed the split sale's "cash or card" field with 7.00 in it ("Refund this amount"
then said to choose a payment). With nothing chosen, the form is empty and that field gone."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from pos_app import refund
from pos_app.core.store import SaleRow
from pos_app.widgets.dialogs import DialogHost

pytestmark = pytest.mark.gui


def row(key: str, amount: int, **more: Any) -> SaleRow:
    return SaleRow(seq=1, key=key, created_at=0, code="sha256:x", amount=amount,
                   currency="CNY", items=[], reference=None, offline=False,
                   status="approved", payment_id=f"p_{key}", delegate="lily", **more)


def test_a_refund_that_empties_the_choice_clears_the_form(qtbot: Any, monkeypatch: Any) -> None:
    split = row("s" * 32, 1150, sale_total=1850, tenders=[{"kind": "cash", "amount": 700}])
    small = row("m" * 32, 60)
    shown = [split, small]
    monkeypatch.setattr(refund, "refundable", lambda store: list(shown))
    parent = QWidget()
    qtbot.addWidget(parent)
    screen = refund.RefundScreen(DialogHost(parent), None, None, split.key)  # type: ignore[arg-type]
    screen.dlg.show()
    assert screen.other.isVisibleTo(screen.dlg) and screen.other.text() == "7.00"
    screen.table.selectRow(1)  # the ¥0.60 sale
    assert not screen.other.isVisibleTo(screen.dlg)
    shown.remove(small)  # refunded in full: gone from the list
    screen.reload(small.key)
    assert screen.selected() is None
    assert not screen.other.isVisibleTo(screen.dlg) and screen.other.text() == ""
    assert screen.amount.text() == ""
