"""Small background operations for the screens around the sale (refund, history, report).

After Anki's CollectionOp: `Op(fn).success(on_ok).failure(on_err).run()` runs `fn` on a
pool thread and calls back on the GUI thread with its result or its exception. A screen
says what starts and what happens on success and on failure; the work never blocks the
GUI thread and never touches a widget.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal

from kinpay import collector

_running: set[Op] = set()  # an op lives until it has called back
MAX_RUNNING = 16


def collect_on_gui_thread() -> None:
    """The garbage collector runs on the GUI thread only, from a timer: on a worker thread
    (the link, the scanner, an op) it destroyed Qt objects there and could freeze the till
    (kinpay/collector.py). Once a process."""
    app = QCoreApplication.instance()
    if app is not None and app.findChild(QTimer, collector.TIMER_NAME) is None:
        collector.take_over()
        timer = QTimer(app)
        timer.setObjectName(collector.TIMER_NAME)
        timer.timeout.connect(collector.collect_due)
        timer.start(collector.TICK_MS)


class Op(QObject):
    _done = Signal(object)
    _failed = Signal(object)

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._fn = fn
        self._on_ok: Callable[[Any], None] = lambda _r: None
        self._on_err: Callable[[Exception], None] = lambda _e: None
        self._done.connect(self._finish_ok)
        self._failed.connect(self._finish_err)

    def success(self, fn: Callable[[Any], None]) -> Op:
        self._on_ok = fn
        return self

    def failure(self, fn: Callable[[Exception], None]) -> Op:
        self._on_err = fn
        return self

    def run(self) -> Op:
        if len(_running) >= MAX_RUNNING:
            self._on_err(RuntimeError("too many operations at once; try again"))
            return self
        _running.add(self)
        QThreadPool.globalInstance().start(_Job(self))
        return self

    def _work(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # reported to the screen that asked, on the GUI thread
            self._failed.emit(exc)
        else:
            self._done.emit(result)

    def _finish_ok(self, result: Any) -> None:
        _running.discard(self)
        self._on_ok(result)

    def _finish_err(self, exc: Exception) -> None:
        _running.discard(self)
        self._on_err(exc)


class _Job(QRunnable):
    def __init__(self, op: Op) -> None:
        super().__init__()
        self._op = op

    def run(self) -> None:
        self._op._work()


def running() -> int:
    return len(_running)
