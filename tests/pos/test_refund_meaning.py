"""Live test 34 §10 (e33, e35, e48): a split sale's refund of ¥5.00 to the allowance and
¥1.00 in cash read ¥5.00 in Refund's Refunded column, −¥6.00 in Today, "Refunds 1 −¥5.00"
and "Given back in cash or to cards −¥1.00" in End of day under a net labelled
"(approved + queued − refunds)", and −¥6.00 in the CSV's refund row beside −¥5.00 in its
summary. A refund now means everything it gave back, its two parts said where both exist,
on every screen and in the file; the net's label says what it takes away. And the two
refund confirmations read alike (zh_CN: "已完成：¥11.00 退回零花钱。" beside "已退款
¥6.00，退回Mei的账户；…").

The seeded world: ¥50 a payment, ¥100 a day; the parent blocks snacks here."""

from __future__ import annotations

import csv
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QPushButton, QTableWidget

from tests.pos.conftest import Tablet, settle
from tests.pos.test_day_figures import take_rest
from tests.pos.test_layout import language  # noqa: F401 - `language` is a fixture
from tests.pos.test_queued_apart import report_cells
from tests.pos.test_screens import child, click, confirm_refund, sell
from tests.pos.test_split_terminal import block_snacks, charge_basket

pytestmark = pytest.mark.gui
REFUNDED_COLUMN = 4


def split_sale(qtbot: Any, window: Any, world: dict[str, Any], tablet: Tablet) -> str:
    """Bread and milk by the allowance (¥8.00), the chocolate (snacks) in cash (¥7.00)."""
    block_snacks(world)
    window.set_mode(1)
    charge_basket(qtbot, window, tablet, ("Bread roll", 350, "grocery"),
                  ("Chocolate bar", 700, "snacks"), ("Milk 250 ml", 450, "grocery"))
    key = take_rest(qtbot, window, "cash")
    window.set_mode(0)
    return key


def refund(qtbot: Any, window: Any, key: str, code: str, other: str | None) -> Any:
    """The refund dialog on `key`'s sale, `code` to the allowance and `other` in cash."""
    dlg = window.refund_dialog(key)
    screen = dlg.property("screen")
    assert screen.selected().key == key
    screen.amount.setText(code)
    if other is not None:
        screen.other.setText(other)
    screen.request(False)
    confirm_refund(qtbot, window)
    qtbot.waitUntil(lambda: dlg.property("refunded") is not None, timeout=15_000)
    return screen


def test_a_refund_reads_alike_on_every_screen_and_in_the_csv(
        terminal: Any, qtbot: Any, sqlite_world: dict[str, Any], tablet: Tablet,
        shot: Any) -> None:
    window = terminal()
    sell(qtbot, window, "500", tablet.code())  # ¥5.00 by the allowance alone
    split = split_sale(qtbot, window, sqlite_world, tablet)
    screen = refund(qtbot, window, split, "3.00", "2.00")
    assert screen.note.text() == ("Refunded ¥3.00 to Mei's account; the allowance is restored. "
                                  "Give back ¥2.00 in cash.")
    table = child(window, QTableWidget, "refund_table")
    [row] = [i for i in range(table.rowCount()) if table.item(i, 1).text() == "¥15.00"]
    assert table.item(row, REFUNDED_COLUMN).text() == "¥5.00\n(allowance ¥3.00 + cash ¥2.00)"
    shot(window.dialog, "refund-both-parts")
    window.dialog.close()

    window.open_history()
    settle()
    history = child(window, QTableWidget, "history_table")
    [row] = [i for i in range(history.rowCount()) if history.item(i, 1).text() == "¥15.00"]
    assert history.item(row, REFUNDED_COLUMN).text() == "¥5.00\n(allowance ¥3.00 + cash ¥2.00)"
    assert child(window, QLabel, "history_summary").text() == "2 sales · 2 approved · net ¥15.00"
    assert child(window, QLabel, "history_tenders").text() == (
        "kinpay code ¥13.00 · cash ¥7.00 · card ¥0.00 · refunds −¥5.00 "
        "(allowance ¥3.00 + cash or card ¥2.00)")
    window.dialog.close()

    window.open_report()
    settle()
    cells = report_cells(window)
    assert cells["Approved"] == ("2", "¥20.00")
    assert cells["Refunds (allowance −¥3.00 + cash or card −¥2.00)"] == ("1", "−¥5.00")
    assert "Given back in cash or to cards" not in cells
    assert cells["Net takings (approved − refunds)"] == ("", "¥15.00")
    shot(window.dialog, "report-refund-parts")
    click(qtbot, child(window, QPushButton, "report_csv"))
    [path] = (window.data_dir / "reports").glob("*.csv")
    lines = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    head = lines[0]
    [refund_row] = [r for r in lines[1:lines.index([])] if r[head.index("status")] == "refund"]
    assert refund_row[head.index("amount")] == "−¥5.00"
    summary = {r[0]: r[1:] for r in lines[lines.index([]) + 2:]}
    assert summary["Refunds (allowance −¥3.00 + cash or card −¥2.00)"] == ["1", "−¥5.00"]
    assert summary["Net takings (approved − refunds)"] == ["", "¥15.00"]
    window.dialog.close()


def test_both_refund_confirmations_have_one_wording(
        terminal: Any, qtbot: Any, sqlite_world: dict[str, Any], tablet: Tablet,
        language: Any) -> None:  # noqa: F811
    language("zh_CN")
    window = terminal()
    plain = sell(qtbot, window, "500", tablet.code())
    split = split_sale(qtbot, window, sqlite_world, tablet)
    done = refund(qtbot, window, plain, "2.00", None).note.text()
    assert done == "已退款 ¥2.00，退回Mei的账户；零花钱额度已恢复。无需退还现金。"
    window.dialog.close()
    done = refund(qtbot, window, split, "3.00", "0").note.text()
    assert done == "已退款 ¥3.00，退回Mei的账户；零花钱额度已恢复。无需退还现金。"
    window.dialog.close()
    done = refund(qtbot, window, split, "1.00", "2.00").note.text()
    assert done == "已退款 ¥1.00，退回Mei的账户；零花钱额度已恢复。请退还现金 ¥2.00。"
    window.dialog.close()
