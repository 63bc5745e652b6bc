"""The test suite's fork server (bench/forkserver.py) gives each `kinpay` command a process
of its own, as `python -m kinpay` would: its own pid and session, its output, its exit
status, its signals. (The environment each child gets is exercised by the servers started
with their own settings, e.g. tests/security/test_front_door.py's KINPAY_FAST_PATH.)"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

from bench.servers import FORKSERVER_ENV, ServerProcess, run_kinpay, spawn_kinpay


def test_the_suite_runs_kinpay_through_the_fork_server() -> None:
    assert os.environ.get(FORKSERVER_ENV) == "1"  # tests/conftest.py asks for it


def test_output_and_exit_status_are_the_commands_own(tmp_path: Path) -> None:
    done = run_kinpay("terminal", "add", "--db", str(tmp_path / "k.db"), "--merchant", "Fork",
                      "--category", "books")
    assert done.returncode == 0 and '"api_key"' in done.stdout
    assert "shown only this once" in done.stderr
    refused = run_kinpay("terminal", "revoke", "no-such-terminal", "--db",
                         str(tmp_path / "k.db"), check=False)
    assert refused.returncode == 2 and "no-such-terminal" in refused.stderr
    with pytest.raises(subprocess.CalledProcessError):
        run_kinpay("no-such-command")


def test_a_child_has_its_own_pid_session_and_signals(tmp_path: Path) -> None:
    out, err = tmp_path / "out", tmp_path / "err"
    child = spawn_kinpay(["--help"], stdout=out, stderr=err)
    assert child.wait(60) == 0 and "usage: kinpay" in out.read_text()

    server = ServerProcess(db=str(tmp_path / "s.db"), log_path=tmp_path / "s.log").start()
    try:
        assert server.proc is not None and server.proc.pid != os.getpid()
        assert os.getsid(server.proc.pid) == server.proc.pid  # a session of its own
        assert server.proc.poll() is None
        os.killpg(server.proc.pid, signal.SIGKILL)
        assert server.proc.wait(30) == -signal.SIGKILL
    finally:
        server.stop()


def test_a_childs_exit_status_is_the_interpreters(capsys: pytest.CaptureFixture[str]) -> None:
    # What `sys.exit(x)` gives a process (the fork server's children end with os._exit).
    from bench.forkserver import _exit_status

    assert _exit_status(None) == 0
    assert _exit_status(0) == 0 and _exit_status(3) == 3
    assert capsys.readouterr().err == ""
    assert _exit_status("refused: no such grant") == 1
    assert capsys.readouterr().err == "refused: no such grant\n"


def test_a_server_stopped_by_sigterm_ends_as_python_m_kinpay_does(tmp_path: Path) -> None:
    # `python -m kinpay server` stops cleanly on SIGTERM, then uvicorn raises the signal
    # again: the process ends killed by it (status 143 in a shell), not with status 0.
    server = ServerProcess(db=str(tmp_path / "s.db"), log_path=tmp_path / "s.log").start()
    try:
        assert server.proc is not None
        os.kill(server.proc.pid, signal.SIGTERM)
        assert server.proc.wait(30) == -signal.SIGTERM
        assert "Traceback" not in (tmp_path / "s.log").read_text()
    finally:
        server.stop()
