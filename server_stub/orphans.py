"""A worker of `kinpay server --workers N` ends with the process that started it.

uvicorn's workers are processes of their own: with their master killed outright (kill -9,
the OOM killer) they went on serving on the port they inherited, without the payment
writer on SQLite (it follows its parent), and a server started again could not bind the
port (operations review 37). Linux tells a process when its parent dies if it asks
(prctl PR_SET_PDEATHSIG): each worker asks for SIGTERM, which uvicorn answers with its
graceful shutdown. Elsewhere nothing changes.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

ENV_MASTER = "KINPAY_MASTER_PID"  # set by the master (server_stub/cli.py) for its workers
_PR_SET_PDEATHSIG = 1


def mark_master(workers: int) -> None:
    """In `kinpay server`, before uvicorn starts: its workers die with this process (one
    inherited from another server's environment is dropped: a lone server has none)."""
    if workers > 1:
        os.environ[ENV_MASTER] = str(os.getpid())
    else:
        os.environ.pop(ENV_MASTER, None)


def die_with_master() -> None:
    """In a worker (the app factory): SIGTERM when the master dies; at once if it is gone
    already (it died between starting this worker and this call)."""
    master = os.environ.get(ENV_MASTER)
    if not master or not sys.platform.startswith("linux") or int(master) == os.getpid():
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != int(master):
        os.kill(os.getpid(), signal.SIGTERM)
