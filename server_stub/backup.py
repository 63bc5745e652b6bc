"""`kinpay backup` and `kinpay restore`: a consistent copy while the server runs.

SQLite: the online backup API copies the database in one step under a read snapshot (WAL
lets the server keep writing meanwhile), so the copy holds exactly what was committed at
one instant: every payment acknowledged before the backup began, none half-written.
PostgreSQL: `pg_dump --format=custom` (one snapshot too); restore with `pg_restore`. The
password reaches pg_dump through its environment, never its argv.

The key store (signing keys, OTP master) is not in the database: without it a restored
server could not verify the tablets' certificates or their numeric codes, so the backup
copies it beside the database copy (`OUT.keys/`, 0700/0600), and refuses to make a copy
without it unless told to (`--no-keys`). Restoring: server_stub/restore.py.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

from server_stub.db import DbUrl
from server_stub.errors import ServerStubError
from server_stub.keys import ENV_KEYS_DIR, keys_dir_for
from server_stub.private_files import (
    copy_private_tree,
    private_dir,
    touch_private,
)

PG_DUMP_TIMEOUT_S = 3600


class BackupFailed(ServerStubError):
    """The copy could not be made; nothing was left at OUT."""


def no_keys_note(db_url: str) -> str:
    """What `kinpay backup --no-keys` says when it is done."""
    keys = keys_dir_for(DbUrl.parse(db_url))
    return (f"kinpay backup: warning: the key store (signing keys, OTP master) is NOT in this"
            f" backup (--no-keys): a server restored from it can verify the tablets only "
            f"with the key store {keys}; keep a copy of that folder with the backup")


def backup(db_url: str, out: Path, *, with_keys: bool = True) -> list[Path]:
    """Copy the database (and its key store) to `out`; returns what was written. Without
    its key store a backup restores a server that refuses every tablet: a key store that
    is not there, or holds no signing key, fails the backup unless `with_keys` is False
    (`--no-keys`), before anything is written."""
    url = DbUrl.parse(db_url)
    if out.exists():
        raise BackupFailed(f"{out} exists: give a new file name")
    keys = keys_dir_for(url)
    target = out.with_name(out.name + ".keys")
    if with_keys:
        if not keys.is_dir() or not any(keys.glob("signing-*.json")):
            raise BackupFailed(
                f"no key store at {keys} (the signing keys and OTP master): nothing was "
                f"written. Set {ENV_KEYS_DIR} to the key store's folder, or pass --no-keys "
                "to back up the database alone")
        if target.exists():
            raise BackupFailed(f"{target} exists: give a new file name")
    private_dir(out.resolve().parent)
    if url.kind == "sqlite":
        _sqlite_copy(Path(url.target), out)
    else:
        _pg_dump(url.target, out)
    written = [out]
    if with_keys:
        try:
            copy_private_tree(keys, target)
        except OSError as exc:
            out.unlink(missing_ok=True)
            shutil.rmtree(target, ignore_errors=True)
            raise BackupFailed(f"copying the key store {keys} failed ({exc}): nothing was "
                               "left at the backup's name") from exc
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
