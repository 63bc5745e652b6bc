"""Live QA 36 §10: the tablet's "Paid / Not paid / Mei said yes" banner covered the
child's amount left (1024x768), "My purchases" and "Full screen" (1366x768), and
"← Back to my code" on the purchases page for as long as it showed; then, placed under the
way back, the page's title and the newest purchase. At every size it now covers none of
them, nor the code, and still shows whole inside the window. Real server,
real windows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, pay
from tests.wallet.test_tablet_follows import tablet_paired_elsewhere
from wallet_app.delegate.window import DelegateShell

pytestmark = pytest.mark.gui
SIZES = [QSize(300, 352), QSize(342, 352), QSize(300, 420), QSize(440, 384),
         QSize(520, 700), QSize(800, 1000), QSize(900, 420)]


def seen(kid: DelegateShell, w: QWidget, within: QRect | None = None) -> QRect:
    r = QRect(w.mapTo(kid, QPoint(0, 0)), w.size())
    return r if within is None else r.intersected(within)


def covered(kid: DelegateShell) -> list[str]:
    """The names of what the banner covers of what the child needs on this page."""
    banner = kid.asking.geometry()
    if kid.stack.currentWidget() is kid.purchases_page:
        page = kid.purchases_page
        listed = seen(kid, page.list.viewport())
        needed = {"← Back to my code": seen(kid, page.back), "My purchases": seen(kid, page.title)}
        for n, row in enumerate(page.rows()):
            needed[f"purchase {n + 1}"] = seen(kid, row, listed)
        return [name for name, r in needed.items() if not r.isEmpty() and banner.intersects(r)]
    screen = kid.code_screen
    view = seen(kid, screen.info_scroll.viewport())
    needed = {"the code": screen.qr.symbol_rect().translated(screen.qr.mapTo(kid, QPoint())),
              "the code's digits": seen(kid, screen.numeric),
              "the amount left": seen(kid, screen.left_today, view),
              "left to spend today": seen(kid, screen.left_note, view),
              "New code": seen(kid, screen.new_code_button, view),
              "My purchases": seen(kid, screen.purchases_button, view),
              "Full screen": seen(kid, screen.fullscreen_button, view),
              # Not needed to pay, but half covered it read as a line cut in two (portrait).
              "the countdown": seen(kid, screen.ring, view),
              "New code in …": seen(kid, screen.next_note, view)}
    return [name for name, r in needed.items() if not r.isEmpty() and banner.intersects(r)]


@pytest.mark.parametrize("page", ["code", "purchases"])
def test_the_paid_banner_covers_nothing_the_child_needs(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any], tmp_path: Path,
    page: str,
) -> None:
    """Each page on a tablet of its own: a banner that took a strip on one page keeps it
    on the next, and would hide what the other page does with a banner of its own."""
    world = sqlite_world
    tablet, kid = tablet_paired_elsewhere(make_window, world, tmp_path / "wallet-tablet",
                                          dead_url=world["server_url"])
    qtbot.waitUntil(lambda: kid.online, timeout=WAIT_MS)
    assert kid.source is not None and kid.source.frame is not None
    assert pay(world, kid.source.frame.code, 300).status == "approved"
    qtbot.waitUntil(lambda: kid.asking.isVisible()
                    and kid.asking.title.text() == "Paid ¥3.00", timeout=WAIT_MS)
    if page == "purchases":
        kid.show_purchases()
        qtbot.waitUntil(lambda: len(kid.purchases_page.rows()) == 1, timeout=WAIT_MS)
    for size in [tablet.minimumSizeHint(), *SIZES]:
        wanted = size.expandedTo(tablet.minimumSizeHint())
        tablet.resize(wanted)
        qtbot.waitUntil(lambda w=wanted: tablet.size() == w, timeout=WAIT_MS)
        qtbot.wait(60)  # the banner is placed once the screen is laid out
        assert kid.asking.isVisible(), f"the banner went at {wanted}"
        assert kid.rect().contains(kid.asking.geometry()), f"cut at {wanted}"
        assert not covered(kid), f"on the {page} page at {wanted} the banner covers " \
                                 f"{covered(kid)}"
    kid.asking.hide()
    assert kid.layout().contentsMargins().top() == 0, "the banner's strip stayed"


@pytest.mark.parametrize("size", [QSize(800, 1280), QSize(544, 800), QSize(1280, 800)])
def test_at_a_tablets_own_size_the_paid_banner_covers_nothing_the_child_needs(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any], tmp_path: Path,
    size: QSize,
) -> None:
    """A tablet that stays at its size (the test above goes through sizes, and a strip the
    banner took at a small one stays while it shows): in portrait the banner sat under the
    digits over the top half of "New code in 22 seconds" (the wallet's screenshots)."""
    world = sqlite_world
    tablet, kid = tablet_paired_elsewhere(make_window, world, tmp_path / "wallet-tablet",
                                          dead_url=world["server_url"])
    tablet.resize(size)
    qtbot.waitUntil(lambda: kid.online and tablet.size() == size, timeout=WAIT_MS)
    assert kid.source is not None and kid.source.frame is not None
    assert pay(world, kid.source.frame.code, 300).status == "approved"
    qtbot.waitUntil(lambda: kid.asking.isVisible()
                    and kid.asking.title.text() == "Paid ¥3.00", timeout=WAIT_MS)
    qtbot.wait(60)  # the banner is placed once the screen is laid out
    assert kid.rect().contains(kid.asking.geometry()), f"cut at {size}"
    assert not covered(kid), f"at {size} the banner covers {covered(kid)}"
