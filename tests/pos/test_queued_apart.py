"""Live test 34 §4 (c72): offline, Today's sales said "8 sales · 2 approved · net ¥54.00",
where ¥38.00 of it was accepted offline and not yet sent (¥5.00 of which the server then
refused). A sale taken offline is not takings until the server settles it: Today and End
of day give the net of approved sales, and say the queued money apart. Real window, real
server (stopped for the offline sale, started again for its upload)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableWidget

from tests.pos.conftest import Tablet, settle
from tests.pos.test_screens import child, sell
from tests.pos.test_terminal import charge_by_wedge, type_amount, wait_result

pytestmark = pytest.mark.gui


def report_cells(window: Any) -> dict[str, tuple[str, str]]:
    table = child(window, QTableWidget, "report_table")
    return {table.item(i, 0).text(): (table.item(i, 1).text(), table.item(i, 2).text())
            for i in range(table.rowCount())}


def today_summary(window: Any) -> str:
    window.open_history()
    settle()
    text = str(child(window, QLabel, "history_summary").text())
    window.dialog.close()
    return text


def test_sales_taken_offline_are_said_apart_until_the_server_settles_them(
        terminal: Any, qtbot: Any, sqlite_server: Any, tablet: Tablet, shot: Any) -> None:
    window = terminal(floor_limit_minor=2000)
    qtbot.waitUntil(lambda: window.online is True and bool(window.cache.keys), timeout=10_000)
    sell(qtbot, window, "300", tablet.code())  # ¥3.00, approved online
    sqlite_server.stop()
    qtbot.waitUntil(lambda: window.online is False, timeout=10_000)
    type_amount(qtbot, window, "600")
    charge_by_wedge(qtbot, window, tablet.code())
    wait_result(qtbot, window, "offline_approved")
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert window.store.count("queued") == 1

    assert today_summary(window) == (
        "2 sales · 1 approved · net ¥3.00 · ¥6.00 offline, not yet confirmed")
    window.open_report()
    settle()
    cells = report_cells(window)
    assert cells["Approved"] == ("1", "¥3.00")
    assert cells["Accepted offline, not yet sent"] == ("1", "¥6.00")
    assert cells["Net takings (approved − refunds)"] == ("", "¥3.00")
    shot(window.dialog, "report-queued-apart")
    window.dialog.close()

    # The server back, the sale uploaded and approved: now it is takings.
    sqlite_server.start()
    qtbot.waitUntil(lambda: window.store.count("queued") == 0, timeout=30_000)
    assert today_summary(window) == "2 sales · 2 approved · net ¥9.00"
