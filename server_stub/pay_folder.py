"""The payment writer's socket folder (server_stub/pay_writer.py): made by each `kinpay
server --workers N` on SQLite in the temporary folder, 0700, removed when it stops; and the
folders of servers killed outright (SIGKILL, a power cut), swept by the next one to start.

A folder's supervisor holds a lock in it (`flock`, let go by the kernel when the process
ends, however it ends), so a sweep never takes a running server's folder, even while its
writer is being started again and its socket answers nothing.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
import tempfile
import time
from pathlib import Path

FOLDER_PREFIX = "kinpay-pay-"
SOCKET_NAME = "writer.sock"
HELD_NAME = "supervisor.lock"  # locked by the folder's supervisor while it runs
STALE_AFTER_S = 60.0  # a folder this old with no supervisor is a dead server's (a start
#                       takes at most pay_writer.START_TIMEOUT_S, 30 s)


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
