"""The interactive demo keeps its parts running (issue 10 §1, §5): a server that dies is
started again on the same port; a terminal killed with SIGKILL is named, the last lines
of its log and its path are shown, and it is started again; a part that keeps dying stops
the demo with a non-zero status, never a silent 0. And a busy port is never swapped for
another: the demo says who holds it and stops.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from kinpay.client import Client
from kinpay.control import ControlClient
from kinpay_demo.watch import read_status
from tests.servers import free_port

START_S = 180


class Demo:
    """`kinpay demo` with its windows drawn offscreen, and its console read as it goes."""

    def __init__(self, data: Path, port: int, extra_env: dict[str, str] | None = None,
                 args: tuple[str, ...] = ()) -> None:
        env = {**os.environ, "DISPLAY": ":kinpay-test", "QT_QPA_PLATFORM": "offscreen",
               **(extra_env or {})}
        self.data, self.port = data, port
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kinpay", "demo", "--data", str(data), "--port", str(port),
             *args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
            start_new_session=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)

    @property
    def out(self) -> str:
        return "".join(self.lines)

    def wait_for(self, text: str, timeout_s: float = START_S) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if text in self.out:
                return
            if self.proc.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.2)
        raise AssertionError(f"never saw {text!r}; the demo said:\n{self.out}")

    def pids(self) -> dict[str, int]:
        parts = read_status(self.data / "demo-status.json")["parts"]
        return {name: int(p["pid"]) for name, p in parts.items()}

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self._reader.join(10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def test_a_killed_server_and_a_killed_terminal_are_named_and_started_again(
    tmp_path: Path,
) -> None:
    demo = Demo(tmp_path / "data", free_port())
    try:
        demo.wait_for("press Ctrl+C")
        first = demo.pids()
        os.kill(first["server"], signal.SIGKILL)
        demo.wait_for("the settlement server is back")
        assert "the settlement server (server) was killed by SIGKILL" in demo.out
        assert str(tmp_path / "data" / "logs" / "server.log") in demo.out
        assert demo.pids()["server"] != first["server"]
        health = httpx.get(f"http://127.0.0.1:{demo.port}/v1/health", timeout=5)
        assert health.status_code == 200  # the same port as before

        os.kill(first["pos"], signal.SIGKILL)
        demo.wait_for("the cashier's terminal is back")
        assert "the cashier's terminal (pos) was killed by SIGKILL" in demo.out
        assert str(tmp_path / "data" / "logs" / "pos.log") in demo.out
        assert "    | " in demo.out  # the last lines of the log, quoted
        assert demo.pids()["pos"] != first["pos"]
        assert demo.proc.poll() is None  # the demo goes on
        # The new terminal answers its remote control, and the wallets never stopped.
        remote = ControlClient(tmp_path / "data" / "control" / "pos.sock")
        try:
            assert remote.call("ping", timeout_s=30) is not None
        finally:
            remote.close()
        assert {k: demo.pids()[k] for k in ("payer", "delegate")} == {
            k: first[k] for k in ("payer", "delegate")}
    finally:
        demo.stop()


def _kill_terminal(demo: Demo, times: int, *, back: int) -> None:
    """Kill the terminal `times` times, each after it is back (`back` of those restarts
    are waited for: the last kill's may not come)."""
    for attempt in range(times):
        pid = demo.pids()["pos"]
        os.kill(pid, signal.SIGKILL)
        if attempt < back:
            demo.wait_for(f"({attempt + 1} of at most 3 in ")
            demo.wait_for("the cashier's terminal is back", 120)
            deadline = time.monotonic() + 60
            while demo.pids()["pos"] == pid and time.monotonic() < deadline:
                time.sleep(0.2)
            demo.lines.clear()  # the next restart's words, not these


def test_a_part_that_keeps_dying_stops_the_demo_with_a_non_zero_status(tmp_path: Path) -> None:
    demo = Demo(tmp_path / "data", free_port())
    try:
        demo.wait_for("press Ctrl+C")
        _kill_terminal(demo, 4, back=3)  # one more than the restarts allowed in 5 minutes
        assert demo.proc.wait(120) == 1
        demo.wait_for("died 4 times in 5 minutes; stopping the demo", 10)
    finally:
        demo.stop()


def test_a_terminal_that_dies_now_and_then_is_started_again_each_time(tmp_path: Path) -> None:
    """Found live: a till killed a fourth time in an afternoon stopped the whole demo (the
    server and both wallets). Only deaths within the window count: here a second's, so four
    deaths, each after the terminal came back, are four restarts."""
    window_s = 1.0
    demo = Demo(tmp_path / "data", free_port(),
                extra_env={"KINPAY_DEMO_CRASH_WINDOW_S": str(window_s)})
    try:
        demo.wait_for("press Ctrl+C")
        said: list[str] = []
        for _ in range(4):
            pid = demo.pids()["pos"]
            os.kill(pid, signal.SIGKILL)
            demo.wait_for("the cashier's terminal is back", 120)
            said.append(demo.out)
            demo.lines.clear()
            # The death was counted before "back" was said: the next one, a window later,
            # is outside it (a fresh-clone CI run: the till came back within the second,
            # and the next death counted 2 of 3).
            time.sleep(window_s + 0.1)
        assert demo.proc.poll() is None
        # Each death counted alone: the others were longer ago than the window.
        assert all("again (1 of at most 3 in " in out for out in said)
        assert demo.pids()["pos"] != pid
    finally:
        demo.stop()


def test_a_busy_port_is_named_and_never_swapped_for_another(tmp_path: Path) -> None:
    port = free_port()
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", port))
        holder.listen(1)
        # The shop owner's wait, shortened from its 20 s default (`--port-wait`).
        demo = Demo(tmp_path / "data", port, args=("--port-wait", "2"))
        try:
            demo.wait_for(f"port {port} is held by pid {os.getpid()}", 60)
            demo.wait_for("waiting up to 2 s for it", 10)
            assert demo.proc.wait(90) == 1
            demo.wait_for("does not move by itself", 10)
        finally:
            demo.stop()
    assert not (tmp_path / "data" / "control" / "pos.sock").exists()


def test_an_app_that_dies_at_start_is_named_with_its_log_and_the_demo_fails(
    tmp_path: Path,
) -> None:
    # Qt can't load a platform that does not exist: the first app aborts as it starts,
    # as it did on a display without Qt's xcb libraries.
    demo = Demo(tmp_path / "data", free_port(), {"QT_QPA_PLATFORM": "no-such-platform"})
    try:
        assert demo.proc.wait(120) == 1
        demo.wait_for("did not start", 10)
        assert "the parent's wallet (payer)" in demo.out
        assert f"its log is {tmp_path / 'data' / 'logs' / 'payer.log'}" in demo.out
        assert "no-such-platform" in demo.out  # Qt's own words, from the log's last lines
    finally:
        demo.stop()


def test_a_second_demo_after_the_password_changed_in_the_app_waits_at_sign_in(
    tmp_path: Path,
) -> None:
    """Found in live use: the parent changed the password in the wallet's Settings, and the
    next `make demo` (with the same data, as the README says it carries on) signed in with
    the demo's saved one, timed out and stopped everything with status 1, its screen black.
    Now the parent's wallet waits on its sign-in page, the demo says why, and goes on."""
    port = free_port()
    demo = Demo(tmp_path / "data", port)
    try:
        demo.wait_for("press Ctrl+C")
        found = re.search(r"the parent (\S+) \(password (\S+)\)", demo.out)
        assert found is not None, demo.out
        name, password = found.groups()
        with Client(f"http://127.0.0.1:{port}") as parent:
            parent.sign_in(name, password)
            parent.change_password(password, "a new password, long enough")
    finally:
        demo.stop()
    again = Demo(tmp_path / "data", port)
    try:
        again.wait_for("press Ctrl+C")
        assert f"could not sign in as {name} with the demo's password" in again.out
        assert again.proc.poll() is None
        remote = ControlClient(tmp_path / "data" / "control" / "payer.sock")
        try:
            assert remote.call("state", timeout_s=30)["screen"] == "sign_in"
        finally:
            remote.close()
        child = ControlClient(tmp_path / "data" / "control" / "delegate.sock")
        try:  # the child's tablet signed in as before
            assert child.call("state", timeout_s=30)["screen"] == "code"
        finally:
            child.close()
    finally:
        again.stop()
