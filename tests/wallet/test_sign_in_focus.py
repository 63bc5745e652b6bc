"""The sign-in page takes the keys where a person types first. Live (zh_CN, a parent's
new wallet): the window opened with no field focused, the parent's name typed at once went
nowhere, and after Tab the password went into the name's field, in plain sight. Now the
name's field has the keys on a new wallet, the password's when the name is remembered."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.servers import free_port
from tests.wallet.conftest import WindowFactory
from wallet_app.settings import DataFolder, Settings

pytestmark = pytest.mark.gui


def focused_name() -> str:
    w = QApplication.focusWidget()
    return w.objectName() if w is not None else "nothing"


def test_a_new_wallet_types_into_the_name(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window("new", server_url=f"http://127.0.0.1:{free_port()}", role="payer")
    window.activateWindow()
    qtbot.waitUntil(lambda: focused_name() == "userName", timeout=5000)


def test_a_remembered_name_types_into_the_password(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path,
) -> None:
    kept = Settings(DataFolder(tmp_path / "wallet-back"))
    kept.user_name = "mei"
    kept.sync()
    window = make_window("back", server_url=f"http://127.0.0.1:{free_port()}", role="payer")
    window.activateWindow()
    assert window.sign_in.name.text() == "mei"
    qtbot.waitUntil(lambda: focused_name() == "password", timeout=5000)
