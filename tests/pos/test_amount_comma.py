"""A comma in a typed amount groups thousands, or the amount is refused: one rule at the
sale's keys, in a refund and its cash or card part, and in Settings' amounts. Found live:
"1,5" typed at the till read ¥0.15 (the comma dropped, "15" taken as the keypad's cents),
and in a refund or Settings kinpay.money read it as ¥1.50. The till speaks English and
Chinese, where a comma groups thousands: "1,500" is ¥1,500.00 and "1,500.25" has its
cents; "1,5", "12,50" or "1,5000" are refused in clear words, never guessed."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton

from kinpay.errors import AmountError
from pos_app.core.amounts import read_amount
from pos_app.core.errors import CommaError
from pos_app.core.sale import Sale
from pos_app.settings import Settings
from tests.pos.conftest import Tablet
from tests.pos.test_screens import child, click, sell
from tests.pos.test_terminal import type_amount

RULE = "A comma only groups thousands"


@pytest.mark.parametrize(("typed", "minor"), [
    ("1,500", 150_000), ("1,500.25", 150_025), ("¥1,500", 150_000), ("12,345,678", 1_234_567_800),
    ("1.5", 150), ("12.50", 1250), ("1500", 150_000), ("1,000.00", 100_000)])
def test_grouped_thousands_are_read(typed: str, minor: int) -> None:
    assert read_amount(typed, "CNY") == minor


@pytest.mark.parametrize("typed", ["1,5", "1,50", "12,5", "12,50", "1,5000", "1,50,0",
                                   "1500,5", ",5", "1,5 00", "1.500,25"])
def test_any_other_comma_is_refused(typed: str) -> None:
    with pytest.raises(CommaError):
        read_amount(typed, "CNY")


def test_the_other_refusals_stay_amount_errors() -> None:
    with pytest.raises(AmountError):
        read_amount("1,500.255", "CNY")
    with pytest.raises(AmountError):
        read_amount("abc", "CNY")


def keys(text: str) -> Sale:
    sale = Sale("CNY")
    for key in text:
        sale.press(key)
    return sale


def test_the_sales_keys_read_a_comma_by_the_same_rule() -> None:
    assert (keys("1250").total_minor, keys("12.5").total_minor) == (1250, 1250)  # as before
    assert keys("1,500").total_minor == 150_000
    assert keys("1,500.25").total_minor == 150_025
    for typed in ("1,5", "1,50", "1,5000", "1500,5", "1.50,"):
        sale = keys(typed)
        assert sale.unreadable and sale.empty and sale.total_minor == 0, typed
        assert sale.total_text() == f"¥{typed}", typed  # shown as typed, never ¥0.15
    sale = keys("1,5")
    for key in ["back", "back", ",", "5", "0", "0"]:  # the comma again, then 500
        sale.press(key)
    assert (sale.digits, sale.total_minor, sale.unreadable) == ("1,500", 150_000, False)


@pytest.mark.gui
def test_one_comma_five_at_the_till_is_not_fifteen_cents(terminal: Any, qtbot: Any) -> None:
    window = terminal()
    type_amount(qtbot, window, "1,5")
    assert window.total.text() == "¥1,5" and window.sale.total_minor == 0
    assert not window.charge_button.isEnabled()
    assert RULE in window.prompt.text()
    qtbot.keyClick(window, Qt.Key.Key_Return)  # Charge refused, in the same words
    assert window.state == "entry" and RULE in window.prompt.text()
    qtbot.keyClick(window, Qt.Key.Key_Backspace)
    type_amount(qtbot, window, "500")
    assert window.total.text() == "¥1,500.00" and window.charge_button.isEnabled()
    assert RULE not in window.prompt.text()


@pytest.mark.gui
def test_a_refund_of_one_comma_five_is_refused(terminal: Any, qtbot: Any,
                                               tablet: Tablet) -> None:
    window = terminal()
    sell(qtbot, window, "1200", tablet.code())
    window.open_refund()
    amount = child(window, QLineEdit, "refund_amount")
    amount.setText("1,5")
    click(qtbot, child(window, QPushButton, "refund_part"))
    note = child(window, QLabel, "refund_note")
    assert RULE in note.text()
    assert not child(window, QPushButton, "refund_confirm").isVisible()  # nothing asked
    amount.setText("1.5")
    click(qtbot, child(window, QPushButton, "refund_part"))
    assert "¥1.50" in note.text()


@pytest.mark.gui
def test_settings_refuse_one_comma_five(terminal: Any, qtbot: Any) -> None:
    window = terminal()
    before = window.settings.confirm_above_minor
    window.open_settings()
    child(window, QLineEdit, "set_confirm_above").setText("1,5")
    click(qtbot, child(window, QPushButton, "settings_save"))
    assert window.dialog is not None
    assert RULE in child(window, QLabel, "settings_note").text()
    assert window.settings.confirm_above_minor == before
    child(window, QLineEdit, "set_confirm_above").setText("1,500")
    click(qtbot, child(window, QPushButton, "settings_save"))
    QApplication.processEvents()
    assert window.dialog is None
    assert Settings.load(window.data_dir).confirm_above_minor == 150_000
