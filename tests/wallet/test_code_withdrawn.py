"""Live QA 36 §5: the tablet kept publishing `current-code.json` ("the code on screen
now", wallet_app/__init__.py) while the child was on "My purchases" with no code on
screen, and the demo's camera paid with it. The file is withdrawn while the code is not
shown, and published again, with the code on screen, when it is. Real server, real
windows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS
from tests.wallet.test_tablet_follows import tablet_paired_elsewhere

pytestmark = pytest.mark.gui


def test_the_code_file_is_there_only_while_the_code_is_on_screen(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any], tmp_path: Path,
) -> None:
    world = sqlite_world
    window, kid = tablet_paired_elsewhere(make_window, world, tmp_path / "wallet-tablet",
                                          dead_url=world["server_url"])
    qtbot.waitUntil(lambda: kid.online, timeout=WAIT_MS)
    path = window.folder.code_path
    source = kid.source
    assert source is not None and source.frame is not None
    assert json.loads(path.read_text())["code"] == source.frame.code

    qtbot.mouseClick(kid.code_screen.purchases_button, Qt.MouseButton.LeftButton)
    assert kid.stack.currentWidget() is kid.purchases_page
    assert not path.exists(), "the code file stayed while the tablet showed My purchases"
    source.payment_used()  # a rotation while away: still nothing published
    assert not path.exists(), "a rotation published the code while it was not on screen"

    qtbot.mouseClick(kid.purchases_page.back, Qt.MouseButton.LeftButton)
    assert kid.stack.currentWidget() is kid.code_screen
    assert path.exists(), "the code file did not come back with the code screen"
    assert json.loads(path.read_text())["code"] == source.frame.code
