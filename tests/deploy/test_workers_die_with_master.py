"""`kinpay server --workers 2` killed outright (kill -9 of the process the shop started, or
the OOM killer) takes its workers with it (operations review 37, M1). Before, the two
workers went on serving on the port they inherited, without the payment writer, and a
server started again could not bind the port. Real processes, real signals."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx

from tests.servers import ServerProcess

GONE_WITHIN_S = 30  # a bound for a loaded machine: the workers' graceful stop is 3 s


def children_of(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines()
                          if ":\t" in line)
        except OSError:  # gone meanwhile
            continue
        if fields.get("PPid", "").strip() == str(pid):
            found.append(int(status.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_killing_the_master_stops_its_workers(tmp_path: Path) -> None:
    server = ServerProcess(db=str(tmp_path / "kinpay.db"), workers=2,
                           log_path=tmp_path / "server.log").start()
    assert server.proc is not None
    master = server.proc.pid
    workers = [pid for pid in children_of(master)
               if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]
    try:
        assert len(workers) == 2, f"uvicorn's workers of {master}: {workers}"
        os.kill(master, signal.SIGKILL)
        server.proc.wait(timeout=15)
        deadline = time.monotonic() + GONE_WITHIN_S
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = [pid for pid in workers if alive(pid)]
        assert not left, f"workers {left} still run {GONE_WITHIN_S} s after their master died"
        # The port is free again: the shop's server starts again on it and answers.
        again = ServerProcess(db=server.db, port=server.port, workers=2,
                              log_path=tmp_path / "again.log").start()
        try:
            assert httpx.get(f"{again.url}/v1/health", timeout=10).json()["ok"] is True
        finally:
            again.stop()
    finally:
        for pid in workers:  # a failing run leaves nothing behind
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
