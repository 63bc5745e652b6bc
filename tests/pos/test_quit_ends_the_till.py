"""The till ends when its window closes, even if some widget shows as a window then.

Qt ends an app at its last window's close by a Quit event posted for later, and a window
shown before that event is handled takes it back: the parent's wallet ran on with no
window that way (a label of a late answer shown as a window of its own; `git show
fff34b5`). The till now ends itself when its window closes, as the wallet does. Here a
widget is shown the moment the last window closes, as such a late label was; the till's
own `run` must still return, with 0. Real window, real server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

from pos_app.interrupt import Interrupt

pytestmark = pytest.mark.gui

HUNG = 99  # what the guard below ends the loop with, if nothing else did
GUARD_MS = 20_000  # a bound, not a measure: the close takes well under a second


def test_the_till_ends_when_its_window_closes_though_a_window_shows_then(
    qapp: QApplication, qtbot: Any, tmp_path: Path, sqlite_world: dict[str, Any]
) -> None:
    from pos_app.app import MainWindow
    from pos_app.core import catalogue
    from pos_app.running import run
    from pos_app.settings import Settings

    made: list[MainWindow] = []

    def till() -> MainWindow:
        settings = Settings(server_url=sqlite_world["server_url"],
                            terminal_id=sqlite_world["merchant"]["terminal_id"],
                            api_key=sqlite_world["merchant"]["api_key"], camera="test",
                            merchant=sqlite_world["merchant"]["name"], timeout_s=1.0)
        window = MainWindow(data_dir=tmp_path / "pos", settings=settings,
                            catalogue=catalogue.load(), camera_factory=None, tick_ms=250)
        made.append(window)
        QTimer.singleShot(300, window.close)  # the cashier closes the till
        return window

    late = QLabel("a late answer's label")  # shown, with no parent, as the window closes
    qtbot.addWidget(late)  # the test's own window, on purpose
    qapp.lastWindowClosed.connect(late.show)
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(lambda: qapp.exit(HUNG))
    guard.start(GUARD_MS)
    try:
        code = run(till, interrupt=Interrupt())
    finally:
        guard.stop()
        qapp.lastWindowClosed.disconnect(late.show)
        late.close()
        for window in made:
            window.shutdown()
    assert code != HUNG, "the till's window closed, and its app ran on"
    assert code == 0
