"""Live 33 §16 (e40): sales taken offline showed an empty Child column in Today's sales
until they were uploaded. The code's certificate names the allowance (its grant id), not
the child; but the till has heard the server name the child of that allowance in an
earlier answer here, and says so. Real window, real server (stopped for the offline
sale), the list as the cashier opens it."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget

from tests.pos.conftest import Tablet, settle
from tests.pos.test_screens import sell
from tests.pos.test_terminal import charge_by_wedge, type_amount, wait_result

pytestmark = pytest.mark.gui
CHILD_COLUMN = 3


def test_an_offline_sale_names_the_child_before_it_is_uploaded(
        terminal: Any, qtbot: Any, sqlite_server: Any, tablet: Tablet, shot: Any) -> None:
    window = terminal()
    qtbot.waitUntil(lambda: window.online is True and bool(window.cache.keys), timeout=10_000)
    sell(qtbot, window, "300", tablet.code())  # online: the server names the child
    sqlite_server.stop()
    qtbot.waitUntil(lambda: window.online is False, timeout=10_000)
    type_amount(qtbot, window, "600")
    charge_by_wedge(qtbot, window, tablet.code())
    wait_result(qtbot, window, "offline_approved")
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert window.store.count("queued") == 1
    # Declined offline (over the floor limit): its row names the child too (live QA 36
    # §16: it was empty, the code's allowance known all along).
    type_amount(qtbot, window, "4500")
    charge_by_wedge(qtbot, window, tablet.code())
    wait_result(qtbot, window, "offline_declined")
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    window.open_history()
    settle()
    table = window.dialog.findChild(QTableWidget, "history_table")
    rows = {table.item(i, 1).text(): (table.item(i, 2).text(),
                                      table.item(i, CHILD_COLUMN).text())
            for i in range(table.rowCount())}
    assert rows["¥6.00"] == ("Offline · queued", "Lily"), rows
    assert rows["¥3.00"] == ("Approved", "Lily"), rows
    assert rows["¥45.00"][1] == "Lily", rows
    shot(window.dialog, "today-offline-child")
    window.dialog.close()
    sqlite_server.start()
