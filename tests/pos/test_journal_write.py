"""The till can't write its own journal when a sale starts.

Met with two tills pointed at one data folder by mistake (and a backup tool that locks
the file the same way): the other till held the journal's write lock, so this till could
not write the sale down before sending it. Nothing was sent and nothing was kept, yet the
card said "Not confirmed yet … The sale is kept and sent again with the same key, so it is
never charged twice. Don't charge again." The cashier let the customer go: a lost sale.

A sale that could not be written down is not sent: the card says so, and that nothing was
charged; once the journal can be written again, the next charge goes through, once.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from pos_app.scan.camera import open_camera
from tests.pos.conftest import Tablet, code_frames
from tests.pos.test_terminal import charge_by_wedge, terminal_payments, type_amount, wait_result

pytestmark = pytest.mark.gui


def test_a_sale_the_till_could_not_write_down_is_not_sent_and_says_so(
    terminal: Any, qtbot: Any, tmp_path: Path, sqlite_world: dict[str, Any], tablet: Tablet,
    shot: Any,
) -> None:
    data = tmp_path / "shared-folder"
    window = terminal(data=data)
    qtbot.waitUntil(lambda: window.online is True, timeout=10_000)
    other = sqlite3.connect(data / "terminal.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # the other till, in the middle of a write
    try:
        type_amount(qtbot, window, "990")
        charge_by_wedge(qtbot, window, tablet.code())
        wait_result(qtbot, window, "error")
        key = window.shown.key
        detail = window.result.detail.text()
        assert "Nothing was charged" in detail
        assert "records" in detail
        assert "Don't charge again" not in detail
        shot(window, "not-sent")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert terminal_payments(sqlite_world) == []
    assert window.store.get(key) is None
    assert window.status.pending == 0
    # The journal is free again: the cashier charges once more, and it is paid once.
    window.on_action("new")
    type_amount(qtbot, window, "990")
    charge_by_wedge(qtbot, window, tablet.code())
    wait_result(qtbot, window, "approved")
    assert [(p.amount, p.status) for p in terminal_payments(sqlite_world)] == [(990,
                                                                                 "approved")]



def test_the_code_of_a_sale_not_sent_pays_on_retry_at_once_and_once(
    terminal: Any, qtbot: Any, tmp_path: Path, sqlite_world: dict[str, Any], tablet: Tablet
) -> None:
    """After "Not sent" (the journal could not be written, so the sale never left the
    till), Retry ignored the code the child's tablet still showed: it was kept as used, and
    the cashier and the child waited up to 30 s for the tablet's next code. A code that
    never reached the server is unused: Retry takes it from the camera at once, and it pays
    once; the code is then used, and the next sale does not take it again."""
    text = tablet.code()
    folder = code_frames(text, tmp_path / "replay")
    data = tmp_path / "till"
    window = terminal(camera=lambda: open_camera(str(folder), fps=15.0, loop=True), data=data)
    qtbot.waitUntil(lambda: window.online is True and window.preview.frames_shown > 0,
                    timeout=10_000)
    other = sqlite3.connect(data / "terminal.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # the journal can't be written: another till's write
    try:
        type_amount(qtbot, window, "730")
        qtbot.keyClick(window, Qt.Key.Key_Return)  # Charge; the camera brings the code
        wait_result(qtbot, window, "error")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert terminal_payments(sqlite_world) == []
    # Enter, as a cashier presses it by habit: the same sale again, not a new one.
    qtbot.keyClick(window, Qt.Key.Key_Return)
    wait_result(qtbot, window, "approved")
    assert [(p.amount, p.status) for p in terminal_payments(sqlite_world)] == [(730,
                                                                                "approved")]
    # The code paid: a new sale of the same amount does not take it from the camera again.
    qtbot.mouseClick(window.result.buttons["new"], Qt.MouseButton.LeftButton)
    type_amount(qtbot, window, "730")
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert window.state == "waiting"
    qtbot.wait(2000)  # frames with the code keep coming in
    assert window.state == "waiting"
    assert len(terminal_payments(sqlite_world)) == 1

def _journal_with_sales(folder: Path, n: int) -> Path:
    from pos_app.core.store import Store

    store = Store(folder / "terminal.db")
    for i in range(n):
        store.begin_sale(key=f"sale-{i}", code="K" * 400, amount=100 + i, currency="CNY",
                         items=[], reference=None, now_s=1_767_000_000 + i)
    store.scrub()  # all in the database file, as after a quiet moment
    store.close()
    return folder / "terminal.db"


@pytest.mark.parametrize("keep", ["header", "two thirds"])
def test_a_torn_journal_stops_the_till_with_words_and_is_left_as_it_is(
    tmp_path: Path, keep: str
) -> None:
    """A power cut on the till's SD card left its journal cut short. `kinpay pos` died
    with a Python traceback ("sqlite3.DatabaseError: database disk image is malformed").
    It says what is wrong and where, starts nothing, and leaves the file for recovery (the
    sales and offline payments in it are the shop's)."""
    from tests.servers import run_kinpay

    folder = tmp_path / "till"
    journal = _journal_with_sales(folder, 60)
    size = journal.stat().st_size
    with journal.open("r+b") as f:
        f.truncate(5000 if keep == "header" else size * 2 // 3)
    torn = journal.read_bytes()
    done = run_kinpay("pos", "--data", str(folder), "--server", "http://127.0.0.1:9",
                      check=False, timeout_s=60)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert str(journal) in done.stderr
    assert "damaged" in done.stderr
    assert journal.read_bytes() == torn


def test_a_second_till_on_the_same_data_folder_does_not_start(
    tmp_path: Path, sqlite_world: dict[str, Any]
) -> None:
    """Two tills were started on one data folder by mistake (the same shortcut copied to
    the second counter). Both ran: one journal, one settings file, each retrying the
    other's sales, and each till's end-of-day report counted both counters' sales, so the
    day's takings added up twice. The second says why and starts nothing; the first runs
    on."""
    import time

    from tests.servers import run_kinpay, spawn_kinpay

    folder = tmp_path / "till"
    control = tmp_path / "first.sock"
    env = {**os.environ, "KINPAY_API_KEY": sqlite_world["merchant"]["api_key"],
           "QT_QPA_PLATFORM": "offscreen"}
    first = spawn_kinpay(["pos", "--data", str(folder), "--server",
                          sqlite_world["server_url"], "--control", str(control)],
                         env=env, stdout=tmp_path / "first.out", stderr=tmp_path / "first.err")
    try:
        deadline = time.monotonic() + 30
        while not control.exists() and time.monotonic() < deadline:
            assert first.poll() is None, (tmp_path / "first.err").read_text()
            time.sleep(0.1)
        assert control.exists(), (tmp_path / "first.err").read_text()
        second = run_kinpay("pos", "--data", str(folder), "--server",
                            sqlite_world["server_url"], check=False, timeout_s=30)
        assert second.returncode == 2, second.stderr
        assert "another till is already running" in second.stderr
        assert str(folder) in second.stderr and "Traceback" not in second.stderr
        assert first.poll() is None  # the first till runs on
    finally:
        first.terminate()
        first.wait(15)
