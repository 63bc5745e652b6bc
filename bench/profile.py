"""Where a server process spends its time under load: py-spy samples, summed by layer.

py-spy (a dev dependency, in .venv/bin) attaches to the running server from outside, so
the server runs unchanged. It samples only threads that are running, so a thread's
samples divided by (seconds × rate) is how busy it was: near 1.0 for a thread that is the
bottleneck. Each sample is put in the layer of its innermost frame that names one.

A thread in C code that lets the interpreter lock go (SQLite running a statement, OpenSSL
checking a signature, psycopg waiting for PostgreSQL's answer) still counts as running. So
a second py-spy samples, at the same time, only the thread that holds the lock (`--gil`):
that share is what one process's interpreter can't do on two cores at once.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from bench.report import Table

RATE_HZ = 250
ATTACH_S = 0.4  # py-spy needs a moment to attach before the load starts
# (layer, fragments of a frame's "function (file:line)"), innermost frame first.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("SQL statements (server_stub.db → sqlite3/psycopg)", ("server_stub/db.py", "psycopg/")),
    ("code parsing and signatures (kinpay.codes)", ("kinpay/codes.py", "kinpay/base45.py")),
    ("pydantic validation and serialisation", ("pydantic",)),
    ("JSON", ("json/",)),
    ("payment rules, ledger, events (server_stub)", ("server_stub/",)),
    ("HTTP protocol (uvicorn, httptools)", ("uvicorn/protocols", "httptools")),
    ("FastAPI / Starlette routing, dependencies, middleware", ("fastapi/", "starlette/")),
    ("asyncio event loop", ("asyncio/", "uvloop")),
    ("threads, queues, futures", ("anyio/", "concurrent/", "threading.py", "queue.py")),
)


def _py_spy() -> str | None:
    local = Path(sys.executable).parent / "py-spy"
    return str(local) if local.is_file() else shutil.which("py-spy")


def layer_of(frames: list[str]) -> str:
    for frame in reversed(frames):
        for name, fragments in LAYERS:
            if any(f in frame for f in fragments):
                return name
    return "other"


def _thread_name(head: str) -> str:
    # "thread (12345): MainThread" → "MainThread"; worker threads are numbered by py-spy.
    name = head.split(":", 1)[1].strip() if ":" in head else head
    if name.startswith("kinpay-writer"):
        return "kinpay-writer"  # on PostgreSQL several threads: summed
    return "AnyIO worker threads" if name.startswith(("AnyIO", "ThreadPool")) else name


def summarize(raw: Path, duration_s: float) -> tuple[Table, Table, dict[str, float]]:
    """Two tables (threads by layer, hottest lines) and each thread's busy share."""
    per_thread: Counter[str] = Counter()
    per_layer: dict[str, Counter[str]] = {}
    leaves: Counter[str] = Counter()
    total = 0
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        head, *frames = stack.split(";")
        thread = _thread_name(head)
        per_thread[thread] += count
        per_layer.setdefault(thread, Counter())[layer_of(frames)] += count
        if frames:
            leaves[f"{frames[-1]} [{thread}]"] += count
        total += count
    possible = duration_s * RATE_HZ
    busy = {t: n / possible for t, n in per_thread.items()}
    threads = Table("Server threads under load: how busy, and in what (py-spy samples)",
                    ["thread", "busy (share of one core)", "where its samples fall"])
    for thread, n in per_thread.most_common():
        layers = per_layer[thread].most_common(5)
        where = "; ".join(f"{name} {100 * k / n:.0f} %" for name, k in layers)
        threads.add(thread, f"{busy[thread]:.2f}", where)
    hot = Table(f"Hottest lines (innermost frame), of {total} samples",
                ["line", "share of samples"])
    for leaf, n in leaves.most_common(12):
        hot.add(f"`{leaf}`", f"{100 * n / max(total, 1):.1f} %")
    return threads, hot, busy


# A writer thread's frame while it has work in hand: SQLite's one thread with a batch (its
# statements, its commit, its turn), each PostgreSQL thread with a job.
WORKING_FRAMES = ("Writer._commit_batch", "Writer._one")


def in_work(raw: Path, duration_s: float) -> float:
    """From samples taken with `--idle` (every thread at every tick, waiting or not): the
    share of the time the writer thread(s) had work in hand, waits included (for the
    interpreter lock, the disk, another process's turn). Near 1.0 per thread, the writer
    is the bound even where its busy share (running only) is well below it."""
    working = 0
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        head, _, frames = stack.partition(";")
        if _thread_name(head) == "kinpay-writer" and any(f in frames for f in WORKING_FRAMES):
            working += int(count_text)
    return working / (duration_s * RATE_HZ)


def _record(
    spy: str, pid: int, duration_s: float, out: Path, *extra: str
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [spy, "record", "--pid", str(pid), "--duration", f"{duration_s:g}", "--rate",
         str(RATE_HZ), "--format", "raw", "--threads", "--nonblocking", *extra,
         "--output", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def _finish(proc: subprocess.Popen[bytes], timeout_s: float) -> str:
    """Wait for one py-spy; '' when it wrote its samples, else why not."""
    try:
        _, err = proc.communicate(timeout=timeout_s)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    if proc.returncode != 0:
        detail = err.decode(errors="replace").strip().splitlines()[-1:] if err else []
        return "; ".join(detail) or f"exit {proc.returncode}"
    return ""


def sample_under_load(
    pid: int, duration_s: float, load: Callable[[], float], out: Path,
    server: str = "SQLite server",
) -> str:
    """Run `load` (returns payments/s) while py-spy samples `pid`; a page section's text."""
    spy = _py_spy()
    if spy is None:
        return "py-spy is not installed here, so there is no profile (`make setup` has it)."
    gil_out = out.with_name(out.stem + "-gil" + out.suffix)
    idle_out = out.with_name(out.stem + "-idle" + out.suffix)
    procs = [_record(spy, pid, duration_s, out), _record(spy, pid, duration_s, gil_out, "--gil"),
             _record(spy, pid, duration_s, idle_out, "--idle")]
    try:
        time.sleep(ATTACH_S)
        rate = load()
    finally:
        problems = [_finish(p, duration_s + 60) for p in procs]
    if problems[0] or not out.is_file():
        return f"py-spy could not sample the server ({problems[0] or 'no output'})."
    threads, hot, busy = summarize(out, duration_s)
    main = busy.get("MainThread", 0.0)
    writer = busy.get("kinpay-writer", 0.0)
    if problems[1] or not gil_out.is_file():
        held_text = f"py-spy could not sample the interpreter lock ({problems[1] or 'no output'})."
    else:
        held = summarize(gil_out, duration_s)[2]
        held_main, held_writer = held.get("MainThread", 0.0), held.get("kinpay-writer", 0.0)
        held_text = (
            f"Sampled at the same time, the interpreter lock was held {held_main + held_writer:.2f}"
            f" of the time: {held_main:.2f} by the event loop, {held_writer:.2f} by the writer "
            "thread(s). Only that part can't run beside itself within one process; the rest "
            "of the busy time is C code that lets the lock go (SQLite's statements, the "
            "Ed25519 check, psycopg waiting for PostgreSQL's answer, which py-spy counts as "
            "running). A process's interpreter is the bound when the lock's share nears 1.0."
        )
    if problems[2] or not idle_out.is_file():
        work_text = f"py-spy could not sample the waiting threads ({problems[2] or 'no output'})."
    else:
        working = in_work(idle_out, duration_s)
        work_text = (
            f"Sampled a third time with waits counted (`--idle`), the writer thread(s) had "
            f"work in hand {working:.2f} of the time: running {writer:.2f}, and "
            f"{max(working - writer, 0.0):.2f} waiting in the middle of it (for the "
            "interpreter lock, the disk's flush at commit, the other process's turn, or "
            "PostgreSQL). A writer near 1.0 per thread is the bound: payments wait for it, "
            "whatever its busy share says."
        )
    return "\n".join([
        f"### What holds the {server} back",
        "",
        f"py-spy sampled the {server} at {RATE_HZ} Hz for {duration_s:g} s while 64 "
        f"terminals paid ({rate:,.0f} payments/s during the profile; sampling slows it a "
        "little). A thread's busy share is its samples over the samples possible: 1.00 is "
        "a thread that never waits.",
        "",
        threads.markdown(),
        "",
        hot.markdown(),
        "",
        f"The event loop (MainThread) was busy {main:.2f} of the time and the writer "
        f"thread(s) {writer:.2f}. {held_text}",
        "",
        work_text,
    ])
