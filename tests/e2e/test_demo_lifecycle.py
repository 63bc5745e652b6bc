"""The interactive demo: Ctrl+C, or closing the terminal's window, stops every process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kinpay.control import ControlClient
from tests.servers import free_port

START_S = 120


def _start(tmp_path: Path) -> subprocess.Popen[str]:
    # A display is claimed, so the demo runs its windows; Qt draws them offscreen here.
    env = {**os.environ, "DISPLAY": ":kinpay-test", "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(
        [sys.executable, "-m", "kinpay", "demo", "--data", str(tmp_path / "data"),
         "--port", str(free_port())],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
        start_new_session=True,
    )


def _wait_ready(proc: subprocess.Popen[str]) -> list[str]:
    lines: list[str] = []
    assert proc.stdout is not None
    deadline = time.monotonic() + START_S
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "press Ctrl+C" in line:
            return lines
    raise AssertionError("the demo did not start: " + "".join(lines))


def _children_of(data: Path) -> list[str]:
    found = subprocess.run(["pgrep", "-f", str(data)], capture_output=True, text=True)
    return found.stdout.split()


@pytest.mark.parametrize("how", ["ctrl-c", "close-the-terminal"])
def test_stopping_the_demo_leaves_nothing_running(tmp_path: Path, how: str) -> None:
    proc = _start(tmp_path)
    try:
        lines = _wait_ready(proc)
        assert any("simulated" in ln for ln in lines)
        running = _children_of(tmp_path / "data")
        assert len(running) >= 4  # the demo, server, two wallets and the terminal
        if how == "ctrl-c":
            proc.send_signal(signal.SIGINT)
        else:
            remote = ControlClient(tmp_path / "data" / "control" / "pos.sock")
            try:
                assert remote.call("quit") == "closing"
            finally:
                remote.close()
        assert proc.wait(timeout=60) in (0, 130)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
        if proc.stdout is not None:
            proc.stdout.close()
    deadline = time.monotonic() + 15
    while _children_of(tmp_path / "data") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _children_of(tmp_path / "data") == []
