"""The garbage collector runs on the GUI thread only, once a window of either app exists.

Found in the suite (2026-12-03): a parent's window froze for good in QLabel() while an HTTP
worker thread's garbage collection destroyed a Qt object (a reference cycle through a
signal's lambda): the worker held Qt's mutex and waited for the interpreter lock, the GUI
thread held the interpreter lock and waited for the mutex (kinpay/collector.py). Here a
worker thread makes cycles enough for many collections, and every collection is seen to
start on the GUI thread, from the apps' timer. Real windows, offscreen.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kinpay import collector

pytestmark = pytest.mark.gui


@pytest.fixture
def collections() -> Iterator[list[bool]]:
    """For each collection that starts: whether it started on the GUI (main) thread."""
    seen: list[bool] = []

    def note(phase: str, _info: dict[str, Any]) -> None:
        if phase == "start":
            seen.append(threading.current_thread() is threading.main_thread())

    gc.callbacks.append(note)
    yield seen
    gc.callbacks.remove(note)


def _churn() -> None:
    """Cycles by the hundred thousand, made on a worker thread (as an HTTP call makes its
    own): with the automatic collector on, they trigger collections there."""
    for _ in range(200_000):
        box: list[object] = []
        box.append(box)


def _wallet(tmp_path: Path) -> Any:
    from wallet_app.app import AppConfig, WalletWindow

    return WalletWindow(AppConfig(data_dir=tmp_path / "w", server_url="http://127.0.0.1:9",
                                  role="payer"))


def _till(tmp_path: Path) -> Any:
    from pos_app.app import MainWindow
    from pos_app.core import catalogue
    from pos_app.settings import Settings

    return MainWindow(data_dir=tmp_path / "p", catalogue=catalogue.load(), settings=Settings(
        server_url="http://127.0.0.1:9", terminal_id="t", api_key="k", camera="none"))


@pytest.mark.parametrize("make", [_wallet, _till], ids=["wallet", "till"])
def test_collections_start_on_the_gui_thread_only(
    qtbot: QtBot, tmp_path: Path, collections: list[bool], make: Callable[[Path], Any]
) -> None:
    window = make(tmp_path)
    qtbot.addWidget(window)
    assert not gc.isenabled()  # the window took the collector over
    worker = threading.Thread(target=_churn)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: collector.due(gc.get_count(), gc.get_threshold()) is None,
                    timeout=5_000)  # the timer has collected what was due
    assert collections, "nothing was collected at all"
    assert all(collections), f"{collections.count(False)} collections on a worker thread"
