"""`kinpay restore`: a SQLite backup (and its key store) put in place, the server stopped.

What it refuses, before it changes anything (operations review 37):
- a database some process has open (a running `kinpay server`: payments it acknowledged
  after the swap went to the file moved aside). Every connection to a WAL database holds a
  shared POSIX lock on one byte of its `-shm` file (SQLite's unix VFS, the "DMS" byte) for
  as long as it is open; the restore takes that byte exclusively, without waiting, and
  holds it until the new files are in place. No `-shm` file: nobody has it open.
- a file that is not a whole kinpay database: not SQLite, failing `PRAGMA quick_check`, no
  kinpay tables, or a schema this kinpay does not know. The copy is checked, not the
  original: what is checked is what is put in place.
- a key store beside the backup (`OUT.keys/`) without a signing key.

What it moves aside is never overwritten: each restore makes its own folder
(`<db>.before-restore-<UTC time>[-N]`, made with mkdir, which fails if taken). The
machine's key store goes aside too, the backup's takes its place: the restored database's
certificates were signed with the backup's keys and its OTP secrets wrapped under its
master. A restore undoes what changed after the backup: `undone` says what, in words.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import sqlite3
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from server_stub.backup import BackupFailed
from server_stub.db import SCHEMA_HEAD, DbUrl, knows_schema
from server_stub.keys import FileKeyStore, KeyStoreError, keys_dir_for
from server_stub.private_files import (
    SQLITE_SIDE_FILES,
    copy_private_tree,
    private_dir,
    say_json,
    touch_private,
)

SQLITE_MAGIC = b"SQLite format 3\x00"
# SQLite's unix VFS: byte 128 of `-shm` (UNIX_SHM_DMS), read-locked by every connection
# that has the WAL database open, for as long as it is open.
SHM_DMS_BYTE = 128
KINPAY_TABLES = frozenset({"users", "accounts", "grants", "devices", "terminals", "payments"})
MAX_ASIDE_TRIES = 1000
_NOTHING_CHANGED = "nothing was changed"


@dataclass
class Restored:
    db: Path
    aside: Path | None = None  # the folder the old database (and key store) went to
    keys: Path | None = None  # the key store now in force, if the backup had one
    keys_aside: Path | None = None
    undone: list[str] = field(default_factory=list)  # warnings, one line each

    def answer(self) -> dict[str, str | None]:
        def text(p: Path | None) -> str | None:
            return str(p) if p else None
        return {"restored": str(self.db), "moved_aside": text(self.aside),
                "keys_restored": text(self.keys), "keys_moved_aside": text(self.keys_aside)}


def report(restored: Restored) -> None:
    """The command's answer: JSON on standard output, the warnings on standard error."""
    say_json(restored.answer())
    for line in restored.undone:
        print(f"kinpay restore: warning: {line}", file=sys.stderr)


def restore_sqlite(backup_file: Path, db_path: Path) -> Restored:
    """Put the SQLite backup `backup_file` (and `backup_file.keys/`) in place of `db_path`
    (and its key store). Raises BackupFailed, having changed nothing, when the database is
    in use or the backup is not a whole kinpay database."""
    if not backup_file.is_file():
        raise BackupFailed(f"no backup at {backup_file}; {_NOTHING_CHANGED}")
    wal = backup_file.with_name(backup_file.name + "-wal")
    if wal.is_file() and wal.stat().st_size:
        raise BackupFailed(f"{backup_file} has a -wal file beside it: it is a database in "
                           "use, not a backup (make one with `kinpay backup`); "
                           f"{_NOTHING_CHANGED}")
    with _sole_user(db_path):  # fail fast, before copying anything
        pass
    keys_src = backup_file.with_name(backup_file.name + ".keys")
    keys_target = keys_dir_for(DbUrl.parse(str(db_path)))
    with_keys = keys_src.is_dir()
    private_dir(db_path.parent)
    tmp = db_path.with_name(f".{db_path.name}.restoring")
    tmp_keys = keys_target.with_name(f".{keys_target.name}.restoring")
    _remove(tmp, tmp_keys)  # what an interrupted restore left
    restored = Restored(db_path)
    try:
        touch_private(tmp)
        shutil.copyfile(backup_file, tmp)
        _check_kinpay_db(tmp, backup_file)
        if with_keys:
            _check_key_store(keys_src)
            private_dir(keys_target.parent, tighten_existing=False)
            copy_private_tree(keys_src, tmp_keys)
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(time.time()))
        with _sole_user(db_path):
            for suffix in SQLITE_SIDE_FILES:
                old = db_path.with_name(db_path.name + suffix)
                if old.exists():
                    restored.aside = restored.aside or _reserve(
                        db_path.parent, f"{db_path.name}.before-restore-{stamp}")
                    os.replace(old, restored.aside / old.name)
            os.replace(tmp, db_path)
            if with_keys:
                if keys_target.exists():
                    if keys_target.parent == db_path.resolve().parent:
                        restored.aside = restored.aside or _reserve(
                            db_path.parent, f"{db_path.name}.before-restore-{stamp}")
                        folder = restored.aside
                    else:
                        folder = _reserve(keys_target.parent,
                                          f"{keys_target.name}.before-restore-{stamp}")
                    restored.keys_aside = folder / keys_target.name
                    os.replace(keys_target, restored.keys_aside)
                os.replace(tmp_keys, keys_target)
                restored.keys = keys_target
    finally:
        _remove(tmp, tmp_keys)
    if not with_keys:
        kept = (f"the key store at {keys_target} stays" if keys_target.exists() else
                f"there is no key store at {keys_target}: the server will make new keys")
        restored.undone.append(
            f"the backup has no key store ({keys_src} is missing: made with --no-keys?); "
            f"{kept}. Tablets' certificates signed with other keys will be refused: put "
            "the backup's key store there if you have it")
    if restored.aside is not None and (restored.aside / db_path.name).is_file():
        restored.undone += changes_undone(restored.aside / db_path.name, db_path, backup_file)
    return restored


@contextlib.contextmanager
def _sole_user(db_path: Path) -> Iterator[None]:
    """Held while the files are swapped: raises BackupFailed if any process has the
    database open (see the module's text). No process of ours may open it meanwhile:
    closing any descriptor of a file drops every POSIX lock this process holds on it."""
    shm = db_path.with_name(db_path.name + "-shm")
    try:
        fd = os.open(shm, os.O_RDWR | os.O_CLOEXEC)
    except FileNotFoundError:
        yield
        return
    except OSError as exc:
        raise BackupFailed(f"can't tell whether {db_path} is in use ({exc}); "
                           f"{_NOTHING_CHANGED}") from exc
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, SHM_DMS_BYTE)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EAGAIN):
                raise BackupFailed(
                    f"{db_path} is in use (a `kinpay server`, or another program, has it "
                    f"open): stop it, then restore; {_NOTHING_CHANGED}") from None
            raise BackupFailed(f"can't tell whether {db_path} is in use ({exc}); "
                               f"{_NOTHING_CHANGED}") from exc
        yield
    finally:
        os.close(fd)  # lets go of the lock


def _check_kinpay_db(copy: Path, shown: Path) -> None:
    """Raises BackupFailed unless `copy` is a whole SQLite database with kinpay's tables at
    a schema this kinpay knows (an older one is upgraded after: `kinpay db upgrade`)."""
    with open(copy, "rb") as fh:
        if fh.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise BackupFailed(f"{shown} is not a SQLite database, so not a kinpay backup; "
                               f"{_NOTHING_CHANGED}")
    # immutable: no locks, no -wal or -shm read or made; this copy is ours alone.
    conn = sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        found = [str(r[0]) for r in conn.execute("PRAGMA quick_check(5)")]
        if found != ["ok"]:
            raise BackupFailed(f"{shown} is damaged (quick_check: {'; '.join(found)[:300]});"
                               f" {_NOTHING_CHANGED}")
        tables = {str(r[0]) for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = sorted(KINPAY_TABLES - tables)
        if missing:
            raise BackupFailed(f"{shown} is a SQLite database but not kinpay's (it has no "
                               f"{', '.join(missing)} table); {_NOTHING_CHANGED}")
        revision = _revision(conn, tables)
    except sqlite3.DatabaseError as exc:
        raise BackupFailed(f"{shown} can't be read as a SQLite database ({exc}); "
                           f"{_NOTHING_CHANGED}") from exc
    finally:
        conn.close()
    if not knows_schema(revision):
        raise BackupFailed(f"{shown} has schema {revision or 'none'!r}, which this kinpay "
                           f"(schema {SCHEMA_HEAD}) does not know: restore it with the kinpay "
                           f"that made it; {_NOTHING_CHANGED}")


def _revision(conn: sqlite3.Connection, tables: set[str]) -> str:
    if "alembic_version" in tables:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else ""
    if "meta" in tables:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        return str(row[0]) if row else ""
    return ""


def _check_key_store(folder: Path) -> None:
    try:
        found = FileKeyStore(folder).signing_keys()
    except KeyStoreError as exc:
        raise BackupFailed(f"the backup's key store is damaged: {exc}; {_NOTHING_CHANGED}")\
            from exc
    if not found:
        raise BackupFailed(f"the backup's key store {folder} holds no signing key; "
                           f"{_NOTHING_CHANGED}")


def _reserve(parent: Path, name: str) -> Path:
    """A new folder (0700) `parent/name`, or `name-2`, `name-3`, …: never one that exists."""
    for n in range(1, MAX_ASIDE_TRIES + 1):
        folder = parent / (name if n == 1 else f"{name}-{n}")
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue
        os.chmod(folder, 0o700)
        return folder
    raise BackupFailed(f"{MAX_ASIDE_TRIES} folders named {parent / name}* exist: "
                       "remove old ones")


def _remove(*paths: Path) -> None:
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


# What the database moved aside has that the restored one lost (M2): counted by row, both
# files open read-only. (number, what it is, what to do again)
_UNDONE = (
    ("SELECT COUNT(*) FROM main.grants o JOIN b.grants n ON n.id = o.id"
     " WHERE o.revoked_at IS NOT NULL AND n.revoked_at IS NULL",
     "grant(s) revoked", "the payer revokes them again"),
    ("SELECT COUNT(*) FROM main.devices o JOIN b.devices n ON n.cert_id = o.cert_id"
     " WHERE o.retired_at IS NOT NULL AND n.retired_at IS NULL",
     "device(s) stopped", "the payer stops them again"),
    ("SELECT COUNT(*) FROM main.terminals o JOIN b.terminals n ON n.id = o.id"
     " WHERE o.revoked_at IS NOT NULL AND n.revoked_at IS NULL",
     "terminal(s) revoked", "`kinpay terminal revoke ID` again"),
    ("SELECT COUNT(*) FROM main.terminals o JOIN b.terminals n ON n.id = o.id"
     " WHERE o.revoked_at IS NULL AND o.key_hash <> n.key_hash",
     "terminal key(s) rotated (the old keys work again)", "`kinpay terminal rotate ID` again"),
    ("SELECT COUNT(*) FROM main.users o JOIN b.users n ON n.id = o.id"
     " WHERE o.pw_hash <> n.pw_hash",
     "password(s) changed or reset (the old ones work again)", "reset them again"),
    ("SELECT COUNT(*) FROM main.payments o WHERE NOT EXISTS"
     " (SELECT 1 FROM b.payments n WHERE n.id = o.id)",
     "payment(s) the backup does not hold", "they are in the database moved aside"),
)


def changes_undone(old_db: Path, restored_db: Path, backup_file: Path) -> list[str]:
    """One warning line: what changed after the backup (the database moved aside against
    the restored one), or, when they can't be compared, that changes after its time are
    undone."""
    made = time.strftime("%Y-%m-%d %H:%M:%S UTC",
                         time.gmtime(backup_file.stat().st_mtime))
    found = []
    try:
        conn = sqlite3.connect(f"{old_db.resolve().as_uri()}?mode=ro", uri=True)
        try:
            conn.execute("ATTACH DATABASE ? AS b", (f"{restored_db.resolve().as_uri()}?mode=ro",))
            for sql, what, again in _UNDONE:
                n = int(conn.execute(sql).fetchone()[0])
                if n:
                    found.append(f"{n} {what}: {again}")
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return [f"the backup was made at {made}: whatever changed after it (payments, "
                "revokes of grants, devices and terminals, key rotations, passwords) is "
                f"undone. The database it replaced could not be compared ({exc}); it is in "
                f"{old_db.parent}"]
    if not found:
        return []
    return [f"this restore undid what changed after the backup was made ({made}): "
            + "; ".join(found) + f". The database it replaced is in {old_db.parent}"]
