"""A new allowance's form takes the keys in its first field, the child's name. Live (zh_CN,
a parent's wallet at 900x720): "+ Give spending money" opened the form with the keys left
on the button that opened it (now hidden), and the name typed at once went nowhere."""

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
