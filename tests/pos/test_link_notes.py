"""The terminal's status notes, found wanting in `make demo`.

A server's refusal goes when the refusal is over. Found live: the demo's server stalled
(SIGSTOP) for a few minutes; the terminal's checks piled up in the server's listen queue
and, when it ran again, drained the terminal's request budget at once. Its next check met
the flood guard's 429, and the status bar said "The server refused this terminal: Too many
requests…" for as long as the till ran, beside "● Online", though every check since had
been answered.

A sale left pending and answered later is named with the time it was made: "A pending
sale of ¥15.00 was declined" stood beside a new ¥15.00 sale approved offline, and read as
if the new one had been declined.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from kinpay.client import new_idempotency_key
from pos_app.core.store import Store
from tests.pos.conftest import Tablet
from tests.servers import ServerProcess, seed

pytestmark = pytest.mark.gui

REFUSED = "The server refused this terminal"
BUSY_S = 2.0  # how long the window's thread stays busy while the link thread notes


def test_a_throttle_note_goes_when_the_checks_are_answered_again(
    terminal: Any, qtbot: Any, tmp_path: Path
) -> None:
    # 8 requests a second, 16 at once: the terminal's own checks (4 a second) stay under.
    server = ServerProcess(db=str(tmp_path / "kinpay.db"), log_path=tmp_path / "server.log",
                           extra_args=["--client-rate", "8/16"])
    server.start()
    try:
        world = seed(server.db, tmp_path / "devices", server.url)
        shop = world["merchant"]
        window = terminal(server_url=server.url, terminal_id=shop["terminal_id"],
                          api_key=shop["api_key"], merchant=shop["name"])
        qtbot.waitUntil(lambda: window.online is True, timeout=10_000)
        assert REFUSED not in window.status.notice.text()
        # What the stalled server's queue did: a burst on the terminal's own key.
        auth = {"Authorization": f"Bearer {shop['api_key']}"}
        # Kept spent until the terminal's own check meets the throttle (bounded: 10 s).
        with httpx.Client(base_url=server.url, headers=auth, timeout=5) as burst:
            answers: list[int] = []
            deadline = time.monotonic() + 10
            while REFUSED not in window.status.notice.text() and time.monotonic() < deadline:
                answers += [burst.get("/v1/health").status_code for _ in range(20)]
                qtbot.wait(10)
        assert 429 in answers
        assert REFUSED in window.status.notice.text()
        assert "Too many requests" in window.status.notice.text()
        assert window.status.link.text() == "● Online"  # slowed down, not refused
        # The budget refills in two seconds; the next whole check takes the note back.
        qtbot.waitUntil(lambda: window.status.notice.text() == "", timeout=15_000)
        assert window.online is True
    finally:
        server.stop()


def test_a_pending_sale_answered_later_is_named_with_its_time(
    terminal: Any, qtbot: Any, tmp_path: Path, tablet: Tablet
) -> None:
    data = tmp_path / "till"
    data.mkdir()
    made_s = int(time.time()) - 3600  # an hour ago, before the till was restarted
    store = Store(data / "terminal.db")
    store.begin_sale(key=new_idempotency_key(), code=tablet.code(), amount=1200,
                     currency="CNY", items=[], reference=None, now_s=made_s)
    store.close()
    window = terminal(data=data)
    qtbot.waitUntil(lambda: "A pending sale" in window.status.notice.text(), timeout=15_000)
    # The till's 24-hour clock, as this test reads the time itself.
    at = time.strftime("%H:%M", time.localtime(made_s))
    assert window.status.notice.text() == (
        f"A pending sale of ¥12.00 made at {at} was approved by the server.")


def test_a_refused_key_is_said_where_the_cashier_looks_until_settings_fix_it(
    terminal: Any, qtbot: Any, sqlite_world: dict[str, Any]
) -> None:
    """Set up with a wrong key (a typo, or a key since rotated), the till said "● Online" in
    green and the only word of it was a status note cut at "…doesn't know this t"; the
    cashier learnt at the first sale. Now the link says "● Key refused" and the prompt says
    no sale can go through and where to fix it; the right key in Settings ends both."""
    from dataclasses import replace

    window = terminal(api_key="kpt_" + "x" * 43)
    qtbot.waitUntil(lambda: window.status.link.text() == "● Key refused", timeout=10_000)
    assert window.prompt.text() == ("The server refuses this terminal's key: no sale can go "
                                    "through. Check the terminal id and key in Settings.")
    window.apply_settings(replace(window.settings, api_key=sqlite_world["merchant"]["api_key"]))
    qtbot.waitUntil(lambda: window.status.link.text() == "● Online", timeout=10_000)
    assert window.prompt.text() == "Type the amount, then press Charge."


def test_the_link_threads_notes_are_shown_by_the_windows_thread(
    terminal: Any, qtbot: Any
) -> None:
    """The link worker runs on its own thread. Its "the server refused this terminal" was
    wired to a lambda, which Qt runs on the emitting thread: the link thread set the status
    bar's label while the window's thread might be painting it. Each note the link emits is
    now shown by the window's thread: emitted here from another thread (queued, as Qt does,
    to the thread of the lambda's sender, the link thread) while the window's thread is busy
    (not handling events), the status bar is unchanged until the window's thread takes its
    events."""
    window = terminal()
    qtbot.waitUntil(lambda: window.online is True, timeout=10_000)
    notes = {
        window.link_worker.problem: f"{REFUSED}: as the link thread saw it",
        window.link_worker.disk: "This till can't save to its disk: as the link thread saw it",
    }
    for signal, text in notes.items():
        before = window.status.notice.text()
        other = threading.Thread(target=signal.emit, args=(text,), name="like-pos-link")
        other.start()
        other.join(5)
        assert not other.is_alive()
        # The window's thread stays busy a while (no events taken): a note shown by any
        # other thread (the link's own, where a lambda slot runs) would show meanwhile.
        deadline = time.monotonic() + BUSY_S
        while window.status.notice.text() == before and time.monotonic() < deadline:
            time.sleep(0.05)
        assert window.status.notice.text() == before, "a widget changed by the link thread"
        qtbot.waitUntil(lambda t=text: window.status.notice.text() == t, timeout=5_000)
