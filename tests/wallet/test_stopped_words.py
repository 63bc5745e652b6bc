"""The tablet says what the parent did. Found live in the demo (繁體中文): Mei pressed
停用… (Stop…) and was told it can't be undone; Lily's tablet then said "Mei暫停了這筆
零用錢", in English "Mei has paused this spending money": a pause, to a child, is
something that comes back. The parent's card says Stopped, the till 'has stopped'."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.servers import free_port
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS
from tests.wallet.test_tablet_follows import revoke, tablet_paired_elsewhere

pytestmark = pytest.mark.gui


def test_a_stopped_allowance_is_called_stopped_on_the_tablet(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any], tmp_path: Path,
) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    _window, kid = tablet_paired_elsewhere(make_window, sqlite_world, tmp_path / "wallet-tablet",
                                           dead_url=dead)
    qtbot.waitUntil(lambda: kid.online, timeout=WAIT_MS)
    revoke(sqlite_world)
    qtbot.waitUntil(lambda: kid.stack.currentWidget() is kid.ended_page, timeout=WAIT_MS)
    assert kid.ended_page.title.text() == "Mei has stopped this spending money"
