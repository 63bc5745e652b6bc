"""The wallet opens inside the screen it is on. Found live, `kinpay wallet` on its own: the
child's app opened 800x1100 on a 900-pixel-high screen (and would on any laptop's 768),
its amount left, "New code", "My purchases" and "Full screen" below the screen's foot;
the parent's opened 900x760 on a 414-pixel-wide one, the sign-in card cut at the right.
The offscreen screen the tests run on is 800x800."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.wallet.conftest import WindowFactory

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("role", ["delegate", "payer"])
def test_the_window_opens_inside_the_screen(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any], role: str
) -> None:
    screen = QApplication.primaryScreen()
    assert screen is not None
    area = screen.availableGeometry()
    assert (area.width(), area.height()) == (800, 800)  # the test's screen, as it says
    window = make_window(role, server_url=sqlite_world["server_url"], role=role)
    qtbot.wait(50)
    frame = window.frameGeometry()
    assert area.contains(frame), (frame, area)
    # And not shrunk for nothing: as wide as it is meant to be, or as the screen allows.
    assert frame.width() >= min(area.width(), 800) - 64
