"""A refund sent and never answered is the till's to finish (live QA 36 §1).

Live: the link went down while a refund was on its way; the dialog said "not confirmed,
press Refund again"; the server had done it when it woke up, but the till's Today and End of
day left it out and End of day said in green that everything was sent. Now the till sends a
journalled, unanswered refund again by itself under the same key once the link is back, and
until it is answered Today and End of day say it is not confirmed (retrying), never "all
sent". On a real server, the answer lost on a real socket (HoldingProxy).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QTableWidget

from kinpay.client import Client
from pos_app import report
from tests.pos.conftest import Tablet
from tests.pos.test_screens import child, confirm_refund, sell

pytestmark = pytest.mark.gui

ALL_SENT = "Every offline payment has been sent to the server."


def _server_refunded(world: dict[str, Any], payment_id: str) -> int:
    with Client(world["server_url"], token=world["merchant"]["api_key"]) as c:
        [payment] = [p for p in c.payments() if p.id == payment_id]
        return payment.refunded


def test_an_unanswered_refund_is_said_and_sent_again_by_the_till(
        terminal: Any, qtbot: Any, proxy: Any, sqlite_world: dict[str, Any],
        tablet: Tablet, tmp_path: Path) -> None:
    window = terminal(server_url=proxy.url, timeout_s=0.5)
    key = sell(qtbot, window, "860", tablet.code())
    row = window.store.get(key)
    assert row is not None and row.payment_id
    # The refund reaches the server; its answer never comes back (nor any refund's).
    proxy.marker = b"/refunds "
    proxy.hold = True
    dlg = window.refund_dialog(key)
    screen = dlg.property("screen")
    screen.request(True)
    confirm_refund(qtbot, window)
    qtbot.waitUntil(lambda: "not confirmed" in screen.note.text(), timeout=15_000)
    note = screen.note.text()
    assert "the till is offline or the link is down" in note, note
    assert "sends it again by itself" in note, note
    qtbot.waitUntil(lambda: _server_refunded(sqlite_world, row.payment_id) == 860,
                    timeout=10_000)  # the server did it
    assert window.store.pending_refund(key) is not None
    dlg.close()

    # Today: the refund is said, not confirmed, beside the sale and under the list.
    window.open_history()
    summary = child(window, QLabel, "history_summary").text()
    assert "refunds −¥8.60 not confirmed (retrying)" in summary, summary
    table = child(window, QTableWidget, "history_table")
    refunded = [table.item(i, 4).text() for i in range(table.rowCount())]
    assert "¥8.60 not confirmed (retrying)" in refunded, refunded
    window.dialog.close()
    # End of day: never "all sent" while it waits; its own line, not in the net.
    window.open_report()
    pending = child(window, QLabel, "report_pending").text()
    assert ALL_SENT not in pending, pending
    assert "Refunds not confirmed: 1, ¥8.60 in all." in pending, pending
    report_table = child(window, QTableWidget, "report_table")
    cells = {report_table.item(i, 0).text(): report_table.item(i, 2).text()
             for i in range(report_table.rowCount())}
    assert cells["Refunds not confirmed (retrying)"] == "−¥8.60", cells
    assert cells["Net takings (approved − refunds)"] == "¥8.60", cells
    window.dialog.close()
    # The CSV and the printed report say it apart too.
    day = report.compute(window.store, "CNY")
    with report.write_csv(day, tmp_path / "day.csv").open(encoding="utf-8-sig") as fh:
        lines = list(csv.reader(fh))
    statuses = [line[1] for line in lines[1:lines.index([])]]
    assert statuses.count("refund_unconfirmed") == 1 and "refund" not in statuses, statuses
    assert [r[1] for r in report.refund_lines(day)] == ["¥8.60 · not confirmed (retrying)"]

    # The link is back: the till sends it again by itself, the same key, paid once.
    proxy.hold = False
    qtbot.waitUntil(lambda: window.store.pending_refund(key) is None, timeout=15_000)
    assert _server_refunded(sqlite_world, row.payment_id) == 860  # never twice
    done = window.store.get(key)
    assert done is not None and done.refunded == 860
    qtbot.waitUntil(lambda: "The refund of ¥8.60 that was not confirmed went through."
                    in window.status.notice.text(), timeout=5_000)  # said on the till too
    window.open_report()
    pending = child(window, QLabel, "report_pending").text()
    assert pending == ALL_SENT, pending
    report_table = child(window, QTableWidget, "report_table")
    cells = {report_table.item(i, 0).text(): report_table.item(i, 2).text()
             for i in range(report_table.rowCount())}
    assert "Refunds not confirmed (retrying)" not in cells, cells
    assert cells["Net takings (approved − refunds)"] == "¥0.00", cells
