"""Live QA 39: on the demo's tablet (440x352, at the screen's foot) a "Paid" banner that
found no clear place took a strip at the top, the window grew 40 px to keep its least
height, and stayed so after the banner went: its last lines below the screen's foot, a gap
above its buttons. The window now returns to its height when the strip is given back.
Real server, real windows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, pay
from tests.wallet.test_tablet_follows import tablet_paired_elsewhere
from wallet_app.delegate.window import DelegateShell

pytestmark = pytest.mark.gui
DEMO_TILE = QSize(440, 352)  # the tablet's tile in `make demo` at 1366x768


def tile_of(tablet: QWidget) -> QSize:
    """The demo's tile, or the window's least size where that is more (the offscreen
    platform's fonts make the window taller than under X): the height with nothing to
    spare for a strip."""
    tile = DEMO_TILE.expandedTo(tablet.minimumSizeHint())
    tablet.resize(tile)
    QApplication.processEvents()
    assert tablet.size() == tile, f"the window would not take {tile}: {tablet.size()}"
    return tile


def paid_on_the_tile(qtbot: QtBot, make_window: WindowFactory, world: dict[str, Any],
                     tmp_path: Path) -> tuple[QWidget, DelegateShell, QSize]:
    """A paired tablet at the demo's tile, paid ¥3.00: its banner shows and takes a strip."""
    tablet, kid = tablet_paired_elsewhere(make_window, world, tmp_path / "wallet-tablet",
                                          dead_url=world["server_url"])
    tile = tile_of(tablet)
    qtbot.waitUntil(lambda: kid.online, timeout=WAIT_MS)
    assert kid.source is not None and kid.source.frame is not None
    assert pay(world, kid.source.frame.code, 300).status == "approved"
    qtbot.waitUntil(lambda: kid.asking.isVisible()
                    and kid.asking.title.text() == "Paid ¥3.00", timeout=WAIT_MS)
    # The case under test: at this size the banner finds no clear place and takes a strip,
    # which the window's least height can't spare.
    qtbot.waitUntil(lambda: kid.layout().contentsMargins().top() > 0, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: tablet.height() > tile.height(), timeout=WAIT_MS)
    return tablet, kid, tile


def test_the_tablet_gives_back_the_height_its_banner_took(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any], tmp_path: Path,
) -> None:
    tablet, kid, tile = paid_on_the_tile(qtbot, make_window, sqlite_world, tmp_path)
    kid.asking.hide()
    assert kid.layout().contentsMargins().top() == 0, "the banner's strip stayed"
    try:
        qtbot.waitUntil(lambda: tablet.size() == tile, timeout=WAIT_MS)
    except Exception:
        raise AssertionError(f"the window stayed {tablet.size()}, was {tile}; least "
                             f"{tablet.minimumSizeHint()}") from None


def test_a_window_made_full_screen_meanwhile_is_left_so(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any], tmp_path: Path,
) -> None:
    tablet, kid, _tile = paid_on_the_tile(qtbot, make_window, sqlite_world, tmp_path)
    tablet.showFullScreen()
    full = tablet.screen().geometry().size()
    qtbot.waitUntil(lambda: tablet.isFullScreen() and tablet.size() == full, timeout=WAIT_MS)
    kid.asking.hide()
    qtbot.wait(100)  # past the resize the window would have had
    assert tablet.isFullScreen() and tablet.size() == full
