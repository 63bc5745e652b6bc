"""Refunds and Settings behind the manager's PIN (stored hashed), each refund confirmed,
and a refund's key written before it is sent, so a refund whose answer was lost is never
paid twice, across a closed dialog or a restarted terminal (issue 10 §8). Real server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QTableWidget

from kinpay.client import Client
from tests.pos.conftest import Tablet
from tests.pos.test_screens import child, click, confirm_refund, sell

pytestmark = pytest.mark.gui


def _set_pin(qtbot: Any, window: Any, value: str) -> None:
    window.open_settings()
    assert window.dialog.objectName() == "settings"
    child(window, QLineEdit, "set_pin").setText(value)
    child(window, QLineEdit, "set_pin_again").setText(value)  # typed twice, as asked
    click(qtbot, child(window, QPushButton, "settings_save"))
    assert window.dialog is None


def _enter_pin(qtbot: Any, window: Any, value: str) -> None:
    assert window.dialog.objectName() == "pin"
    field = child(window, QLineEdit, "manager_pin")
    qtbot.keyClicks(field, value)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_the_manager_pin_guards_refunds_and_settings(terminal: Any, qtbot: Any,
                                                     tablet: Tablet, shot: Any) -> None:
    window = terminal()
    sell(qtbot, window, "800", tablet.code())
    _set_pin(qtbot, window, "2468")
    ini = (window.data_dir / "settings.ini").read_text()
    assert "2468" not in ini and "pbkdf2_sha256$" in ini  # stored hashed
    for open_it, expected in ((window.open_settings, "settings"),
                              (window.open_refund, "refund"),
                              (window.open_history, "history")):
        open_it()
        if expected == "history":  # the history itself is open; its Refund… is not
            click(qtbot, child(window, QPushButton, "history_refund"))
        _enter_pin(qtbot, window, "1357")
        assert window.dialog.objectName() == "pin"
        assert child(window, QLabel, "pin_note").text() == "That is not the manager’s PIN."
        shot(window.dialog, "manager-pin")
        _enter_pin(qtbot, window, "2468")
        assert window.dialog.objectName() == ("refund" if expected == "history" else expected)
        window.dialog.close()
    # Guessing is slow: five wrong tries lock the PIN out for a while.
    window.open_settings()
    for _ in range(5):  # docs/security.md row 58: five wrong tries lock the PIN
        _enter_pin(qtbot, window, "0000")
    _enter_pin(qtbot, window, "2468")
    assert window.dialog.objectName() == "pin"
    assert "Too many wrong tries" in child(window, QLabel, "pin_note").text()
    window.dialog.close()


def test_a_refund_is_asked_before_it_is_sent(terminal: Any, qtbot: Any,
                                             sqlite_world: dict[str, Any],
                                             tablet: Tablet) -> None:
    window = terminal()
    key = sell(qtbot, window, "1200", tablet.code())
    window.open_refund()
    click(qtbot, child(window, QPushButton, "refund_full"))
    assert child(window, QPushButton, "refund_confirm").isVisibleTo(window.dialog)
    click(qtbot, child(window, QPushButton, "refund_cancel"))
    assert not child(window, QPushButton, "refund_confirm").isVisibleTo(window.dialog)
    assert _refunded(sqlite_world, window, key) == 0
    assert window.store.pending_refund(key) is None
    window.dialog.close()


def test_a_double_tap_on_refund_all_does_not_confirm_the_refund(
    terminal: Any, qtbot: Any, sqlite_world: dict[str, Any], tablet: Tablet
) -> None:
    """"Yes, refund" appears where "Refund all" was. A cashier's double tap (or a held
    Enter) on "Refund all" must not answer a question nobody has read yet."""
    window = terminal()
    key = sell(qtbot, window, "1200", tablet.code())
    window.open_refund()
    full = child(window, QPushButton, "refund_full")
    yes = child(window, QPushButton, "refund_confirm")
    where = full.mapTo(window.dialog, full.rect().center())
    click(qtbot, full)
    assert yes.isVisibleTo(window.dialog)
    assert yes.geometry().contains(yes.parentWidget().mapFrom(window.dialog, where))
    click(qtbot, yes)  # the double tap's second half, at once
    qtbot.keyClick(yes, Qt.Key.Key_Return)  # and a held Enter
    note = child(window, QLabel, "refund_note")
    # Still asking:
    assert note.text().startswith("Refund ¥12.00 of Lily's ¥12.00 payment to Mei's account?")
    assert window.store.pending_refund(key) is None
    assert _refunded(sqlite_world, window, key) == 0
    confirm_refund(qtbot, window)  # a moment later, read and meant
    qtbot.waitUntil(lambda: note.text().startswith("Refunded ¥12.00"), timeout=10_000)
    assert _refunded(sqlite_world, window, key) == 1200
    window.dialog.close()


def _refunded(world: dict[str, Any], window: Any, key: str) -> int:
    with Client(world["server_url"], token=world["merchant"]["api_key"]) as c:
        return c.payment(str(window.store.get(key).payment_id)).refunded


def _refund_part(qtbot: Any, window: Any, text: str) -> Any:
    note = _refund_ask(qtbot, window, text)
    confirm_refund(qtbot, window)
    return note


def _refund_ask(qtbot: Any, window: Any, text: str) -> Any:
    """Refund, the amount typed, "Refund this amount": the question, not yet answered."""
    window.open_refund()
    child(window, QLineEdit, "refund_amount").setText(text)
    click(qtbot, child(window, QPushButton, "refund_part"))
    return child(window, QLabel, "refund_note")


def test_a_lost_refund_answer_is_never_paid_twice(terminal: Any, qtbot: Any, proxy: Any,
                                                  tmp_path: Path,
                                                  sqlite_world: dict[str, Any],
                                                  tablet: Tablet) -> None:
    data = tmp_path / "till"
    window = terminal(server_url=proxy.url, timeout_s=0.5, data=data)
    key = sell(qtbot, window, "1200", tablet.code())
    proxy.marker, proxy.hold = b"/refunds ", True
    note = _refund_part(qtbot, window, "5")
    qtbot.waitUntil(lambda: "not confirmed" in note.text(), timeout=15_000)
    assert proxy.held >= 1
    assert _refunded(sqlite_world, window, key) == 500  # the server did refund
    pending = window.store.pending_refund(key)
    assert pending is not None and pending["amount"] == 500  # kept before it was sent
    window.dialog.close()
    window.shutdown()
    # A restarted terminal sends the unanswered refund again by itself, with its key
    # (live QA 36 §1): done once, not twice.
    proxy.hold = False
    again = terminal(server_url=proxy.url, timeout_s=0.5, data=data)
    qtbot.waitUntil(lambda: again.store.pending_refund(key) is None, timeout=15_000)
    assert _refunded(sqlite_world, again, key) == 500  # once, not twice
    assert again.store.get(key).refunded == 500
    # A cashier who asks for the same refund again is told it went through already.
    note = _refund_ask(qtbot, again, "5")
    assert note.text().endswith("¥5.00 of it was refunded already."), note.text()
    table = child(again, QTableWidget, "refund_table")
    assert table.item(table.currentRow(), 4).text() == "¥5.00"
    assert _refunded(sqlite_world, again, key) == 500
    again.dialog.close()
