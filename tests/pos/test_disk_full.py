"""The till can't save to its disk while its link works in the background.

Met in a shop whose till's card filled up: every minute a Python traceback landed in the
till's log (the link's check could not write the server's keys and list of stopped
allowances, kept in the till's data folder), the check stopped half way (the offline
queue was not forwarded), and the cashier saw nothing until a sale said "Not sent".

The disk is made to refuse writes by replacing the till's data folder with a file, which
refuses root too (the tests may run as root, whom chmod does not stop; no tmpfs to fill
here). The till says so in its status bar, writes one line to its log (not one a tick),
and takes the note back once it can save again; a sale then goes through.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from tests.pos.conftest import Tablet
from tests.pos.test_terminal import charge_by_wedge, terminal_payments, type_amount, wait_result

pytestmark = pytest.mark.gui

FAILING = "can't save to the disk"
WORKS = "saving to the disk works again"
TICKS = 12  # link checks seen while the disk refuses: each one writes the list again


def _lines(caplog: Any, words: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if words in r.getMessage()]


def test_a_till_that_cant_save_to_its_disk_says_so_once_and_recovers(
    terminal: Any, qtbot: Any, tmp_path: Path, caplog: Any, capfd: Any,
    sqlite_world: dict[str, Any], tablet: Tablet
) -> None:
    caplog.set_level(logging.WARNING, logger="kinpay.pos")
    data = tmp_path / "till"
    window = terminal(data=data, refresh_s=0.2)  # the list is fetched and saved each tick
    qtbot.waitUntil(lambda: window.online is True, timeout=10_000)
    checks: list[bool] = []
    window.link_worker.link.connect(lambda online, _q, _p: checks.append(online))
    away = tmp_path / "till-away"
    data.rename(away)
    data.write_bytes(b"")  # where the folder was, a file: nothing can be made in it
    try:
        qtbot.waitUntil(lambda: window.status.about == "disk", timeout=10_000)
        assert "can't save to its disk" in window.status.notice.text()
        seen = len(checks)
        qtbot.waitUntil(lambda: len(checks) >= seen + TICKS, timeout=30_000)
        assert window.status.about == "disk"  # still said: the disk still refuses
        assert all(checks)  # the server answered all along: the till stays online
        assert len(_lines(caplog, FAILING)) == 1, _lines(caplog, FAILING)
    finally:
        data.unlink()
        away.rename(data)
    qtbot.waitUntil(lambda: window.status.about != "disk", timeout=10_000)
    assert "can't save" not in window.status.notice.text()
    assert len(_lines(caplog, WORKS)) == 1
    assert "Traceback" not in capfd.readouterr().err
    # The disk works again: a sale goes through and is written down.
    type_amount(qtbot, window, "415")
    charge_by_wedge(qtbot, window, tablet.code())
    wait_result(qtbot, window, "approved")
    assert window.store.get(window.shown.key).status == "approved"
    assert [(p.amount, p.status) for p in terminal_payments(sqlite_world)] == [(415,
                                                                                "approved")]
