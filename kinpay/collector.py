"""Garbage collection on the apps' GUI thread only (pos_app and wallet_app windows).

Python collects reference cycles on whichever thread happens to allocate when a
generation's count passes its threshold; in the apps that is often a worker thread (an HTTP
call, the event stream, the camera). A cycle that holds a Qt object (a widget whose signal
is connected to a lambda naming its window: common, and harmless in Python) was then
destroyed on that thread: Qt's destructor locks the object's signal mutex and PySide asks
for the interpreter lock inside it, while the GUI thread holds the interpreter lock and
waits, to connect a signal, for a mutex of the same pool (Qt hashes objects onto a small
pool of mutexes): both wait for ever. Seen in the suite on 2026-12-03 (a parent's window
frozen in QLabel() while an HTTP worker's collection destroyed a QObject); in use it
freezes a till or a wallet for good.

So the apps switch the automatic collector off (`take_over`) and collect from a timer on
the GUI thread (`collect_due`, every TICK_MS), the generations the automatic collector
would have collected by then. No GUI here: the apps own the timer.
"""

from __future__ import annotations

import gc

TICK_MS = 200
TIMER_NAME = "kinpay-collector"  # the apps' timer, found by name: one per process


def take_over() -> None:
    """The automatic collector off: the GUI thread's timer collects (`collect_due`)."""
    gc.disable()


def due(counts: tuple[int, int, int], limits: tuple[int, int, int]) -> int | None:
    """The oldest generation the automatic collector would collect at these counts, or
    None: generation 0 once its count reaches its threshold, and with it each older one
    whose count (collections of the one younger) has reached its own."""
    if limits[0] <= 0 or counts[0] < limits[0]:
        return None
    generation = 0
    for older in (1, 2):
        if counts[older] < limits[older]:
            break
        generation = older
    return generation


def collect_due() -> int:
    """On the GUI thread: collect what is due (`due`); the unreachable objects found."""
    generation = due(gc.get_count(), gc.get_threshold())
    return 0 if generation is None else gc.collect(generation)
