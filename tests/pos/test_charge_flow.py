"""A sale is entry → Charge (the amount locked) → code → result, on the real window, with
real QR frames through the real scan path and a real server (issue 10 §2, §3)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kinpay import codes
from pos_app.core.settle import Outcome, SaleRequest
from pos_app.scan.camera import open_camera
from tests.pos.conftest import Tablet, code_frames
from tests.pos.test_terminal import charge_by_wedge, terminal_payments, type_amount, wait_result

pytestmark = pytest.mark.gui

KEY_GAP_MS = 70  # a cashier's typing: tens of milliseconds between keys


def test_a_code_in_view_while_typing_is_charged_once_for_the_full_amount(
        terminal: Any, qtbot: Any, tmp_path: Path, sqlite_world: dict[str, Any],
        tablet: Tablet) -> None:
    text = tablet.code()
    folder = code_frames(text, tmp_path / "replay", empty=0, with_code=3)
    window = terminal(camera=lambda: open_camera(str(folder), fps=15.0, loop=True))
    # The camera has found the code before the first key (the window noted it as ready).
    qtbot.waitUntil(lambda: window.preview.outline != [], timeout=15_000)
    for ch in "1250":
        qtbot.keyClick(QApplication.focusWidget() or window, ch)
        qtbot.wait(KEY_GAP_MS)
    assert window.total.text() == "¥12.50"
    assert window.state == "entry"
    assert terminal_payments(sqlite_world) == []  # nothing is charged before Charge
    qtbot.waitUntil(lambda: window.prompt.text().startswith("Code ready"), timeout=15_000)
    qtbot.keyClick(window, Qt.Key.Key_Return)  # Charge
    wait_result(qtbot, window, "approved")
    assert window.result.amount.text() == "¥12.50"
    # The code stays in view after the sale: more frames are decoded, nothing more is paid.
    decoded = window.scan_worker.frames_decoded
    window.on_action("new")
    qtbot.waitUntil(lambda: window.scan_worker.frames_decoded >= decoded + 10, timeout=15_000)
    qtbot.waitUntil(lambda: window.status.pending == 0, timeout=10_000)
    assert [(p.amount, p.status) for p in terminal_payments(sqlite_world)] == [
        (1250, "approved")]
    assert window.state == "entry" and window.sale.empty


def test_enter_on_a_decline_starts_a_new_sale_from_zero(
        terminal: Any, qtbot: Any, sqlite_world: dict[str, Any], tablet: Tablet) -> None:
    window = terminal()
    # A decline the payer can't lift (the same code twice); one they could offers "Ask"
    # as the highlighted action instead (tests/pos/test_ask.py).
    code = tablet.code()
    type_amount(qtbot, window, "6000")  # above the allowance's ¥50.00 per payment
    charge_by_wedge(qtbot, window, code)
    wait_result(qtbot, window, "declined")
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    type_amount(qtbot, window, "100")
    charge_by_wedge(qtbot, window, code)
    wait_result(qtbot, window, "declined")
    assert window.result.detail.text().startswith("This code was already used")
    highlighted = [b for b in window.result.buttons.values()
                   if b.isVisibleTo(window.result) and b.property("role") == "primary"]
    assert [b.text() for b in highlighted] == ["New sale  ⏎"]
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert window.state == "entry" and window.sale.empty
    type_amount(qtbot, window, "300")
    assert window.total.text() == "¥3.00"
    charge_by_wedge(qtbot, window, tablet.code())
    wait_result(qtbot, window, "approved")
    assert sorted(p.amount for p in terminal_payments(sqlite_world)) == [100, 300, 6000]


@pytest.mark.parametrize("kind", ["approved", "offline_approved", "declined",
                                  "offline_declined", "error", "unknown"])
def test_enter_does_what_the_highlighted_button_says(terminal: Any, qtbot: Any,
                                                     kind: str) -> None:
    window = terminal()
    type_amount(qtbot, window, "450")
    window.charge()
    window.current = SaleRequest("k" * 32, "unused", 450, "CNY")
    window.state = "sending"
    window.show_result(Outcome(kind, "k" * 32, 450, "CNY", "a message"))
    highlighted = [name for name, b in window.result.buttons.items()
                   if b.isVisibleTo(window.result) and b.property("role") == "primary"]
    assert len(highlighted) == 1
    button = window.result.buttons[highlighted[0]]
    label = button.text()
    assert label == {"unknown": "Check again  ⏎", "error": "Try again  ⏎"}.get(
        kind, "New sale  ⏎")
    asked: list[str] = []
    window.retry_requested.connect(asked.append)
    qtbot.keyClick(window, Qt.Key.Key_Return)
    if kind == "unknown":
        assert window.state == "sending" and asked == ["k" * 32]
        assert window.sale.total_minor == 450
    elif kind == "error":
        # Nothing was sent: the same ¥4.50 is charged again, waiting for a code.
        assert window.state == "waiting" and window.sale.total_minor == 450
        assert asked == []
    else:
        assert window.state == "entry" and window.sale.empty and asked == []


def test_a_typo_in_the_typed_code_keeps_the_field_and_says_why(
        terminal: Any, qtbot: Any, sqlite_world: dict[str, Any], tablet: Tablet) -> None:
    window = terminal()
    type_amount(qtbot, window, "700")
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert window.state == "waiting" and window.code_input.hasFocus()
    good = codes.group_digits(tablet.device.numeric_at(int(time.time())))
    typo = good[:-2]  # two digits short
    qtbot.keyClicks(window.code_input, typo)
    qtbot.keyClick(window.code_input, Qt.Key.Key_Return)
    assert window.state == "waiting"
    assert window.code_input.text() == typo
    assert window.prompt.text().startswith("Not a code this terminal can take")
    assert terminal_payments(sqlite_world) == []


def test_a_code_before_charge_is_never_taken(terminal: Any, qtbot: Any,
                                            sqlite_world: dict[str, Any],
                                            tablet: Tablet) -> None:
    window = terminal()
    type_amount(qtbot, window, "320")
    # A keyboard-wedge scanner fires before Charge: refused with a reason, not charged.
    qtbot.keyClicks(window, tablet.code())
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert window.state == "entry"
    assert window.prompt.text() == "Press Charge first, then scan or type the code."
    assert window.total.text() == "¥3.20"
    # After Charge the amount is locked: a digit changes nothing.
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert window.state == "waiting"
    window.press("9")
    assert window.total.text() == "¥3.20"
    assert "locked" in window.prompt.text()
    # Esc, from the code field that has the keyboard, unlocks the amount to change it.
    qtbot.keyClick(window.code_input, Qt.Key.Key_Escape)
    assert window.state == "entry" and window.total.text() == "¥3.20"
    type_amount(qtbot, window, "5")
    assert window.total.text() == "¥32.05"
    assert terminal_payments(sqlite_world) == []
