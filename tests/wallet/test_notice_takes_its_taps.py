"""Live test 34 §17: a tap on the floating notice at the window's foot, just as its six
seconds ran out, landed on "Pairing code" under it, and a pairing code was made. A finger
on the notice now keeps it until lifted, and when its time is up it fades a moment, still
taking taps, before it goes: no tap on it reaches what is beneath. Real parent's window on
a real server, a real payment's notice, taps routed by Qt as a person's are."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot

from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, parent_signed_in, pay
from tests.wallet.phone import settle
from tests.wallet.test_tablet_follows import tablet_paired_elsewhere
from wallet_app.payer.window import PayerShell

pytestmark = pytest.mark.gui

SHORT_MS = 2_000  # the notice's time here, room to place the window; the fade is the app's


def button_beneath(payer: PayerShell) -> tuple[QAbstractButton, QPoint]:
    """A page button that comes where the notice is once it is gone, and a point on both,
    in the window's pixels. The notice floats over a strip the page gives up while it
    shows; when it goes, the page takes the strip back, and what was just below its foot
    is there, under the finger."""
    window, toast = payer.window(), payer.banner
    covered = QRect(toast.mapTo(window, QPoint(0, 0)), toast.size())
    for button in payer.stack.currentWidget().findChildren(QAbstractButton):
        if not button.isVisible():
            continue
        both = QRect(button.mapTo(window, QPoint(0, 0)), button.size()).intersected(covered)
        if both.width() > 10 and both.height() > 10:
            return button, both.center()
    raise AssertionError(f"no button under the notice at {window.size()}: {covered}")


def test_a_tap_on_the_notice_never_reaches_the_button_under_it(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any], tmp_path: Path,
) -> None:
    world = sqlite_world
    payer = parent_signed_in(qtbot, make_window, world, (400, 800))
    qtbot.waitUntil(lambda: payer.activity.link_state.text() == "● Live", timeout=WAIT_MS)
    payer.notifier.BANNER_MS = SHORT_MS  # type: ignore[misc]
    window, toast = payer.window(), payer.banner
    _tab, kid = tablet_paired_elsewhere(make_window, world, tmp_path / "wallet-tablet",
                                        dead_url=world["server_url"])
    qtbot.waitUntil(lambda: kid.online, timeout=WAIT_MS)
    pressed: list[str] = []
    # Taps given to the window as the system gives them, so Qt finds the widget under
    # the finger (given to a widget, a test's tap goes to that widget only).
    screen = window.windowHandle()

    for amount in (500, 600):
        assert kid.source is not None and kid.source.frame is not None
        pay(world, kid.source.frame.code, amount)
        qtbot.waitUntil(toast.isVisible, timeout=WAIT_MS)
        # A window whose foot is at "Change limits", as the demo's small one was at
        # "Pairing code": the notice over the button's middle.
        change = payer.home.findChild(QAbstractButton, "changeButton")
        middle = change.mapTo(window, QPoint(0, change.height() // 2)).y()
        window.resize(400, middle + toast.MARGIN + toast.height() // 2)
        settle(qtbot, window)
        button, where = button_beneath(payer)
        button.clicked.connect(lambda _c=False, b=button: pressed.append(b.text()))
        if amount == 500:
            # A finger on it as its time runs out: it stays until the finger is lifted.
            qtbot.mousePress(screen, Qt.MouseButton.LeftButton, pos=where)
            qtbot.wait(SHORT_MS + 1_500)
            assert toast.isVisible()
            qtbot.mouseRelease(screen, Qt.MouseButton.LeftButton, pos=where)
        else:
            # Its time is up, and the tap comes as it goes.
            qtbot.waitUntil(lambda: toast.graphicsEffect() is not None, timeout=WAIT_MS)
            qtbot.mouseClick(screen, Qt.MouseButton.LeftButton, pos=where)
        qtbot.waitUntil(lambda: not toast.isVisible(), timeout=WAIT_MS)
        qtbot.wait(200)
        assert pressed == [], f"the tap reached {pressed}"
        assert payer.stack.currentWidget() is payer.home
