"""The printed end of day (live test 34 §11, §14): its sales table had no mark for a
refunded sale, for a sale the parent allowed when the cashier asked, nor for a sale's other
tenders, which Today's sales and Refund show; and a shop with two tills printed each till's
day with nothing saying it was that till's alone (the ¥8.00 on the second till was not in
the first's report). Real window, real server, the files as the buttons write them.

The seeded world: ¥50 a payment, ¥100 a day; the parent blocks snacks here."""

from __future__ import annotations

import csv
from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton

from tests.pos.conftest import Tablet, settle
from tests.pos.test_ask import decline_and_ask, payer_answers
from tests.pos.test_refund_meaning import refund, split_sale
from tests.pos.test_screens import child, click, pdf_text, sell
from tests.pos.test_terminal import wait_result

pytestmark = pytest.mark.gui
THIS_TILL = "This till only: the shop's other tills are not in this report."


def test_the_printed_day_marks_asked_split_and_refunded_sales_and_says_this_till(
        terminal: Any, qtbot: Any, sqlite_world: dict[str, Any], tablet: Tablet) -> None:
    window = terminal()
    sell(qtbot, window, "500", tablet.code())  # ¥5.00, nothing to mark
    split = split_sale(qtbot, window, sqlite_world, tablet)  # ¥8.00 allowance + ¥7.00 cash
    refund(qtbot, window, split, "3.00", "2.00")
    window.dialog.close()
    decline_and_ask(qtbot, window, tablet)  # ¥60.00, over the per-payment limit
    qtbot.waitUntil(payer_answers(sqlite_world, allow=True), timeout=10_000)
    wait_result(qtbot, window, "approved")
    window.on_action("new")

    window.open_report()
    settle()
    assert window.dialog.windowTitle().startswith("End of day · this till · ")
    click(qtbot, child(window, QPushButton, "report_pdf"))
    click(qtbot, child(window, QPushButton, "report_csv"))
    [pdf] = (window.data_dir / "reports").glob("*.pdf")
    printed = " ".join(pdf_text(pdf).split())  # the lines a cell wrapped, joined again
    assert THIS_TILL in printed
    assert "Approved (asked Mei)" in printed
    assert ("Approved · allowance ¥8.00 + cash ¥7.00 · refunded ¥5.00 "
            "(allowance ¥3.00 + cash ¥2.00)") in printed
    [path] = (window.data_dir / "reports").glob("*.csv")
    lines = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    summary = lines[lines.index([]) + 1:]
    assert summary[0] == ["Summary", "Count", "Total"]
    assert summary[1] == [THIS_TILL, "", ""]
    window.dialog.close()
