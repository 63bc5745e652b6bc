"""The till's clock jumps back (an NTP correction, or a wrong time set by hand and put
right) while a sale waits for its answer.

Met on a till whose clock ran an hour ahead until NTP corrected it: a sale sent before the
correction got no answer ("Not confirmed yet"), and the link never asked again. It skipped
every pending sale younger than a second (the settle thread may still be waiting for it),
and a sale made "an hour from now" looked younger than that for a whole hour: the status
bar said "1 pending" all that time, the cashier could not tell the customer whether they
had paid. (A date set a year ahead by hand would have kept it pending for a year.)
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from kinpay.client import new_idempotency_key
from pos_app.core.store import Store
from tests.pos.conftest import Tablet
from tests.pos.test_terminal import charge_by_wedge, terminal_payments, type_amount, wait_result

pytestmark = pytest.mark.gui


def test_a_sale_made_before_the_clock_went_back_is_asked_again(
    terminal: Any, qtbot: Any, tmp_path: Path, sqlite_world: dict[str, Any], tablet: Tablet
) -> None:
    data = tmp_path / "till"
    data.mkdir()
    key = new_idempotency_key()
    made_s = int(time.time()) + 3600  # by the till's clock, an hour ahead, before NTP
    store = Store(data / "terminal.db")
    store.begin_sale(key=key, code=tablet.code(), amount=1750, currency="CNY", items=[],
                     reference=None, now_s=made_s)
    store.close()
    window = terminal(data=data)
    qtbot.waitUntil(lambda: window.store.get(key).status != "pending", timeout=15_000)
    row = window.store.get(key)
    assert (row.status, row.amount) == ("approved", 1750)
    qtbot.waitUntil(lambda: window.status.pending == 0, timeout=10_000)
    assert [(p.id, p.amount) for p in terminal_payments(sqlite_world)] == [(row.payment_id,
                                                                            1750)]


def _code_at(tablet: Tablet, at_s: int) -> str:
    tablet.device.bump(at_s)
    return tablet.device.code_at(at_s)


TILL_BEHIND_S = 180  # the till's clock, set by hand, three minutes behind


@pytest.fixture
def server_ahead(sqlite_world: dict[str, Any]) -> Iterator[int]:
    """The server's clock (and the tablet's) three minutes ahead of this machine's, which
    is the till's: as if the till's own clock were three minutes behind. The server's
    clock stands still for the test."""
    clock = f"{sqlite_world['server_url']}/v1/_test/clock"
    server_now = int(time.time()) + TILL_BEHIND_S
    httpx.put(clock, json={"now": server_now}).raise_for_status()
    yield server_now
    httpx.put(clock, json={"now": None}).raise_for_status()


def test_a_till_whose_clock_is_wrong_takes_a_good_code_by_the_servers_time(
    terminal: Any, qtbot: Any, sqlite_world: dict[str, Any], tablet: Tablet,
    server_ahead: int
) -> None:
    """Met on a till whose time was set by hand, three minutes behind: the server and the
    tablet agreed on the time, but the till judged every code's freshness by its own
    clock and refused it ("Not a code this terminal can take"), online too: the shop could
    take no code at all. The till reads the server's time on every check and judges codes
    by it."""
    window = terminal()
    qtbot.waitUntil(lambda: window.online is True, timeout=10_000)
    type_amount(qtbot, window, "420")
    charge_by_wedge(qtbot, window, _code_at(tablet, server_ahead))
    wait_result(qtbot, window, "approved")
    assert [(p.amount, p.status) for p in terminal_payments(sqlite_world)] == [
        (420, "approved")]


def test_offline_a_till_whose_clock_is_wrong_queues_by_the_servers_time(
    terminal: Any, qtbot: Any, sqlite_server: Any, sqlite_world: dict[str, Any],
    tablet: Tablet, server_ahead: int
) -> None:
    """The same till, its link down (the server stalled): the code is taken offline by the
    server's time as last read, and queued as accepted then, so the server, checking the
    code as of that time, honours it once."""
    window = terminal(floor_limit_minor=2000)
    qtbot.waitUntil(lambda: window.online is True and bool(window.cache.keys), timeout=10_000)
    os.kill(sqlite_server.proc.pid, signal.SIGSTOP)
    try:
        qtbot.waitUntil(lambda: window.online is False, timeout=15_000)
        type_amount(qtbot, window, "650")
        charge_by_wedge(qtbot, window, _code_at(tablet, server_ahead))
        wait_result(qtbot, window, "offline_approved")
        key = window.shown.key
    finally:
        os.kill(sqlite_server.proc.pid, signal.SIGCONT)
    qtbot.waitUntil(lambda: window.online is True and window.status.queued == 0,
                    timeout=20_000)
    assert window.store.get(key).status == "approved"
    assert [(p.amount, p.offline, p.status) for p in terminal_payments(sqlite_world)] == [
        (650, True, "approved")]


def test_a_till_restarted_in_an_outage_still_judges_by_the_servers_time(
    terminal: Any, qtbot: Any, tmp_path: Path, sqlite_server: Any,
    sqlite_world: dict[str, Any], tablet: Tablet, server_ahead: int
) -> None:
    """The same till (three minutes behind), closed and opened again while the server
    can't be reached: it had judged codes by the server's time as read on its checks, but
    after a start it went back to its own clock until it reached the server, and refused
    every code as from the future. It keeps the offset it learnt (server-time.json)."""
    data = tmp_path / "till"
    first = terminal(data=data, floor_limit_minor=2000)
    qtbot.waitUntil(lambda: first.online is True and bool(first.cache.keys), timeout=10_000)
    first.close()
    kept = json.loads((data / "server-time.json").read_text(encoding="utf-8"))
    assert abs(kept["offset_s"] - TILL_BEHIND_S) <= 2
    os.kill(sqlite_server.proc.pid, signal.SIGSTOP)
    try:
        window = terminal(data=data, floor_limit_minor=2000)
        assert window.online is False
        # The server's time as learnt, carried on by this machine's clock since (a few s).
        assert 0 <= window.cache.now_s() - server_ahead <= 15
        type_amount(qtbot, window, "650")
        charge_by_wedge(qtbot, window, _code_at(tablet, server_ahead))
        wait_result(qtbot, window, "offline_approved")
        key = window.shown.key
    finally:
        os.kill(sqlite_server.proc.pid, signal.SIGCONT)
    qtbot.waitUntil(lambda: window.online is True and window.status.queued == 0,
                    timeout=20_000)
    assert window.store.get(key).status == "approved"
    assert [(p.amount, p.offline, p.status) for p in terminal_payments(sqlite_world)] == [
        (650, True, "approved")]
