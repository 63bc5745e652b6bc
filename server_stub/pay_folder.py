"""The payment writer's supervisor and socket folder (server_stub/pay_writer.py).

The folder is made by each `kinpay server --workers N` on SQLite in the temporary folder,
0700, removed when it stops; the folders of servers killed outright (SIGKILL, a power cut)
are swept by the next one to start.

A folder's supervisor holds a lock in it (`flock`, let go by the kernel when the process
ends, however it ends), so a sweep never takes a running server's folder, even while its
writer is being started again and its socket answers nothing.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import select
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from server_stub.errors import ServerStubError

log = logging.getLogger("kinpay.pay_writer")

ENV = "KINPAY_PAY_WRITER"  # the socket's path, for the HTTP processes
START_TIMEOUT_S = 30.0
RESTART_S = 1.0  # the supervisor starts a writer that ended again after this long
READY = b"ready\n"  # what the writer says once it listens

FOLDER_PREFIX = "kinpay-pay-"
SOCKET_NAME = "writer.sock"
HELD_NAME = "supervisor.lock"  # locked by the folder's supervisor while it runs
STALE_AFTER_S = 60.0  # a folder this old with no supervisor is a dead server's (a start
#                       takes at most START_TIMEOUT_S, 30 s)


def make_folder() -> tuple[str, int]:
    """A new folder (0700) and the lock held in it while this process runs (its fd)."""
    folder = tempfile.mkdtemp(prefix=FOLDER_PREFIX)
    held = os.open(Path(folder) / HELD_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(held, fcntl.LOCK_EX)
    return folder, held


def remove_folder(folder: str, held: int) -> None:
    """The folder and what is in it (a killed writer's socket, the lock), then the lock."""
    for name in (SOCKET_NAME, HELD_NAME):
        with contextlib.suppress(OSError):
            os.unlink(Path(folder) / name)
    os.close(held)
    with contextlib.suppress(OSError):
        os.rmdir(folder)


def sweep_stale_folders(now_s: float | None = None) -> list[str]:
    """Remove the socket folders that servers killed outright (SIGKILL, a power cut) left
    in the temporary folder; the folders removed. Only this user's, only older than
    STALE_AFTER_S (a server starting now has an empty one for a moment), and only when
    its supervisor no longer holds its lock (an older release's folder, which has none:
    when nothing answers on its socket)."""
    now_s = time.time() if now_s is None else now_s
    gone = []
    for folder in Path(tempfile.gettempdir()).glob(FOLDER_PREFIX + "*"):
        try:
            info = folder.lstat()
            if (not folder.is_dir() or folder.is_symlink() or info.st_uid != os.getuid()
                    or now_s - info.st_mtime < STALE_AFTER_S):
                continue
            held, sock_path = folder / HELD_NAME, folder / SOCKET_NAME
            if held.exists():
                if _held(held):
                    continue  # its supervisor runs (its writer may be starting again)
            elif sock_path.exists() and _answers(str(sock_path)):
                continue
            for entry in folder.iterdir():
                entry.unlink()
            folder.rmdir()
            gone.append(str(folder))
        except OSError:
            continue  # another server's sweep got there first, or it is not ours to remove
    return gone


def _held(path: Path) -> bool:
    """Whether a running supervisor holds this lock (the kernel lets go of it when the
    process ends, however it ends)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def _answers(path: str) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(1.0)
        try:
            probe.connect(path)
        except OSError:
            return False
        return True


# --- the supervisor, in `kinpay server`'s first process ------------------------------------


class WriterDidNotStart(ServerStubError):
    """The payment writer process ended before it listened (or took over 30 s)."""


class Supervisor:
    """Starts the payment writer, starts it again when it ends, stops it at the end."""

    def __init__(self, db_url: str) -> None:
        self.db_url = db_url
        sweep_stale_folders()
        self.folder, self._held = make_folder()  # 0700, held while this runs
        self.path = str(Path(self.folder) / SOCKET_NAME)
        self.proc: subprocess.Popen[bytes] | None = None
        self.stopping = threading.Event()
        self.starts = 0
        self._watch = threading.Thread(target=self._watcher, name="kinpay-pay-writer",
                                       daemon=True)

    def start(self) -> None:
        self._start_one()
        self._watch.start()

    def _start_one(self) -> None:
        env = dict(os.environ, KINPAY_DB=self.db_url)
        proc = subprocess.Popen(
            [sys.executable, "-m", "server_stub.pay_writer", "--socket", self.path],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
        )
        assert proc.stdout is not None
        # Its "ready" once it listens; nothing if it failed to start.
        ready, _w, _x = select.select([proc.stdout], [], [], START_TIMEOUT_S)
        line = proc.stdout.readline() if ready else b""
        if line != READY:
            proc.kill()
            proc.wait()
            for pipe in (proc.stdin, proc.stdout):  # each try that failed left two open
                if pipe is not None:
                    pipe.close()
            raise WriterDidNotStart(
                f"the payment writer did not start (exit {proc.returncode}): see its log"
            )
        self.proc = proc
        self.starts += 1

    def _watcher(self) -> None:
        while not self.stopping.is_set():
            proc = self.proc
            assert proc is not None
            status = proc.wait()
            if self.stopping.is_set():
                return
            log.error("the payment writer ended (exit %s); starting it again", status)
            if self.stopping.wait(RESTART_S):
                return
            try:
                self._start_one()
            except Exception:
                log.exception("the payment writer could not start; trying again")

    def stop(self, timeout_s: float = 10.0) -> None:
        self.stopping.set()
        proc = self.proc
        if proc is not None:
            assert proc.stdin is not None
            with contextlib.suppress(OSError):
                proc.stdin.close()
            try:
                proc.wait(timeout_s)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()
        if self._held >= 0:  # once: the number may be another file's after
            remove_folder(self.folder, self._held)
            self._held = -1


@contextlib.contextmanager
def supervised(db_url: str) -> Iterator[Supervisor]:
    sup = Supervisor(db_url)
    try:
        sup.start()
    except BaseException:
        sup.stop()  # its folder too: one was left in /tmp each time a writer didn't start
        raise
    os.environ[ENV] = sup.path
    try:
        yield sup
    finally:
        os.environ.pop(ENV, None)
        sup.stop()
