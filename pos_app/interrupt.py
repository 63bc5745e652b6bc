"""Ctrl+C in the terminal that started `kinpay pos`: the till closes as its window's close
button does (the workers stopped, the journal closed), at whatever instant it comes.

Python's own Ctrl+C is a KeyboardInterrupt raised in whatever code runs at that instant.
Before the window's Ctrl+C handler was set (while Qt, the camera's decoders and the
workers' threads were starting), it escaped from the middle of the start with the
workers' threads running, and the process aborted at exit: "QThread: Destroyed while thread
pos-link is still running", SIGABRT, a core dump. So Ctrl+C only asks here, from the first
line of `kinpay pos` on; the ask is carried out where closing is safe: before the window
exists (nothing to stop), or by the window's own close, from its event loop.
"""

from __future__ import annotations

import signal
from types import FrameType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

WATCH_MS = 250  # Qt's loop runs no Python while idle: a timer lets Python see the ask


class Interrupt:
    """Ctrl+C (SIGINT) noted, never raised."""

    def __init__(self) -> None:
        self.asked = False

    def install(self) -> Interrupt:
        signal.signal(signal.SIGINT, self._ask)
        return self

    def _ask(self, _signum: int, _frame: FrameType | None) -> None:
        self.asked = True

    def close_on_ask(self, window: QWidget) -> None:
        """From the window's event loop, close it once Ctrl+C was asked (before too)."""
        from PySide6.QtCore import QTimer

        def look() -> None:
            if self.asked and window.isVisible():
                window.close()

        tick = QTimer(window)
        tick.timeout.connect(look)
        tick.start(WATCH_MS)
        QTimer.singleShot(0, window, look)  # asked while the till was starting


__all__ = ["Interrupt"]
