"""A typed numeric code that has expired is not called "not a valid kinpay code".

Found live (zh_CN): the tablet's numeric code noted, typed 75 s later: the till said "这不是
有效的 kinpay 付款码" (not a valid kinpay code; ask them to show it again). A numeric code
carries no time, and the server answers an old one as it answers a wrong one
("code_invalid"); its check digit was right, so it is most likely one the tablet showed a
while ago. The till now says the typed code has expired or is wrong, and to type the one
the tablet shows now; "Try again" waits for it."""

from __future__ import annotations

import time
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget

from kinpay import codes
from pos_app import receipt
from tests.pos.conftest import Tablet
from tests.pos.test_terminal import type_amount, wait_result

pytestmark = pytest.mark.gui


def test_an_expired_typed_code_is_worded_as_such(
        terminal: Any, qtbot: Any, sqlite_server: Any, tablet: Tablet) -> None:
    window = terminal()
    noted = codes.group_digits(tablet.device.numeric_at(int(time.time())))
    later = int(time.time()) + 75  # the server's clock: 75 s after the code was noted
    sqlite_server.set_clock(later)
    try:
        type_amount(qtbot, window, "300")
        qtbot.keyClick(window, Qt.Key.Key_Return)
        assert window.state == "waiting" and window.code_input.hasFocus()
        qtbot.keyClicks(window.code_input, noted)
        qtbot.keyClick(window.code_input, Qt.Key.Key_Return)
        wait_result(qtbot, window, "declined")
    finally:
        sqlite_server.set_clock(None)
    detail = window.result.detail.text()
    assert detail == ("The typed code has expired or is wrong. "
                      "Type the code the tablet shows now.")
    assert "not a valid" not in detail
    card = window.result
    assert card.buttons["retry"].isVisibleTo(card)  # the current code can pass
    qtbot.mouseClick(card.buttons["retry"], Qt.MouseButton.LeftButton)
    assert window.state == "waiting" and window.total.text() == "¥3.00"
    qtbot.waitUntil(window.code_input.hasFocus, timeout=5_000)
    qtbot.keyClicks(window.code_input,
                    codes.group_digits(tablet.device.numeric_at(int(time.time()))))
    qtbot.keyClick(window.code_input, Qt.Key.Key_Return)
    wait_result(qtbot, window, "approved")


def test_todays_list_and_the_receipt_word_a_declined_typed_code_as_the_card_does(
        terminal: Any, qtbot: Any, sqlite_server: Any, tablet: Tablet) -> None:
    """Live: the card said the typed code had expired or was wrong, while today's list and
    the receipt still read "This is not a valid kinpay code" (they worded the journal's
    code_invalid). A scanned code the server doesn't know keeps those words."""
    window = terminal()
    noted = codes.group_digits(tablet.device.numeric_at(int(time.time())))
    sqlite_server.set_clock(int(time.time()) + 75)
    try:
        type_amount(qtbot, window, "300")
        qtbot.keyClick(window, Qt.Key.Key_Return)
        qtbot.keyClicks(window.code_input, noted)
        qtbot.keyClick(window.code_input, Qt.Key.Key_Return)
        wait_result(qtbot, window, "declined")
    finally:
        sqlite_server.set_clock(None)
    row = window.store.get(window.shown.key)
    assert row is not None and row.decline_code == "code_invalid"  # the server's code kept
    assert row.code.startswith("sha256:")  # the typed code itself is not kept
    window.open_history()
    table = window.dialog.findChild(QTableWidget, "history_table")
    assert table.item(0, 2).text() == "Declined · The typed code has expired or is wrong."
    window.dialog.close()
    slip = receipt.receipt_of(row, "Corner Shop", "T1")
    assert slip.detail == ("The typed code has expired or is wrong. "
                           "Type the code the tablet shows now.")
    # A scanned code the server doesn't know is still "not a valid kinpay code".
    window.on_action("new")
    type_amount(qtbot, window, "300")
    qtbot.keyClick(window, Qt.Key.Key_Return)
    window.take("kp1.not-a-code-the-server-knows", time.perf_counter())
    wait_result(qtbot, window, "declined")
    scanned = window.store.get(window.shown.key)
    assert scanned is not None and not scanned.typed
    assert receipt.receipt_of(scanned, "Corner Shop", "T1").detail.startswith(
        "This is not a valid kinpay code.")
