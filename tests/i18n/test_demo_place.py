"""The parent's window in its place in `make demo` on a 1366×768 screen, in every language:
342×352 screen pixels, shrunk whole to QT_SCALE_FACTOR 0.57, so 600×617 of its own.

Found live in 简体中文: the window was 16 px taller than its place at start (its settings
page, one of the pages its stack holds, needed 596 px), and a notice ("Lily paid…") grew it
by 76 px more, for good; its foot, and the notice, went under the child's tablet window.
Now the tall pages scroll and the notice takes only the room the page can give."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QRect
from pytestqt.qtbot import QtBot

from tests.wallet.fit import clipped

PLACE = (600, 617)  # this test's own figure: 342×352 at 0.57
WAIT_MS = 15_000


@pytest.mark.parametrize("lang", ["en", "zh_CN", "zh_TW"])
def test_the_parents_window_keeps_its_place_in_the_demo(
    lang: str, payer_window: Callable[[str], Any], qtbot: QtBot, world: dict[str, Any],
) -> None:
    window = payer_window(lang)
    try:
        window.open_payer(world["payer"]["token"], world["payer"]["name"])
        qtbot.waitUntil(lambda: window.payer is not None
                        and bool(window.payer.home.grant_cards), timeout=WAIT_MS)
        shell = window.payer
        assert shell is not None
        window.resize(*PLACE)
        qtbot.waitUntil(lambda: (window.width(), window.height()) == PLACE, timeout=5_000)
        hint = window.minimumSizeHint()
        assert hint.width() <= PLACE[0] and hint.height() <= PLACE[1], (lang, hint)
        # Every page in the place: nothing cut (what doesn't fit scrolls).
        for page in (shell.home, shell.pairing, shell.activity, shell.settings_page):
            shell.stack.setCurrentWidget(page)
            qtbot.wait(50)
            assert clipped(page) == [], (lang, type(page).__name__)
            assert (window.width(), window.height()) == PLACE, type(page).__name__
        shell.stack.setCurrentWidget(shell.home)
        # A notice, long enough to wrap in the narrow column: the window keeps its size,
        # the notice shows whole inside it; and after it goes, still the same size.
        shell.banner.show_message("Lily paid ¥12.34 at Corner Shop · ¥87.66 left today "
                                  "(a notice that wraps in a narrow window)")
        qtbot.wait(100)
        assert (window.width(), window.height()) == PLACE
        where = QRect(shell.banner.mapTo(window, shell.banner.rect().topLeft()),
                      shell.banner.size())
        assert shell.banner.isVisible() and window.rect().contains(where), where
        shell.banner.hide()
        qtbot.wait(100)
        assert (window.width(), window.height()) == PLACE
    finally:
        window.shutdown()
