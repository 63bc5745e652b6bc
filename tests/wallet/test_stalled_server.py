"""A server that stalls (SIGSTOP: the kernel still takes connections, nothing answers) is
said by the wallets as the till says it, and what the tablet says of its last sync keeps
its age while it is offline.

Found live (session 32): the till said offline at once, the tablet said "Online" for 13 s and
then "synced just now" for as long as the outage lasted, and the parent's home looked live
for 35–45 s (the stream read for 20 s against a 15 s ping, then a refresh's own timeouts and
retries). Now the server pings a quiet stream every 3 s and a stream silent for 8 s is lost;
the parent's home says so as soon as the stream is lost to the network.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kinpay.client import STREAM_QUIET_S, Client
from tests.servers import ServerProcess
from tests.wallet.conftest import OffsetClock, WindowFactory
from tests.wallet.flows import WAIT_MS, parent_signed_in
from tests.wallet.test_offline import seeded_tablet
from wallet_app.delegate import window as delegate_window
from wallet_app.workers import Events

pytestmark = pytest.mark.gui

# A bound on waiting, not a verdict: how soon it is said is measured live (12 s at
# 1366x768 in session 33's note), not here.
SAID_WITHIN_MS = 60_000


@contextmanager
def stalled(server: ServerProcess) -> Iterator[None]:
    assert server.proc is not None
    os.kill(server.proc.pid, signal.SIGSTOP)
    try:
        yield
    finally:
        with suppress(ProcessLookupError):  # killed while stalled
            os.kill(server.proc.pid, signal.SIGCONT)


def test_the_parents_home_says_a_stalled_server_is_out_of_reach_and_clears_when_back(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
    sqlite_server: ServerProcess,
) -> None:
    payer = parent_signed_in(qtbot, make_window, sqlite_world)
    qtbot.waitUntil(lambda: payer.activity.link_state.text() == "● Live", timeout=WAIT_MS)
    assert not payer.home.status.isVisible()
    # What the home's own check was waiting on when the error came: said from the stream's
    # loss, a check is still out; said from a failed check (as before), none is.
    checks_out: list[int] = []
    payer.session.failed.connect(lambda _text: checks_out.append(payer.session._refreshing))
    with stalled(sqlite_server):
        qtbot.waitUntil(payer.home.status.isVisible, timeout=SAID_WITHIN_MS)
        assert checks_out[0] >= 1
        # Both things it can be, plainly: "Check the network" was read on a network that
        # worked, the server down (live test 34 §14).
        assert payer.home.status.text.text() == (
            "Can't reach the kinpay server. Either this device is off the network, or the "
            "server is down. If other apps here can reach the internet, it is the server: "
            "wait for its operator to start it again. kinpay keeps trying.")
        assert payer.activity.link_state.text() == "Reconnecting…"
    qtbot.waitUntil(lambda: payer.activity.link_state.text() == "● Live", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not payer.home.status.isVisible(), timeout=WAIT_MS)


def test_a_quiet_stream_stays_up_on_the_servers_pings(
    qtbot: QtBot, sqlite_world: dict[str, Any],
) -> None:
    """Nothing happens for longer than a silent stream is given: the wallet's link stays up
    throughout, held by the pings alone."""
    events = Events(sqlite_world["server_url"], sqlite_world["payer"]["token"])
    states: list[bool] = []
    events.link.connect(states.append)
    events.start()
    try:
        qtbot.waitUntil(lambda: states == [True], timeout=WAIT_MS)
        qtbot.wait(int(STREAM_QUIET_S * 1_500))
        assert states == [True]
        assert events.lost is None
    finally:
        events.stop()


def test_the_tablets_last_sync_keeps_its_age_while_offline(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
    sqlite_server: ServerProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(delegate_window, "AGES_MS", 200)
    _window, kid = seeded_tablet(make_window, sqlite_world, tmp_path, OffsetClock())
    # Online, and today's amount read (the note under it is what ages).
    qtbot.waitUntil(lambda: kid.online and kid.snapshot is not None, timeout=WAIT_MS)
    with stalled(sqlite_server):
        qtbot.waitUntil(lambda: not kid.online, timeout=SAID_WITHIN_MS)
        # The last sync and the amount's reading, a minute old in a second or two.
        now = int(time.time())
        kid.settings.put("delegate/last_synced", now - 58)
        kid.settings.put("delegate/left_as_of", now - 58)
        kid._set_online(False)
        assert kid.code_screen.status.text() == "Offline · codes still work\nsynced just now"
        assert kid.code_screen.left_note.text() == "left to spend today (as of just now)"
        then, today = time.localtime(now - 58), time.localtime(now)
        at = time.strftime("%H:%M", then)
        same_day = then[:3] == today[:3]  # else a minute before midnight: the date too
        synced = f"at {at}" if same_day else time.strftime(f"on %-d %b at {at}", then)
        as_of = at if same_day else time.strftime(f"%-d %b, {at}", then)
        qtbot.waitUntil(lambda: kid.code_screen.status.text()
                        == f"Offline · codes still work\nsynced {synced}", timeout=WAIT_MS)
        assert kid.code_screen.left_note.text() == f"left to spend today (as of {as_of})"


def test_a_stop_sent_to_a_stalled_server_may_be_done_and_is_said_so(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
    sqlite_server: ServerProcess,
) -> None:
    """Live test 34: Stop with the server stalled said "Couldn't stop it: Can't reach the
    kinpay server", and once the server went on the allowance was stopped: the request had
    reached it. The parent is told it may be stopped already, and that stopping again is
    safe."""
    payer = parent_signed_in(qtbot, make_window, sqlite_world)
    grant_id = sqlite_world["grant"]["id"]
    with stalled(sqlite_server):
        payer.revoke(grant_id)
        qtbot.waitUntil(payer.home.error.isVisible, timeout=SAID_WITHIN_MS)
        assert payer.home.error.text.text() == (
            "No answer from kinpay: the spending money may be stopped already. Stopping it "
            "again is safe; the home shows it once kinpay answers.")
    with Client(sqlite_world["server_url"], token=sqlite_world["payer"]["token"]) as mei:
        qtbot.waitUntil(lambda: mei.grant(grant_id).status == "revoked", timeout=WAIT_MS)


def _raise_daily_while_stalled(qtbot: QtBot, payer: Any, server: ServerProcess,
                               grant_id: str, *, then_kill: bool = False) -> None:
    """Lily's daily limit raised to ¥150.00 with the server stalled: no answer comes.
    With `then_kill`, the stalled server is killed (-9) before it can read the change, and
    started again on the same database, as a supervisor would."""
    payer.change_grant(grant_id)
    form = payer.form
    form.amounts["daily"].setText("150.00")
    with stalled(server):
        qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: form.errors["form"].isVisible(), timeout=SAID_WITHIN_MS)
        assert form.errors["form"].text().startswith("No answer from kinpay: this change "
                                                     "may be saved already.")
        if then_kill:
            server.stop(kill=True)
    if then_kill:
        server.start()


def test_a_change_lost_with_a_stalled_server_is_sent_again_once_it_is_back(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
    sqlite_server: ServerProcess,
) -> None:
    """Live test 34 §3: a raise sent to a stalled server that was then killed was lost,
    and the parent, told it "may be saved already", was never told it wasn't. Once kinpay
    answers again the wallet reads the allowance, sends the change again if it is not in
    force (it sets the same values, whichever lands), and says it is saved."""
    payer = parent_signed_in(qtbot, make_window, sqlite_world)
    grant_id = sqlite_world["grant"]["id"]
    told: list[str] = []
    payer.notifier.shown.connect(lambda title, text: told.append(f"{title}: {text}"))
    _raise_daily_while_stalled(qtbot, payer, sqlite_server, grant_id, then_kill=True)
    with Client(sqlite_world["server_url"], token=sqlite_world["payer"]["token"]) as mei:
        assert mei.grant(grant_id).limits.daily == 10_000  # lost with the server
        qtbot.waitUntil(lambda: "Lily's spending money: your change is saved." in told,
                        timeout=SAID_WITHIN_MS)
        assert mei.grant(grant_id).limits.daily == 15_000


def test_a_change_a_stalled_server_made_after_all_is_said_saved(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
    sqlite_server: ServerProcess,
) -> None:
    payer = parent_signed_in(qtbot, make_window, sqlite_world)
    grant_id = sqlite_world["grant"]["id"]
    told: list[str] = []
    payer.notifier.shown.connect(lambda title, text: told.append(f"{title}: {text}"))
    _raise_daily_while_stalled(qtbot, payer, sqlite_server, grant_id)  # then it goes on
    qtbot.waitUntil(lambda: "Lily's spending money: your change is saved." in told,
                    timeout=SAID_WITHIN_MS)
    with Client(sqlite_world["server_url"], token=sqlite_world["payer"]["token"]) as mei:
        assert mei.grant(grant_id).limits.daily == 15_000
