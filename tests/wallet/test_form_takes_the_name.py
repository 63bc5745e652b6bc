"""A new allowance's form takes the keys in its first field, the child's name; the form that
changes limits, in the first limit. Live (zh_CN, a parent's wallet at 900x720): "+ Give
spending money" opened the form with the keys left on the button that opened it (now
hidden), and the name typed at once went nowhere."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import parent_signed_in

pytestmark = pytest.mark.gui


def test_the_new_allowance_form_types_into_the_childs_name(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    payer = parent_signed_in(qtbot, make_window, sqlite_world, (900, 720))
    payer.window().activateWindow()
    qtbot.mouseClick(payer.home.new_grant, Qt.MouseButton.LeftButton)
    assert payer.stack.currentWidget() is payer.form
    qtbot.waitUntil(lambda: QApplication.focusWidget() is payer.form.delegate, timeout=5000)
    qtbot.keyClicks(QApplication.focusWidget(), "lily")
    assert payer.form.delegate.text() == "lily"


def test_change_limits_types_over_the_first_limit(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    """Change limits: the keys in the per-payment limit, all of it selected, so that a new
    figure typed replaces it (it went nowhere, as the new form's name did)."""
    payer = parent_signed_in(qtbot, make_window, sqlite_world, (900, 720))
    payer.window().activateWindow()
    card = next(iter(payer.home.grant_cards.values()))
    change = card.findChild(type(payer.home.new_grant), "changeButton")
    qtbot.mouseClick(change, Qt.MouseButton.LeftButton)
    field = payer.form.amounts["per_payment"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field, timeout=5000)
    qtbot.keyClicks(QApplication.focusWidget(), "80")
    assert field.text() == "80"
