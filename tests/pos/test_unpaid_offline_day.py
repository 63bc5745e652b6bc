"""Live: offline sales the server declined when they were sent (the goods handed over, the
shop not paid) were counted among the plain "Declined by the server" in End of day, Today's
sales, the CSV and the PDF, and End of day said in green that every offline payment had been
sent. Now they are their own line (what the families owe the shop), the all-clear is not
shown beside them, and Today's sales say what is owed."""

from __future__ import annotations

import csv
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QLabel, QPushButton, QTableWidget

from kinpay.client import Client, new_idempotency_key
from pos_app.widgets import theme
from tests.pos.conftest import Tablet
from tests.pos.test_screens import child, click
from tests.pos.test_terminal import charge_by_wedge, type_amount, wait_result

pytestmark = pytest.mark.gui

UNPAID_LINE = "Accepted offline, then declined: not paid"
OWED = ("Not paid: 1 offline payment, ¥10.00 in all, declined by the server after the goods "
        "were handed over. Collect it from the family.")


def test_offline_sales_declined_on_upload_are_owed_not_plain_declines(
    terminal: Any, qtbot: Any, sqlite_server: Any, sqlite_world: dict[str, Any],
    tablet: Tablet, tmp_path: Any,
) -> None:
    window = terminal(floor_limit_minor=2000)
    qtbot.waitUntil(lambda: window.online is True and bool(window.cache.keys), timeout=10_000)
    with Client(sqlite_world["server_url"], token=sqlite_world["merchant"]["api_key"]) as shop:
        used_online = tablet.code()
        paid, _ = shop.pay(used_online, 100, "CNY", idempotency_key=new_idempotency_key())
        assert paid.status == "approved"
    sqlite_server.stop()
    qtbot.waitUntil(lambda: window.online is False, timeout=10_000)
    # Offline: ¥15.00 on a good code, ¥10.00 on the code already used online (only the
    # server can know): both taken, the goods handed over.
    for amount, code in (("1500", tablet.code()), ("1000", used_online)):
        type_amount(qtbot, window, amount)
        charge_by_wedge(qtbot, window, code)
        wait_result(qtbot, window, "offline_approved")
        qtbot.keyClick(window, Qt.Key.Key_Return)
    # An online sale the server declines at the till (a code used already): a plain decline.
    sqlite_server.start()
    qtbot.waitUntil(lambda: window.online is True and window.status.queued == 0,
                    timeout=20_000)
    type_amount(qtbot, window, "300")
    charge_by_wedge(qtbot, window, used_online)
    wait_result(qtbot, window, "declined")
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    window.on_action("new")
    window.banner.hide()

    window.open_history()
    qtbot.waitExposed(window.dialog)
    owed = child(window, QLabel, "history_unpaid")
    assert owed.isVisible() and owed.text() == OWED
    table = child(window, QTableWidget, "history_table")
    statuses = sorted(table.item(i, 2).text() for i in range(table.rowCount()))
    assert statuses == [
        "Approved (taken offline)",  # the ¥15.00, paid on upload
        "Declined · This code was already used.",
        "Not paid: ask the family · This code was already used.",
    ], statuses
    window.dialog.close()

    window.open_report()
    table = child(window, QTableWidget, "report_table")
    cells = {table.item(i, 0).text(): (table.item(i, 1).text(), table.item(i, 2).text())
             for i in range(table.rowCount())}
    assert cells["Declined by the server"] == ("1", "¥3.00")  # the one at the till only
    assert cells[UNPAID_LINE] == ("1", "¥10.00")
    assert cells["Approved"] == ("1", "¥15.00")
    assert cells["Net takings (approved − refunds)"] == ("", "¥15.00")
    note = child(window, QLabel, "report_pending")
    assert note.text() == OWED
    assert theme.GOOD not in note.styleSheet() and theme.BAD in note.styleSheet()

    click(qtbot, child(window, QPushButton, "report_csv"))
    [path] = (window.data_dir / "reports").glob("*.csv")
    lines = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    head, body = lines[0], lines[1:lines.index([])]
    rows = sorted((r[head.index("status")], r[head.index("amount_minor")],
                   r[head.index("offline")]) for r in body)
    assert rows == [("approved", "1500", "1"), ("declined", "300", "0"),
                    ("offline_unpaid", "1000", "1")]
    summary = {r[0]: r[1:] for r in lines[lines.index([]) + 2:]}
    assert summary["Declined by the server"] == ["1", "¥3.00"]
    assert summary[UNPAID_LINE] == ["1", "¥10.00"]

    click(qtbot, child(window, QPushButton, "report_pdf"))
    [pdf_path] = (window.data_dir / "reports").glob("*.pdf")
    pdf = QPdfDocument()
    pdf.load(str(pdf_path))
    text = " ".join(pdf.getAllText(p).text() for p in range(pdf.pageCount())).split()
    words = " ".join(text)
    assert UNPAID_LINE in words, words
    window.dialog.close()
