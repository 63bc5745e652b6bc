"""Issue 15 §2 at the till: the split card on real widgets against a real server (the
seeded world: the child may not buy alcohol or tobacco; ¥50 a payment, ¥100 a day)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QLabel, QPushButton, QTableWidget

from kinpay import schemas
from kinpay.client import Client, new_idempotency_key
from kinpay.defaults import DEFAULT_BLOCKED_CATEGORIES
from pos_app import receipt, report
from tests.pos.conftest import Tablet
from tests.pos.test_manager import _enter_pin, _set_pin
from tests.pos.test_screens import child, click, confirm_refund

pytestmark = pytest.mark.gui


def server_payment(world: dict[str, Any], payment_id: str) -> Any:
    with Client(world["server_url"], token=world["merchant"]["api_key"]) as c:
        return c.payment(payment_id)


def block_snacks(world: dict[str, Any]) -> None:
    """The parent blocks snacks too: ✗ items that may be paid another way (alcohol and
    tobacco in a child's basket only come off: tests/pos/test_split_for_a_child.py)."""
    with Client(world["server_url"], token=world["payer"]["token"]) as c:
        c.change_grant(world["grant"]["id"], schemas.GrantChange(
            blocked_categories=[*DEFAULT_BLOCKED_CATEGORIES, "snacks"]))


def charge_basket(qtbot: Any, window: Any, tablet: Tablet, *items: tuple[str, int, str]) -> None:
    for name, price, category in items:
        window.sale.add(name, price, category)
    window.refresh()
    window.charge()
    assert window.state == "waiting"
    window.take(tablet.code(), time.perf_counter())


def test_a_split_basket_is_offered_then_paid_with_cash_or_trimmed(
    terminal: Any, qtbot: Any, sqlite_world: dict[str, Any], tablet: Tablet, shot: Any,
    tmp_path: Path,
) -> None:
    block_snacks(sqlite_world)
    window = terminal()
    window.set_mode(1)  # the catalogue and the basket, as a cashier rings items up
    charge_basket(qtbot, window, tablet, ("Bread roll", 350, "grocery"),
                  ("Chocolate bar", 700, "snacks"), ("Milk 250 ml", 450, "grocery"))
    card = window.split
    qtbot.waitUntil(card.isVisible, timeout=15_000)
    assert not window.result.isVisible()
    assert card.title.text() == "Split the basket"
    assert card.paid.text() == "Allowance paid ¥8.00 of ¥15.00"
    assert card.items.text().splitlines() == [
        "✓  1 × Bread roll   ¥3.50", "✗  1 × Chocolate bar   ¥7.00",
        "✓  1 × Milk 250 ml   ¥4.50"]
    assert card.rest.text() == "Take ¥7.00 another way"
    assert all(card.buttons[n].isVisible() for n in card.NAMES)
    shot(window, "split")
    key = window.shown.key
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # Esc never drops a sale half paid
    assert card.isVisible() and window.state == "result"
    qtbot.mouseClick(card.buttons["cash"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.result.isVisible(), timeout=15_000)
    assert not card.isVisible()
    assert window.result.kind == "approved"
    assert window.result.amount.text() == "¥15.00"
    assert window.result.detail.text() == "¥8.00 by the allowance  ·  ¥7.00 in cash"
    row = window.store.get(key)
    assert row is not None and row.rest_sync == "done"
    assert (row.amount, row.total_minor, row.other_minor("cash")) == (800, 1_500, 700)
    paid = server_payment(sqlite_world, str(row.payment_id))
    assert (paid.amount, paid.total, paid.other("cash")) == (800, 1_500, 700)
    assert paid.paid_for == ["Bread roll", "Milk 250 ml"]

    # The receipt: every item, the total, then each tender.
    r = receipt.receipt_of(row, "Corner Shop", "t1")
    assert r.amount == 1_500
    assert r.tenders == [("Paid by allowance (kinpay)", "¥8.00"), ("Paid in cash", "¥7.00")]
    pdf = receipt.save_pdf(r, tmp_path / "receipt.pdf")
    doc = QPdfDocument()
    assert doc.load(str(pdf)) == QPdfDocument.Error.None_
    printed = doc.getAllText(0).text()
    doc.close()
    for words in ("TOTAL", "¥15.00", "Paid by allowance (kinpay)", "¥8.00", "Paid in cash",
                  "¥7.00", "Chocolate bar"):
        assert words in printed, (words, printed)
    png = receipt.pdf_to_png(pdf, tmp_path / "receipt.png")
    assert QImage(str(png)).width() == 760

    # The next basket: the blocked item comes off instead.
    window.on_action("new")
    charge_basket(qtbot, window, tablet, ("Apple", 280, "grocery"),
                  ("Cigarettes", 2_200, "tobacco"))
    qtbot.waitUntil(card.isVisible, timeout=15_000)
    second = window.shown.key
    qtbot.mouseClick(card.buttons["removed"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.result.isVisible(), timeout=15_000)
    assert window.result.amount.text() == "¥2.80"
    trimmed = window.store.get(second)
    assert trimmed is not None and [i.name for i in trimmed.items] == ["Apple"]
    assert server_payment(sqlite_world, str(trimmed.payment_id)).total == 280

    # Today's report: the tenders apart, the totals what was taken.
    day = report.compute(window.store, "CNY")
    assert day.tenders == {"code": 1_080, "cash": 700, "card": 0, "due": 0}
    assert day.lines["approved"].total_minor == 1_780
    assert ("Tender: cash", "", "¥7.00") in report.summary_rows(day)
    path = report.write_csv(day, tmp_path / "day.csv")
    assert "Tender: kinpay code (allowance)" in path.read_text()


def test_a_partial_approval_pays_what_is_left_and_the_card_takes_the_rest(
    terminal: Any, qtbot: Any, sqlite_world: dict[str, Any], tablet: Tablet, shot: Any,
) -> None:
    # ¥80 of today's ¥100 spent elsewhere first.
    with Client(sqlite_world["server_url"], token=sqlite_world["merchant"]["api_key"]) as c:
        for amount in (5_000, 3_000):
            spent, _ = c.pay(tablet.code(), amount, "CNY", idempotency_key=new_idempotency_key())
            assert spent.status == "approved"
    window = terminal()
    for digit in "3000":
        window.press(digit)
    window.charge()
    window.take(tablet.code(), time.perf_counter())
    card = window.split
    qtbot.waitUntil(card.isVisible, timeout=15_000)
    assert card.title.text() == "Part approved"
    assert card.paid.text() == "Allowance paid ¥20.00 of ¥30.00"
    assert card.why.text() == "That was all that is left of today's allowance."
    assert card.rest.text() == "Take ¥10.00 another way"
    assert not card.buttons["removed"].isVisible()  # nothing to take off a typed amount
    shot(window, "partial")
    key = window.shown.key
    qtbot.mouseClick(card.buttons["card"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.result.isVisible(), timeout=15_000)
    assert window.result.detail.text() == "¥20.00 by the allowance  ·  ¥10.00 by card"
    row = window.store.get(key)
    assert row is not None
    paid = server_payment(sqlite_world, str(row.payment_id))
    assert (paid.amount, paid.requested, paid.partial_reason) == (2_000, 3_000, "limit_daily")
    assert [(t.kind, t.amount) for t in paid.tenders] == [("card", 1_000)]

    # A refund gives each tender back where it came from, never more than it paid.
    dlg = window.refund_dialog(key)
    screen = dlg.property("screen")
    assert screen.selected().key == key and screen.other.isVisible()
    screen.amount.setText("5.00")
    screen.other.setText("10.01")
    screen.request(False)
    assert "at most what it paid" in screen.note.text() and screen.asked is None
    screen.other.setText("10.00")
    screen.request(False)
    assert screen.note.text() == ("Refund: ¥5.00 back to the allowance; give back ¥10.00 to "
                                  "the card? It can't be undone.")
    screen.send()
    qtbot.waitUntil(lambda: dlg.property("refunded") == 1_500, timeout=15_000)
    back = server_payment(sqlite_world, str(row.payment_id))
    assert (back.refunded, back.other_refunded) == (500, 1_000)
    after = window.store.get(key)
    assert after is not None and (after.refunded, after.other_refunded) == (500, 1_000)
    day = report.compute(window.store, "CNY")
    assert day.other_refunds_minor == 1_000 and day.refunds_minor == 500
    dlg.close()

    # The end of the day with its tender lines: the net takings, its last line, in view
    # without scrolling (with rows 50 px tall it was under the table's edge).
    window.open_report()
    table = window.dialog.findChild(QTableWidget, "report_table")
    qtbot.waitExposed(window.dialog)
    last = table.rowCount() - 1
    assert table.item(last, 0).text() == "Net takings (approved − refunds)"
    assert table.rowCount() >= 11  # the tender lines are there
    box = table.visualItemRect(table.item(last, 2))
    assert table.viewport().rect().contains(box), (box.getRect(), table.viewport().rect())
    window.dialog.close()


def test_todays_lists_show_every_heading_whole_beside_a_split_sale(
    terminal: Any, qtbot: Any, tablet: Tablet,
) -> None:
    """Live: beside a split sale's long status ("Approved · Paid by allowance (kinpay)
    ¥8.00 + Still to pay ¥7.00") the refund list's other headings were cut ("Refundec")
    and the payment ids elided. Every column but the status is as wide as its heading and
    its cells; the status wraps within what is left, its text whole."""
    window = terminal()
    window.set_mode(1)
    charge_basket(qtbot, window, tablet, ("Bread roll", 350, "grocery"),
                  ("Beer 330 ml", 700, "alcohol"), ("Milk 250 ml", 450, "grocery"))
    qtbot.waitUntil(window.split.isVisible, timeout=15_000)
    key = window.shown.key
    for open_it, name in ((window.open_history, "history_table"),
                          (lambda: window.refund_dialog(key), "refund_table")):
        open_it()
        table = window.dialog.findChild(QTableWidget, name)
        qtbot.waitExposed(window.dialog)
        header = table.horizontalHeader()
        status = table.item(0, 2).text()
        assert status.startswith("Approved · ") and "¥7.00" in status, status
        for column in (0, 1, 3, 4, 5):
            heading = table.horizontalHeaderItem(column).text()
            needed = max(header.fontMetrics().horizontalAdvance(heading),
                         table.fontMetrics().horizontalAdvance(table.item(0, column).text()))
            assert header.sectionSize(column) >= needed, (name, heading)
        # The status, wrapped, fits its cell: the row is as tall as the wrapped text.
        lines = table.fontMetrics().boundingRect(
            0, 0, header.sectionSize(2) - 8, 10_000, int(Qt.TextFlag.TextWordWrap), status)
        assert table.rowHeight(0) >= lines.height(), name
        window.dialog.close()


@pytest.mark.parametrize("manager_pin", ["", "2468"])
def test_give_back_ends_the_split_sale_once_the_allowance_part_is_back(
    terminal: Any, qtbot: Any, sqlite_world: dict[str, Any], tablet: Tablet, manager_pin: str,
) -> None:
    """The customer can't pay the rest: "Give back" refunds the allowance's part, and the
    sale is over — the split card goes and the till is ready for a new sale. Live, with a
    manager PIN set, the card stayed up after the refund, offering "Cash ⏎" for a sale
    already given back (it was judged when the PIN was accepted, before the refund)."""
    window = terminal()
    if manager_pin:
        _set_pin(qtbot, window, manager_pin)
    window.set_mode(1)
    charge_basket(qtbot, window, tablet, ("Bread roll", 350, "grocery"),
                  ("Beer 330 ml", 700, "alcohol"))
    card = window.split
    qtbot.waitUntil(card.isVisible, timeout=15_000)
    key = window.shown.key
    qtbot.mouseClick(card.buttons["giveback"], Qt.MouseButton.LeftButton)
    if manager_pin:
        _enter_pin(qtbot, window, manager_pin)
    assert window.dialog.objectName() == "refund"
    assert card.isVisible()  # nothing given back yet
    click(qtbot, child(window, QPushButton, "refund_full"))
    confirm_refund(qtbot, window)
    note = child(window, QLabel, "refund_note")
    qtbot.waitUntil(lambda: note.text().startswith("Refunded ¥3.50 to Mei"), timeout=10_000)
    window.dialog.close()
    qtbot.waitUntil(lambda: not card.isVisible(), timeout=5_000)
    assert window.state == "entry" and window.total.text() == "¥0.00"
    paid = server_payment(sqlite_world, window.store.get(key).payment_id)
    assert (paid.amount, paid.refunded) == (350, 350)
    # The end of the day owes nothing for it ("Still due on partial sales: ¥7.00" before).
    rows = {label: total for label, _n, total in
            report.summary_rows(report.compute(window.store, "CNY"))}
    assert rows["Approved"] == "¥3.50" and rows["Refunds"] == "−¥3.50"
    assert rows["Net takings (approved − refunds)"] == "¥0.00"
    assert "Still due on partial sales (not taken)" not in rows
