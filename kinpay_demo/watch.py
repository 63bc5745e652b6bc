"""The demo's watchman: the port it keeps, what it says when a part dies, and the status
file that tells other tools (the soak, the tests) which process is which.

A demo that loses its terminal must not close every window without a word and exit 0;
one that finds its port busy must not quietly take another while a paired tablet keeps the
old address. Both were issue 10's first complaints.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PORT_WAIT_S = 20.0
LOG_TAIL_LINES = 15
LOG_READ_BYTES = 1024 * 1024  # how far back the quoted lines are looked for
HEALTH_CHECK = '"GET /v1/health '  # the demo's own question, a line a second in the log
# A part that dies more than MAX_RESTARTS times within CRASH_WINDOW_S is in a crash loop and
# stops the demo; deaths further apart are each started again (it counted a whole day's: a
# till killed a fourth time in an afternoon took the server and both wallets down with it).
MAX_RESTARTS = 3
CRASH_WINDOW_S = float(os.environ.get("KINPAY_DEMO_CRASH_WINDOW_S", "300"))
TCP_LISTEN = "0A"  # the state column of /proc/net/tcp for a listening socket

Say = Callable[[str], None]

WHO = {
    "server": "the settlement server",
    "payer": "the parent's wallet",
    "delegate": "the child's tablet",
    "pos": "the cashier's terminal",
}


class DemoError(Exception):
    """The root of the demo's errors: a part would not start, its port was taken, or it
    kept dying."""


def say(text: str) -> None:
    print(f"kinpay demo: {text}", flush=True)


# --- the port --------------------------------------------------------------------------------


def port_free(port: int) -> bool:
    """True when a server could listen on 127.0.0.1:port now. SO_REUSEADDR as uvicorn sets
    it, so connections still in TIME_WAIT from a demo just stopped don't count as busy."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _listening_inodes(port: int) -> set[str]:
    found: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            cols = line.split()
            if len(cols) <= 9 or cols[3] != TCP_LISTEN:
                continue
            if int(cols[1].rsplit(":", 1)[1], 16) == port:
                found.add(cols[9])
    return found


def port_holder(port: int) -> str:
    """Who listens on `port`, as a person would want to read it: pid and command line."""
    inodes = {f"socket:[{ino}]" for ino in _listening_inodes(port)}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fds = list((proc / "fd").iterdir())
        except OSError:
            continue  # another user's process, or gone
        for fd in fds:
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target in inodes:
                cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                return f"pid {proc.name} ({cmd.strip()[:160]})"
    return "a process this user can't see (try: sudo ss -ltnp)"


def claim_port(port: int, *, wait_s: float = PORT_WAIT_S, tell: Say = say) -> None:
    """Wait, boundedly, for `port` to be free; never move to another one."""
    if port_free(port):
        return
    tell(f"port {port} is held by {port_holder(port)}; waiting up to {wait_s:.0f} s for it")
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        time.sleep(0.5)
        if port_free(port):
            return
    raise DemoError(
        f"port {port} is still held by {port_holder(port)}. Stop that process, or start the "
        f"demo on another port with --port (the demo does not move by itself: a paired "
        f"tablet keeps the address it was given)."
    )


# --- a part that died ------------------------------------------------------------------------


def exit_text(returncode: int | None) -> str:
    if returncode is None:
        return "is running"
    if returncode < 0:
        try:
            return f"was killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"was killed by signal {-returncode}"
    return f"exited with status {returncode}"


def log_tail(path: Path, lines: int = LOG_TAIL_LINES) -> list[str]:
    """The log's last `lines` lines that say something: the demo's own health checks (one a
    second in the server's log) left out, and counted. A crash report quoted fifteen of
    them and nothing else (live QA 36 §16)."""
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            start = max(0, f.tell() - LOG_READ_BYTES)
            f.seek(start)
            text = f.read().decode(errors="replace")
    except OSError as exc:
        return [f"(can't read the log: {exc})"]
    every = text.splitlines()[1 if start else 0:]  # the first may be half a line
    kept = [line for line in every if HEALTH_CHECK not in line]
    skipped = len(every) - len(kept)
    tail = kept[-lines:]
    if skipped:
        tail.append(f"({skipped} health check{'s' if skipped > 1 else ''} "
                    f"(GET /v1/health) left out)")
    return tail


def report_death(name: str, returncode: int | None, log_path: Path, tell: Say = say) -> None:
    tell(f"{WHO.get(name, name)} ({name}) {exit_text(returncode)}. "
         f"The last lines of its log, {log_path}:")
    for line in log_tail(log_path):
        print(f"    | {line}", flush=True)


# --- the status file -------------------------------------------------------------------------


def write_status(path: Path, status: dict[str, Any]) -> None:
    """Written whole and renamed into place, so a reader never sees half of it."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(status, indent=1))
    os.replace(tmp, path)


def read_status(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data
