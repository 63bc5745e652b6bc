"""The sign-in page takes the keys where a person types first. Live (zh_CN, a parent's
new wallet): the window opened with no field focused, the parent's name typed at once went
nowhere, and after Tab the password went into the name's field, in plain sight. Now the
name's field has the keys on a new wallet, the password's when the name is remembered; the
child's pairing page puts them in the pairing code's field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.servers import free_port
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, sign_in
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


def test_the_tablets_pairing_page_types_into_the_code(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
) -> None:
    """The child signed in on a tablet not paired yet: the pairing code typed at once (live,
    zh_TW: it went nowhere)."""
    child = sqlite_world["delegate"]
    window = make_window("tablet", server_url=sqlite_world["server_url"], role="delegate")
    window.activateWindow()
    sign_in(qtbot, window, child["name"], child["password"], "delegate")
    shell = window.delegate
    assert shell is not None
    qtbot.waitUntil(lambda: shell.stack.currentWidget() is shell.pair_page, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: focused_name() == "pairingCode", timeout=5000)
