"""The till's claim on its data folder: one till a folder. No Qt."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from pos_app.core.errors import FolderInUse
from pos_app.core.store import FILE_MODE, private_dir

LOCK_FILE = ".till.lock"


def hold_folder(folder: Path) -> int:
    """Claim the data folder for this till for as long as the returned descriptor stays
    open (the process's life), or FolderInUse if another till holds it. Two tills on one
    folder share one journal: each one's day report counts the other's sales, and each
    retries the other's sales."""
    path = private_dir(folder) / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        raise FolderInUse(
            f"another till is already running on the data folder {folder}: two tills on "
            "one folder share one journal, and each day's report would count the other's "
            "sales. Give each till its own folder (--data)") from exc
    return fd
