"""A tablet whose clock is minutes off still pays: it dates its codes by the server's time
as last learnt (kinpay/clock.py), kept across a restart with no network; a tablet whose
clock is right keeps it as it is."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kinpay import codes
from kinpay.clock import TOLERATED_S
from tests.servers import ServerProcess
from tests.wallet.conftest import OffsetClock, WindowFactory, read_qr
from tests.wallet.flows import WAIT_MS, pay
from tests.wallet.test_offline import server_keys
from wallet_app.app import WalletWindow
from wallet_app.delegate.window import DelegateShell
from wallet_app.settings import DataFolder

pytestmark = pytest.mark.gui


def _tablet(make_window: WindowFactory, world: dict[str, Any], tmp_path: Path,
            clock: OffsetClock) -> DelegateShell:
    """The seeded child's tablet (its device file and session), in the same data folder
    each time (make_window's for "tablet")."""
    data = DataFolder(tmp_path / "wallet-tablet")
    if not data.device_path.exists():
        shutil.copy(world["delegate"]["device"], data.device_path)
        data.write_private(data.session_path, {"token": world["delegate"]["token"],
                                               "name": "lily"})
    window = make_window("tablet", server_url=world["server_url"], role="delegate", clock=clock)
    assert window.delegate is not None
    return window.delegate


def _on_screen(kid: DelegateShell) -> str:
    """The code a till's camera would read off the tablet's screen."""
    read = read_qr(kid.code_screen.qr)
    assert len(read) == 1, read
    return read[0]


@pytest.mark.parametrize("off_s", [-300, 600], ids=["5-min-slow", "10-min-fast"])
def test_a_tablet_whose_clock_is_off_pays_and_keeps_paying_offline(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
    sqlite_server: ServerProcess, tmp_path: Path, off_s: int,
) -> None:
    keys = server_keys(sqlite_world["server_url"])
    clock = OffsetClock()
    clock.offset_s = off_s
    kid = _tablet(make_window, sqlite_world, tmp_path, clock)
    # What the server says of a code dated by the tablet's own clock: refused.
    assert kid.device is not None
    own = codes.build_code(kid.device.cert, kid.device.key, now_s=int(clock()), counter=0)
    wrong = pay(sqlite_world, own, 100)
    assert (wrong.status, wrong.decline_code) == (
        "declined", "code_expired" if off_s < 0 else "code_invalid")

    # Once it has reached the server, the code it shows is dated by the server's time.
    qtbot.waitUntil(lambda: abs(kid.clock.offset_s + off_s) <= 2, timeout=WAIT_MS)
    device = kid.device
    assert device is not None

    def dated_by_server() -> bool:  # the code on screen is of the server's step (or the last)
        frame = kid.source.frame if kid.source is not None else None
        server_step = device.step_at(int(clock() - off_s))
        return frame is not None and server_step - 1 <= frame.step <= server_step

    qtbot.waitUntil(dated_by_server, timeout=WAIT_MS)
    paid = pay(sqlite_world, _on_screen(kid), 250)
    assert (paid.status, paid.decline_code) == ("approved", None)
    # The tablet hears of it and moves on to a fresh code, as with a right clock.
    qtbot.waitUntil(lambda: kid.source is not None and kid.source.device.counter >= 1,
                    timeout=WAIT_MS)
    again = pay(sqlite_world, _on_screen(kid), 50)
    assert again.status == "approved", again

    # Closed, and opened again with no server: it still dates codes by the server's time.
    window_of_kid = kid.window()
    assert isinstance(window_of_kid, WalletWindow)
    window_of_kid.shutdown()
    sqlite_server.stop()
    later = _tablet(make_window, sqlite_world, tmp_path, clock)
    assert abs(later.clock.offset_s + off_s) <= 2
    assert later.device is not None
    shown = codes.verify_code(_on_screen(later), keys, now_s=int(clock() - off_s))
    assert abs(shown.valid_from_s - (clock() - off_s)) <= later.device.cert.rotate_s + 3


def test_a_tablet_whose_clock_is_right_keeps_its_own(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
    tmp_path: Path,
) -> None:
    clock = OffsetClock()
    clock.offset_s = TOLERATED_S - 12  # 8 s fast: within what the server takes as it is
    kid = _tablet(make_window, sqlite_world, tmp_path, clock)
    qtbot.waitUntil(lambda: kid.online and kid.snapshot is not None, timeout=WAIT_MS)
    assert kid.clock.offset_s == 0
    assert abs(kid.clock() - clock()) < 0.5  # its codes are dated by its own clock
    assert pay(sqlite_world, _on_screen(kid), 100).status == "approved"
