"""The tablet's code rotates on time, keeps working with the server stopped, and the payer's
live activity reconnects by itself and misses nothing."""

from __future__ import annotations

import base64
import shutil
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pytestqt.qtbot import QtBot

from kinpay import codes, schemas
from kinpay.client import Client
from kinpay.device import Device
from kinpay.errors import CodeForged
from tests.servers import ServerProcess
from tests.wallet.conftest import OffsetClock, WindowFactory, read_qr
from tests.wallet.flows import WAIT_MS, pay, payer_signed_in
from wallet_app.app import WalletWindow
from wallet_app.delegate.window import DelegateShell
from wallet_app.settings import DataFolder

pytestmark = pytest.mark.gui


def server_keys(url: str) -> dict[bytes, Ed25519PublicKey]:
    """The server's published keys, as a terminal keeps them for offline checks."""
    keys = httpx.get(f"{url}/v1/keys", timeout=5).json()["keys"]
    found = {}
    for k in keys:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(k["public_key"]))
        found[codes.key_id_of(public)] = public
    return found


def seeded_tablet(
    make_window: WindowFactory, world: dict[str, Any], tmp_path: Path, clock: OffsetClock
) -> tuple[WalletWindow, DelegateShell]:
    """A tablet that was paired before: the seeded device file and the child's session."""
    folder = DataFolder(tmp_path / "wallet-tablet")
    shutil.copy(world["delegate"]["device"], folder.device_path)
    folder.write_private(folder.session_path, {"token": world["delegate"]["token"],
                                               "name": "lily"})
    window = make_window("tablet", server_url=world["server_url"], role="delegate", clock=clock)
    assert window.delegate is not None
    return window, window.delegate


def test_rotates_on_time_and_offline(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
    sqlite_server: ServerProcess, tmp_path: Path,
) -> None:
    keys = server_keys(sqlite_world["server_url"])
    clock = OffsetClock(frozen=True)
    # The server's clock moves with the tablet's: time passes for both (a tablet whose clock
    # is found 20 s or more from the server's corrects it, tests/wallet/test_tablet_clock.py;
    # a reading taken between the two moves must not be that far off).
    sqlite_server.set_clock(int(clock()))
    _window, kid = seeded_tablet(make_window, sqlite_world, tmp_path, clock)
    source = kid.source
    assert source is not None and source.frame is not None
    qtbot.waitUntil(lambda: kid.online, timeout=WAIT_MS)
    assert kid.code_screen.status.text() == "● Online"
    first = source.frame

    # After the period, a new code, without a payment.
    rotate_s = source.device.cert.rotate_s
    assert rotate_s == 30
    for _half in range(2):  # each half under the 20 s a tablet's clock may be off unnoticed
        clock.offset_s += rotate_s / 2
        sqlite_server.set_clock(int(clock()))
    qtbot.waitUntil(lambda: source.frame is not None and source.frame.step == first.step + 1,
                    timeout=WAIT_MS)
    assert read_qr(kid.code_screen.qr) == [source.frame.code]
    assert source.frame.code != first.code

    # With the server stopped: offline, and the code still rotates and verifies offline.
    sqlite_server.stop()
    qtbot.waitUntil(lambda: not kid.online, timeout=WAIT_MS)
    assert kid.code_screen.status.text().startswith("Offline")
    assert "synced" in kid.code_screen.status.text()
    before = source.frame
    clock.offset_s += rotate_s
    qtbot.waitUntil(lambda: source.frame is not None and source.frame.step == before.step + 1,
                    timeout=WAIT_MS)
    on_screen = read_qr(kid.code_screen.qr)
    assert on_screen == [source.frame.code]
    verified = codes.verify_code(on_screen[0], keys, now_s=int(clock()))
    assert verified.step == before.step + 1
    assert "".join(kid.code_screen.numeric.text().split()) == source.frame.numeric

    # And back online when the server is.
    sqlite_server.start()
    qtbot.waitUntil(lambda: kid.online, timeout=WAIT_MS)


def test_payer_stream_reconnects_and_misses_nothing(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
    sqlite_server: ServerProcess,
) -> None:
    url = sqlite_world["server_url"]
    parent = make_window("payer", server_url=url, role="payer")
    payer = payer_signed_in(qtbot, parent, sqlite_world)
    qtbot.waitUntil(lambda: payer.activity.link_state.text() == "● Live", timeout=WAIT_MS)
    device = Device.load(Path(sqlite_world["delegate"]["device"]))

    sqlite_server.stop()
    qtbot.waitUntil(lambda: payer.activity.link_state.text() == "Reconnecting…",
                    timeout=WAIT_MS)
    sqlite_server.start()
    # Pay at once: the stream may not be back yet; it resumes after the last event it saw.
    payment = pay(sqlite_world, device.code_at(int(time.time())), 700)
    assert payment.status == "approved"
    qtbot.waitUntil(
        lambda: any(line.key == f"payment:{payment.id}" for line in payer.activity.lines),
        timeout=WAIT_MS,
    )
    assert payer.activity.link_state.text() == "● Live"


def test_offline_amount_says_when_it_was_true(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
    sqlite_server: ServerProcess, tmp_path: Path,
) -> None:
    """Issue 10 §8: "as of 10:42", never "as of at 10:42"."""
    _window, kid = seeded_tablet(make_window, sqlite_world, tmp_path, OffsetClock())
    qtbot.waitUntil(lambda: kid.code_screen.left_today.text() == "¥100.00", timeout=WAIT_MS)
    sqlite_server.stop()
    qtbot.waitUntil(lambda: not kid.online, timeout=WAIT_MS)
    then_s = int(time.time()) - 600
    kid.settings.put("delegate/left_as_of", then_s)
    kid._set_online(False)
    then, today = time.localtime(then_s), time.localtime()
    expected = (time.strftime("%H:%M", then) if then[:3] == today[:3]
                else time.strftime("%-d %b, %H:%M", then))
    assert kid.code_screen.left_note.text() == f"left to spend today (as of {expected})"


def test_a_lowered_offline_cap_reaches_the_tablet_and_its_codes(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
    sqlite_server: ServerProcess, tmp_path: Path,
) -> None:
    """The payer lowers the offline cap: the server issues the device a new certificate,
    the tablet takes it at its next sync, and the codes it shows carry it (a till offline
    then holds the child to the new cap). A certificate for another device is not taken."""
    url = sqlite_world["server_url"]
    _window, kid = seeded_tablet(make_window, sqlite_world, tmp_path, OffsetClock())
    source = kid.source
    assert source is not None and source.frame is not None
    qtbot.waitUntil(lambda: kid.online, timeout=WAIT_MS)
    old_cert = source.device.cert
    assert old_cert.offline_cap_minor == sqlite_world["grant"]["offline_cap"] == 2_000

    with Client(url, token=sqlite_world["payer"]["token"]) as payer:
        payer.change_grant(sqlite_world["grant"]["id"], schemas.GrantChange(offline_cap=500))
    qtbot.waitUntil(lambda: source.device.cert.offline_cap_minor == 500, timeout=WAIT_MS)
    new_cert = source.device.cert
    assert new_cert.cert_id != old_cert.cert_id
    # On screen: a code made with the new certificate, and the file keeps it.
    qtbot.waitUntil(lambda: source.frame is not None
                    and codes.parse_code(source.frame.code).cert.cert_id == new_cert.cert_id,
                    timeout=WAIT_MS)
    on_screen = read_qr(kid.code_screen.qr)
    assert on_screen == [source.frame.code]
    assert codes.parse_code(on_screen[0]).cert.offline_cap_minor == 500
    saved = Device.load(kid.folder.device_path)
    assert saved.cert.cert_id == new_cert.cert_id

    # The same answer offered to another device (another key) is refused, and changes nothing.
    with Client(url, token=sqlite_world["delegate"]["token"]) as delegate:
        answer = delegate.certificate(sqlite_world["grant"]["id"])
    other = Device.load(Path(sqlite_world["delegate"]["device"]))
    other.key = Ed25519PrivateKey.generate()
    before = other.cert
    with pytest.raises(CodeForged):
        other.take_certificate(answer)
    assert other.cert is before
