"""The control's "quit" ends the wallet's process, every time, its settings and the tablet's
files saved. Before, it closed the window and at times left the app running with no
window and its control still listening (a parent's wallet, 1 start in 3 to 20 after a
sign-in, over TLS or not): an answer on its way at the close (the parent's home, asked for
at sign-in) was shown after it, a label of the home flashed as a window of its own, and
showing a window takes back Qt's own quit at the last window's close (a Quit event posted
for later). A test that stopped its wallets with "quit" had to kill them instead.

Real wallets (`kinpay wallet`, offscreen, driven through their control socket as the demo
drives them) against a real server, over a slow link (slow_link: each connection's first
answer held a moment, the event stream's longer, as on a shop's busy Wi-Fi or a TLS
handshake), so that the home's answer is on its way when "quit" comes and lands while the
window closes (its close waits for the event stream to stop): several starts of each role,
each signed in, then told to quit."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.servers import Forked
from kinpay.control import ControlClient
from kinpay.tls import ENV_CA_FILE, ENV_PIN
from tests.proxy import HoldingProxy
from tests.servers import ServerProcess, seed, spawn_kinpay

STARTS_PER_ROLE = 2
START_WAIT_S = 60  # a loaded machine starts Qt slowly; not a measure of anything
# A bound, not a measure: the window's close waits for calls still running (at most 8 s)
# and the event stream (3 s); the process then ends at once.
QUIT_WAIT_S = 20
ANSWER_HOLD_S = 0.4  # each connection's first answer, on the slow link
STREAM_HOLD_S = 1.5  # the event stream's first answer: it comes after the others
STREAM_REQUEST = b"GET /v1/events"


def slow_link(target_port: int) -> HoldingProxy:
    """A TCP relay on 127.0.0.1 to the server that holds each connection's first answer
    ANSWER_HOLD_S, the event stream's STREAM_HOLD_S; the rest of a connection flows."""
    return HoldingProxy(target_port, hold_by_request=lambda asked: (
        STREAM_HOLD_S if asked.startswith(STREAM_REQUEST) else ANSWER_HOLD_S)).start()


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess,
                                                                     dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("shop")
    server = ServerProcess(db=str(folder / "kinpay.db"), log_path=folder / "server.log").start()
    try:
        yield server, seed(server.db, folder / "devices", server.url)
    finally:
        server.stop()


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for name in (ENV_CA_FILE, ENV_PIN):
        monkeypatch.delenv(name, raising=False)
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def _start(args: list[str], env: dict[str, str], tmp_path: Path, name: str,
           ) -> tuple[Forked, ControlClient]:
    control = tmp_path / f"{name}.sock"
    err = tmp_path / f"{name}.err"
    wallet = spawn_kinpay([*args, "--control", str(control)], env=env,
                          stdout=tmp_path / f"{name}.out", stderr=err)
    deadline = time.monotonic() + START_WAIT_S
    while not control.exists() and time.monotonic() < deadline:
        assert wallet.poll() is None, f"the wallet ({name}) exited: {err.read_text()}"
        time.sleep(0.05)
    assert control.exists(), f"the wallet ({name}) made no control socket: {err.read_text()}"
    remote = ControlClient(control)
    remote.wait_ready(START_WAIT_S, alive=lambda: wallet.poll() is None)
    return wallet, remote


def _ended(wallet: Forked) -> int | None:
    """The wallet's exit code once it ended, None while it still runs after QUIT_WAIT_S."""
    try:
        return wallet.wait(QUIT_WAIT_S)
    except subprocess.TimeoutExpired:
        return None


@pytest.mark.parametrize("role", ["payer", "delegate"], ids=["parents-wallet", "childs-tablet"])
def test_quit_ends_the_wallet_every_time(shop: tuple[ServerProcess, dict[str, Any]],
                                         env: dict[str, str], tmp_path: Path,
                                         role: str) -> None:
    server, world = shop
    who = world[role]
    link = slow_link(server.port)
    try:
        for start in range(STARTS_PER_ROLE):
            name = f"{role}-{start}"
            data = tmp_path / name
            if role == "delegate":  # a paired tablet, as the demo hands it over
                data.mkdir(mode=0o700)
                shutil.copyfile(who["device"], data / "device.json")
            wallet, remote = _start(["wallet", "--role", role, "--server", link.url,
                                     "--data", str(data)], env, tmp_path, name)
            try:
                signed = remote.call("sign_in", name=who["name"], password=who["password"],
                                     role=role)
                assert signed == role, f"start {start + 1}: the {role}'s wallet did not sign in"
                assert remote.call("quit") == "bye"
                remote.close()
                code = _ended(wallet)
                assert code is not None, (
                    f"start {start + 1} of {STARTS_PER_ROLE}: the {role}'s wallet still ran "
                    f"{QUIT_WAIT_S} s after its control's \"quit\" closed its window")
                assert code == 0, f"start {start + 1}: the {role}'s wallet ended with {code}: " \
                                  f"{(tmp_path / f'{name}.err').read_text()}"
            finally:
                remote.close()
                if wallet.poll() is None:
                    wallet.kill()
                    wallet.wait(15)
            # What the wallet saves at its close is there: who signed in, as what; the
            # tablet's device and its session, for its next start.
            kept = (data / "wallet.ini").read_text()
            assert f"user_name={who['name']}" in kept, kept
            assert f"role={role}" in kept, kept
            if role == "delegate":
                assert (data / "device.json").exists(), "the tablet's device file is gone"
                session = json.loads((data / "session.json").read_text())
                assert session.get("token") and session.get("name") == who["name"], session
    finally:
        link.stop()
