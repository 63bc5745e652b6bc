"""Files only their owner reads: folders 0700, files 0600, written whole or not at all."""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

SQLITE_SIDE_FILES = ("", "-wal", "-shm", "-journal")


def private_dir(path: Path, *, tighten_existing: bool = True) -> Path:
    """Make `path` (and missing parents) 0700; tighten it if it exists and we own it. A
    shared sticky folder such as /tmp, the working folder and the home folder are left
    alone: they are not ours to close."""
    existed = path.is_dir()
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if existed and (not tighten_existing or path.resolve() in _not_ours()):
        return path
    info = path.stat()
    if info.st_uid == os.geteuid() and not info.st_mode & stat.S_ISVTX:
        if stat.S_IMODE(info.st_mode) != 0o700:
            os.chmod(path, 0o700)
    return path


def _not_ours() -> set[Path]:
    return {Path.cwd().resolve(), Path.home().resolve(), Path("/").resolve()}


def create_exclusive(path: Path, data: bytes) -> bool:
    """Write `data` to `path` 0600 unless it exists; True if this call made it. Readers see
    the whole file or none (written aside, then hard-linked, which fails if taken)."""
    private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        return True
    finally:
        tmp.unlink(missing_ok=True)


def touch_private(path: Path) -> None:
    """Create an empty file 0600 if missing (SQLite then gives its -wal and -shm the same
    mode). An existing file is never opened here: closing any descriptor of a SQLite
    database drops every POSIX lock this process holds on it (and other connections of
    this process may hold some), so it is only chmod-ed."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        tighten(path)
        return
    os.close(fd)


def tighten(path: Path) -> None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    if info.st_uid == os.geteuid() and stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(path, stat.S_IMODE(info.st_mode) & 0o600)


def close_private_dir(folder: Path) -> tuple[list[Path], list[Path]]:
    """An existing private folder (a key store) and what is in it closed again to its
    owner: the folder 0700, its files 0600 (a folder in it 0700), never widened. Only what
    this process's user owns is changed. Returns what was tightened, and what is open to
    others but belongs to another user (not ours to close: the caller refuses it)."""
    tightened: list[Path] = []
    theirs: list[Path] = []
    for path in [folder, *sorted(folder.iterdir())]:
        info = path.stat()  # through a link: what a reader of the key would read
        mode = stat.S_IMODE(info.st_mode)
        if not mode & 0o077:
            continue
        if info.st_uid != os.geteuid():
            theirs.append(path)
            continue
        os.chmod(path, mode & (0o700 if stat.S_ISDIR(info.st_mode) else 0o600))
        tightened.append(path)
    return tightened, theirs


def secure_sqlite(db_path: Path) -> None:
    """The database's folder 0700 and the database with its side files 0600."""
    private_dir(db_path.parent)
    for suffix in SQLITE_SIDE_FILES:
        tighten(db_path.with_name(db_path.name + suffix))


def copy_private_tree(source: Path, target: Path) -> None:
    """Copy the folder `source` (a key store) to the new folder `target`, private from the
    first byte: the folder made 0700 before anything is put in it, each file created 0600
    and then written, whatever the caller's umask (shutil.copytree made them with the
    umask's modes, 0755/0644, and set the source's modes only after the copy: a local user
    polling the folder opened the keys in that window). Symbolic links are refused."""
    target.mkdir(mode=0o700)
    os.chmod(target, 0o700)  # mkdir's mode passes through the umask: never wider, maybe less
    for entry in sorted(source.iterdir()):
        if entry.is_symlink():
            raise OSError(f"{entry} is a symbolic link: not copied")
        if entry.is_dir():
            copy_private_tree(entry, target / entry.name)
            continue
        fd = os.open(target / entry.name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out, entry.open("rb") as src:
            out.write(src.read())
            out.flush()
            os.fsync(out.fileno())


def private_umask(func: Callable[[Any], int]) -> Callable[[Any], int]:
    """A CLI command's `func` run with umask 077: what an operator's command writes (key
    files, backups, certificates, a device file, the database) is its owner's alone from
    the moment it is made, whatever the shell's umask (attack 34: a backup's key copy was
    0644 for a moment)."""
    def run(args: Any) -> int:
        os.umask(0o077)
        return int(func(args))
    return run


def say_json(obj: Any, *, indent: int | None = None) -> None:
    """An operator command's answer on standard output: JSON, its names and text as typed
    (a shop called 王记小卖部 reads so, not as \\u738b escapes)."""
    import json

    try:
        print(json.dumps(obj, ensure_ascii=False, indent=indent))
    except UnicodeEncodeError:  # an output that takes ASCII only: escaped, never lost
        print(json.dumps(obj, indent=indent))
