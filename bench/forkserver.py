"""A fork server for the test suite's `kinpay` processes.

The suite starts a `kinpay server` or runs a short `kinpay` command a few hundred times, and
each new interpreter pays about 1.5 s of CPU for Python's start and its imports (FastAPI,
pydantic's schemas, Alembic and SQLAlchemy, uvicorn) before it does anything. This process
imports all of that once, then forks one child per request. Each child is a real process of
its own (its own pid, session, files, signals and exit status) and runs exactly what
`python -m kinpay ARGS` runs: `sys.exit(kinpay.cli.main(ARGS))`. It ends as a child of
Python's own fork-based multiprocessing does: its non-daemon threads joined, its atexit
handlers run (logging's flush among them), its standard streams flushed, then `os._exit`
with the status the interpreter would have given (`_end`). The interpreter's teardown of
every module is skipped: in a forked child it wrote to, and so copied, every page of the
preloaded heap (0.13 s a child even with the heap frozen, 0.02 s without it).

Only the test suite uses it (`KINPAY_TEST_FORKSERVER=1`, set by tests/conftest.py; see
`bench.servers.spawn_kinpay`); the benchmarks, the demo and a shop start `kinpay` the usual
way. Requests come as one JSON line each on stdin and the child's pid goes back as one
line on stdout; when a child ends, its wait status is written to `<dir>/<id>.status`.
"""

from __future__ import annotations

import atexit
import gc
import json
import os
import random
import select
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

POLL_S = 0.02  # how soon an ended child is reaped and its status written


# What a `kinpay` child imports as it starts (a server: found by comparing sys.modules
# before and after one start), imported once here, before any fork.
PRELOAD = (
    "alembic.command", "alembic.config", "alembic.runtime.migration",
    "anyio._backends._asyncio", "cryptography.hazmat.primitives.asymmetric.x25519", "psycopg",
    "sqlalchemy.dialects.sqlite", "uvicorn", "uvicorn.lifespan.on", "uvicorn.loops.auto",
    "uvicorn.loops.uvloop", "uvicorn.protocols.http.httptools_impl",
    "kinpay.tls", "server_stub.app", "server_stub.asgi", "server_stub.connections",
    "server_stub.integrity", "server_stub.migrations.ddl", "server_stub.seed", "server_stub.tls",
)


def _preload() -> None:
    """What every `kinpay` child would import: once, here, before any fork. Nothing here
    may start a thread or open a connection."""
    import importlib

    from kinpay.cli import build_parser

    for name in PRELOAD:
        importlib.import_module(name)
    build_parser()  # loads every command's plugin module


def _write_status(folder: str, ident: str, status: int) -> None:
    tmp = os.path.join(folder, f"{ident}.tmp")
    with open(tmp, "w") as fh:
        fh.write(str(status))
    os.replace(tmp, os.path.join(folder, f"{ident}.status"))


def _child(req: dict[str, Any]) -> Callable[[], None]:
    """In the new child: its session, files, folder and environment, then `kinpay ARGS`."""
    if req.get("new_session"):
        os.setsid()
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    for fd, path in ((1, req["stdout"]), (2, req["stderr"])):
        out = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.dup2(out, fd)
        os.close(out)
    os.close(null)
    os.closerange(3, 4096)
    sys.stdin = open(os.devnull)
    os.chdir(req["cwd"])
    gc.enable()
    os.environ.clear()
    os.environ.update(req["env"])
    random.seed()  # a forked child would otherwise repeat its siblings' random numbers
    args = list(req["args"])
    sys.argv = ["kinpay", *args]

    def run() -> None:
        from kinpay.cli import main

        try:
            status = _exit_status(main(args))
        except SystemExit as exc:
            status = _exit_status(exc.code)
        except KeyboardInterrupt:
            status = -signal.SIGINT
        except BaseException:
            sys.excepthook(*sys.exc_info())
            status = 1
        _end(status)

    return run


def _exit_status(code: object) -> int:
    """The exit status the interpreter gives `sys.exit(code)`."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _end(status: int) -> None:
    """A child's end: what the interpreter's shutdown does before it tears its modules
    down, then the process's exit (by SIGINT after an uncaught KeyboardInterrupt, as the
    interpreter does)."""
    for thread in threading.enumerate():
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    if status == -signal.SIGINT:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    os._exit(status & 0xFF)


def serve(folder: str) -> Callable[[], None] | None:
    """Fork a child per request until stdin closes; in a child, return what it runs."""
    children: dict[int, str] = {}
    pending = b""
    stdin = sys.stdin.fileno()
    while True:
        while children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            ident = children.pop(pid, None)
            if ident is not None:
                _write_status(folder, ident, status)
        ready, _, _ = select.select([stdin], [], [], POLL_S)
        if not ready:
            continue
        chunk = os.read(stdin, 65536)
        if not chunk:
            return None  # the test process has gone: so do we (children keep running)
        pending += chunk
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            req = json.loads(line)
            gc.freeze()
            pid = os.fork()
            if pid == 0:
                return _child(req)
            children[pid] = str(req["id"])
            os.write(1, f"{pid}\n".encode())


def main() -> None:
    folder = sys.argv[1]
    # As Python's gc documentation advises for a parent that forks without exec: no
    # collections while it imports (no freed holes in its pages), and everything it made
    # frozen before each fork, so a child's collections, and its interpreter's shutdown,
    # don't walk the parent's objects. Without it each child spent ~1 s at exit touching,
    # and so copying, every page of the preloaded heap.
    gc.disable()
    _preload()
    os.write(1, b"ready\n")
    child = serve(folder)
    if child is not None:
        child()


if __name__ == "__main__":
    main()
