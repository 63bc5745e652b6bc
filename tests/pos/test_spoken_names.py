"""What a screen reader says of the till's controls: every field, list, table and key has a
name that says what it is (tests/a11y.py). Before, the refund's two amounts, every field of
Settings, the typed-code field, the manager's PIN, the sales tables and the basket were
read as "edit text" or "table" with nothing more, and ⌫ as its sign's name or nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from pos_app.core import pin
from tests.a11y import spoken_name, unnamed

pytestmark = pytest.mark.gui


def test_the_sale_screen_names_every_control(qtbot: Any, terminal: Callable[..., Any]) -> None:
    window = terminal()
    assert unnamed(window) == []
    assert spoken_name(window.keypad.buttons["back"]) == "Delete the last digit"
    window.press("1")
    window.charge()  # the typed-code field is on now, its hint still showing
    assert spoken_name(window.code_input) == "Type the code, Enter"
    assert unnamed(window) == []
    window.cancel()
    window.parts.mode_items.click()  # the products and the basket
    qtbot.waitUntil(lambda: window.basket.isVisibleTo(window), timeout=5_000)
    assert unnamed(window) == []


@pytest.mark.parametrize("opener", ["open_refund", "open_settings", "open_history",
                                    "open_report"])
def test_each_dialog_names_every_control(qtbot: Any, terminal: Callable[..., Any],
                                         opener: str) -> None:
    window = terminal()
    getattr(window, opener)()
    dialog = window.dialog
    assert dialog is not None
    assert unnamed(dialog) == []
    dialog.reject()


def test_the_refund_and_settings_fields_say_their_labels(
    terminal: Callable[..., Any]
) -> None:
    window = terminal()
    window.open_refund()
    refund = window.dialog
    assert spoken_name(_child(refund, "refund_amount")) == "Amount to refund"
    assert spoken_name(_child(refund, "refund_other")) == "Give back in cash or to the card"
    refund.reject()
    window.open_settings()
    settings = window.dialog
    assert spoken_name(_child(settings, "set_floor")) == "Offline floor limit (CNY)"
    assert spoken_name(_child(settings, "set_count")) == "Offline payments per allowance"
    assert spoken_name(_child(settings, "set_pin_again")) == "Manager PIN (again)"
    settings.reject()


def test_the_managers_pin_field_is_named(terminal: Callable[..., Any]) -> None:
    window = terminal(manager_pin_hash=pin.hash_pin("2468", iterations=1000))
    window.open_settings()  # asks for the PIN first
    dialog = window.dialog
    assert dialog.objectName() == "pin"
    assert spoken_name(_child(dialog, "manager_pin")) == "Manager PIN"
    assert unnamed(dialog) == []
    dialog.reject()


def _child(root: Any, name: str) -> QWidget:
    found = root.findChild(QWidget, name)
    assert found is not None, f"no widget {name!r}"
    return found
