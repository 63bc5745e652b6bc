"""A new SQLite database is made with 1 KiB pages and checkpoints its WAL at 16 MiB
(server_stub/db.py: a payment's commit writes every page it changed, whole). The WAL stays
about that size however much is written; a database made before keeps its own pages."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from server_stub.db import Database

MIB = 1 << 20


def _page_size(path: Path) -> int:
    raw = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        size: int = raw.execute("PRAGMA page_size").fetchone()[0]
    finally:
        raw.close()
    return size


def test_a_new_database_has_1_kib_pages_and_checkpoints_at_16_mib(tmp_path: Path) -> None:
    path = tmp_path / "data" / "kinpay.db"
    db = Database(str(path))
    db.migrate()
    assert _page_size(path) == 1024
    conn = db.connect()
    try:
        assert conn.scalar("PRAGMA wal_autocheckpoint") == 16384
        assert conn.scalar("PRAGMA synchronous") == 2  # FULL: a commit is on the disk
        # 48 MiB written in 1 MiB commits: checkpointed as it goes, the WAL is written over
        # from its start and never holds much more than 16 MiB.
        conn.execute("CREATE TABLE filler (data BLOB NOT NULL)")
        for _ in range(48):
            conn.begin()
            conn.execute("INSERT INTO filler (data) SELECT randomblob(16384)"
                         " FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
                         " SELECT i + 1 FROM n WHERE i < 64) SELECT i FROM n)")
            conn.execute("COMMIT")
        assert conn.scalar("SELECT COUNT(*) FROM filler") == 48 * 64
        # (Looked at before the connection closes: the last one to close empties the WAL.)
        wal = path.with_name(path.name + "-wal")
        assert 8 * MIB < wal.stat().st_size < 20 * MIB, wal.stat().st_size
        assert path.stat().st_size > 30 * MIB  # checkpointed into the database as it went
    finally:
        conn.close()


def test_a_database_made_with_4_kib_pages_keeps_them(tmp_path: Path) -> None:
    path = tmp_path / "kinpay.db"
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA page_size=4096")
    raw.execute("PRAGMA journal_mode=WAL")  # writes the header: the page size is fixed
    raw.close()
    db = Database(str(path))
    db.migrate()
    conn = db.connect()
    try:
        conn.begin()
        conn.execute("INSERT INTO meta (key, value) VALUES ('pages', 'kept')")
        conn.execute("COMMIT")
        assert conn.scalar("SELECT value FROM meta WHERE key = 'pages'") == "kept"
    finally:
        conn.close()
    assert _page_size(path) == 4096
