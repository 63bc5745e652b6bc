"""Ctrl+C in the terminal that started an app (SIGINT), and a stop asked of it (SIGTERM:
systemd, a desktop's log-out, `kill`, `make demo` ending): the app closes as its window's
close button does (the till's workers stopped and its journal closed, the wallet's streams
ended and its settings written), at whatever instant it comes.

Python's own Ctrl+C is a KeyboardInterrupt raised in whatever code runs at that instant: in
a Qt app, a traceback printed from the next slot, and the app ran on (the wallet did, and
the till before it); raised while the app was starting, it escaped with the
till's worker threads running, and the process aborted at exit ("QThread: Destroyed while
thread pos-link is still running", SIGABRT, a core dump). SIGTERM's default ended the app
on the spot, nothing closed. So both only ask here, from the first line of `kinpay pos` and
`kinpay wallet` on; the ask is carried out where closing is safe: before the window exists
(nothing to stop), or by the window's own close, from its event loop (a Qt timer in each
app's `run`, `close_if_asked` every WATCH_MS: Qt's loop runs no Python while idle).
"""

from __future__ import annotations

import signal
from types import FrameType
from typing import Protocol

SIGNALS = (signal.SIGINT, signal.SIGTERM)
WATCH_MS = 250  # how often an app's window looks whether it was asked to close


class Window(Protocol):
    def isVisible(self) -> bool: ...  # Qt's name

    def close(self) -> bool: ...


class Interrupt:
    """Ctrl+C (SIGINT) and SIGTERM noted, never raised."""

    def __init__(self) -> None:
        self.asked = False

    def install(self) -> Interrupt:
        for sig in SIGNALS:
            signal.signal(sig, self._ask)
        return self

    def _ask(self, _signum: int, _frame: FrameType | None) -> None:
        self.asked = True

    def close_if_asked(self, window: Window) -> None:
        if self.asked and window.isVisible():
            window.close()


__all__ = ["SIGNALS", "WATCH_MS", "Interrupt", "Window"]
