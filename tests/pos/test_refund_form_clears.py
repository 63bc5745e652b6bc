"""Live (zh_TW): a split sale (¥11.50 by the allowance, ¥7.00 in cash) and a ¥0.60 sale in
Refund; the ¥0.60 one refunded in full left the list, nothing was chosen, and still the
form showed the split sale's "cash or card" field with 7.00 in it ("Refund this amount"
then said to choose a payment). With nothing chosen, the form is empty and that field gone."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from kinpay import schemas
from pos_app import refund
from pos_app.core.store import Store
from pos_app.widgets.dialogs import DialogHost

pytestmark = pytest.mark.gui


def _sold(store: Store, key: str, amount: int, **answer: Any) -> None:
    """A sale written to the journal as the till writes it: begun, then the server's answer."""
    now = int(time.time())
    store.begin_sale(key=key, code="KP1:x", amount=answer.get("sale_total", amount),
                     currency="CNY", items=[], reference=None, now_s=now)
    store.finish(key, schemas.Payment(
        id=f"p_{key[:8]}", status="approved", decline_code=None, amount=amount,
        currency="CNY", payer={"name": "Mei"}, delegate={"name": "Lily"}, remaining=None,
        created_at=now, **answer), now_s=now)


def test_a_refund_that_empties_the_choice_clears_the_form(qtbot: Any, tmp_path: Path) -> None:
    store = Store(tmp_path / "terminal.db")
    split, small = "s" * 32, "m" * 32
    _sold(store, split, 1150, sale_total=1850, tenders=[{"kind": "cash", "amount": 700}])
    _sold(store, small, 60)
    parent = QWidget()
    qtbot.addWidget(parent)
    screen = refund.RefundScreen(DialogHost(parent), store, None, split)  # type: ignore[arg-type]
    screen.dlg.show()
    assert screen.other.isVisibleTo(screen.dlg) and screen.other.text() == "7.00"
    screen.table.selectRow(0)  # the ¥0.60 sale: the newest, listed first
    assert screen.selected() is not None and screen.selected().key == small
    assert not screen.other.isVisibleTo(screen.dlg)
    # Refunded in full (as the refund's answer is written): gone from the list.
    store.begin_refund(key="r" * 32, sale_key=small, payment_id=f"p_{small[:8]}", amount=60,
                       currency="CNY", now_s=int(time.time()))
    store.finish_refund(key="r" * 32, sale_key=small, refund_id="r_1", refunded_total=60,
                        now_s=int(time.time()))
    screen.reload(small)
    assert screen.table.rowCount() == 1
    assert screen.selected() is None
    assert not screen.other.isVisibleTo(screen.dlg) and screen.other.text() == ""
    assert screen.amount.text() == ""
    store.close()
