"""Where the database is, without a password on the command line.

`--db` takes a SQLite path or a PostgreSQL URL *without* a password (argv shows in `ps`);
a URL with a password comes from `--db-url-file FILE` (one line, the file 0600) or the
environment (`KINPAY_DB_URL`). Precedence: --db-url-file, --db, $KINPAY_DB_URL, default.
"""

from __future__ import annotations

import argparse
import os
import stat
from pathlib import Path
from urllib.parse import urlsplit

from server_stub.errors import ConfigRefused

DEFAULT_DB = "kinpay-data/kinpay.db"
ENV_DB_URL = "KINPAY_DB_URL"
MAX_URL_FILE_BYTES = 4096


class DbUrlRefused(ConfigRefused):
    """A database location given the unsafe way, or a file that can't hold one."""


def add_db_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        default=None,
        help=f"SQLite path or a postgresql:// URL without a password (default ${ENV_DB_URL},"
        f" else {DEFAULT_DB})",
    )
    parser.add_argument(
        "--db-url-file", help="a file (0600) whose one line is the database URL, password and all"
    )


def has_password(url: str) -> bool:
    if not url.startswith(("postgresql://", "postgres://")):
        return False
    try:
        return urlsplit(url).password is not None
    except ValueError:
        return False


def read_url_file(path: Path) -> str:
    try:
        mode = path.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise DbUrlRefused(f"{path} is readable by others: chmod 600 {path}")
        text = path.read_bytes()[:MAX_URL_FILE_BYTES].decode().strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise DbUrlRefused(f"can't read the database URL from {path}: {exc}") from exc
    if not text or "\n" in text:
        raise DbUrlRefused(f"{path} must hold exactly one line, the database URL")
    return text


def db_of(args: argparse.Namespace) -> str:
    """The database URL the command was given; raises DbUrlRefused for a password in argv."""
    if getattr(args, "db_url_file", None):
        return read_url_file(Path(args.db_url_file))
    if args.db is not None:
        if has_password(args.db):
            raise DbUrlRefused(
                "a database password on the command line shows in `ps`: put the URL in a"
                f" 0600 file (--db-url-file FILE) or in ${ENV_DB_URL}"
            )
        return str(args.db)
    return os.environ.get(ENV_DB_URL) or DEFAULT_DB
