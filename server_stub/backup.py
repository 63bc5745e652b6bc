"""`kinpay backup` and `kinpay restore`: a consistent copy while the server runs.

SQLite: the online backup API copies the database in one step under a read snapshot (WAL
lets the server keep writing meanwhile), so the copy holds exactly what was committed at
one instant: every payment acknowledged before the backup began, none half-written.
PostgreSQL: `pg_dump --format=custom` (one snapshot too); restore with `pg_restore`. The
password reaches pg_dump through its environment, never its argv.

The key store (signing keys, OTP master) is not in the database: without it a restored
server could not verify the tablets' certificates or their numeric codes, so the backup
copies it beside the database copy (`OUT.keys/`, 0700/0600).
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from server_stub.db import DbUrl
from server_stub.errors import ServerStubError
from server_stub.keys import keys_dir_for
from server_stub.private_files import (
    SQLITE_SIDE_FILES,
    copy_private_tree,
    private_dir,
    touch_private,
)

PG_DUMP_TIMEOUT_S = 3600


class BackupFailed(ServerStubError):
    """The copy could not be made; nothing was left at OUT."""


def backup(db_url: str, out: Path, *, with_keys: bool = True) -> list[Path]:
    """Copy the database (and its key store) to `out`; returns what was written."""
    url = DbUrl.parse(db_url)
    if out.exists():
        raise BackupFailed(f"{out} exists: give a new file name")
    private_dir(out.resolve().parent)
    if url.kind == "sqlite":
        _sqlite_copy(Path(url.target), out)
    else:
        _pg_dump(url.target, out)
    written = [out]
    keys = keys_dir_for(url)
    if with_keys and keys.is_dir():
        target = out.with_name(out.name + ".keys")
        copy_private_tree(keys, target)
        written.append(target)
    return written


def _sqlite_copy(source: Path, out: Path) -> None:
    if not source.is_file():
        raise BackupFailed(f"no database at {source}")
    tmp = out.with_name(f".{out.name}.partial")
    tmp.unlink(missing_ok=True)
    touch_private(tmp)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(tmp)
    try:
        src.execute("PRAGMA busy_timeout=10000")
        src.backup(dst)  # all pages in one step: one consistent snapshot
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        dst.close()
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, out)
    except sqlite3.Error as exc:
        raise BackupFailed(f"SQLite backup of {source} failed: {exc}") from exc
    finally:
        src.close()
        dst.close()
        tmp.unlink(missing_ok=True)


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not candidates:
        raise BackupFailed(f"{name} is not installed (PostgreSQL's client tools)")
    return candidates[-1]


def pg_env(url: str) -> dict[str, str]:
    """libpq's environment for `url`: so no tool gets the password on its command line."""
    parts = urlsplit(url)
    env = dict(os.environ)
    for var, value in (
        ("PGHOST", parts.hostname),
        ("PGPORT", str(parts.port) if parts.port else None),
        ("PGUSER", unquote(parts.username) if parts.username else None),
        ("PGPASSWORD", unquote(parts.password) if parts.password else None),
        ("PGDATABASE", parts.path.lstrip("/") or None),
    ):
        if value:
            env[var] = value
    return env


def _pg_dump(url: str, out: Path) -> None:
    tmp = out.with_name(f".{out.name}.partial")
    touch_private(tmp)
    try:
        done = subprocess.run(
            [_pg_tool("pg_dump"), "--format=custom", "--file", str(tmp)],
            env=pg_env(url), capture_output=True, text=True, timeout=PG_DUMP_TIMEOUT_S,
        )
        if done.returncode != 0:
            raise BackupFailed(f"pg_dump failed: {done.stderr.strip()[:500]}")
        os.replace(tmp, out)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BackupFailed(f"pg_dump failed: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)


def restore_sqlite(backup_file: Path, db_path: Path) -> Path | None:
    """Put a SQLite backup in place of `db_path` (server stopped). The old database and
    its -wal/-shm are moved aside, not deleted: a stale WAL must never meet the restored
    file. Returns the folder they were moved to, if any."""
    if not backup_file.is_file():
        raise BackupFailed(f"no backup at {backup_file}")
    aside = db_path.with_name(f"{db_path.name}.before-restore-{int(time.time())}")
    moved = False
    for suffix in SQLITE_SIDE_FILES:
        old = db_path.with_name(db_path.name + suffix)
        if old.exists():
            private_dir(aside)
            os.replace(old, aside / old.name)
            moved = True
    private_dir(db_path.parent)
    tmp = db_path.with_name(f".{db_path.name}.restoring")
    touch_private(tmp)
    shutil.copyfile(backup_file, tmp)
    os.replace(tmp, db_path)
    keys = backup_file.with_name(backup_file.name + ".keys")
    target = keys_dir_for(DbUrl.parse(str(db_path)))
    if keys.is_dir() and not target.exists():
        copy_private_tree(keys, target)
    return aside if moved else None
