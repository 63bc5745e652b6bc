"""Ctrl+C or SIGTERM closes the till as its window's close button does (kinpay.interrupt)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kinpay.interrupt import WATCH_MS, Interrupt

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def close_on_ask(interrupt: Interrupt, window: QWidget) -> None:
    """From the window's event loop, close it once it was asked (before too)."""
    from PySide6.QtCore import QTimer

    tick = QTimer(window)
    tick.timeout.connect(lambda: interrupt.close_if_asked(window))
    tick.start(WATCH_MS)
    QTimer.singleShot(0, window, lambda: interrupt.close_if_asked(window))  # asked at start


__all__ = ["Interrupt", "close_on_ask"]
