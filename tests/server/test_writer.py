"""The writer's caches are rollback-safe: what a job saw in a transaction that did not
commit is never remembered (both engines, a real database, the server's own Writer)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest

from server_stub import ledger
from server_stub.db import Conn, Database
from server_stub.errors import Conflict
from server_stub.writer import RowLocked, Writer


@pytest.fixture
def writer(db_url: str) -> Iterator[tuple[Writer, Database]]:
    db = Database(db_url)
    db.migrate()
    w = Writer(db)
    w.start()
    try:
        yield w, db
    finally:
        w.stop()
        db.close()


def _exists(db: Database, account: str) -> bool:
    return db.reader().one("SELECT id FROM accounts WHERE id = ?", (account,)) is not None


@pytest.mark.parametrize("row_locked", [False, True])
def test_an_account_seen_by_a_rolled_back_job_is_not_remembered(
    writer: tuple[Writer, Database], row_locked: bool
) -> None:
    w, db = writer
    owner = f"shop-{secrets.token_hex(6)}"
    seen: list[str] = []

    def refused(conn: Conn) -> None:
        made = ledger.account_id(conn, "merchant", owner, "CNY")
        # Found by its SELECT this time, inside the transaction that made it.
        seen.append(ledger.account_id(conn, "merchant", owner, "CNY"))
        assert seen[0] == made
        raise Conflict("refused after the account was made", code="insufficient_funds")

    with pytest.raises(Conflict):
        w.run(RowLocked(refused) if row_locked else refused)
    assert not _exists(db, seen[0]), "the refused job's account was rolled back"
    kept = w.run(lambda c: ledger.account_id(c, "merchant", owner, "CNY"))
    assert kept != seen[0]
    assert _exists(db, kept)
    # Once committed, it is the one every later job gets.
    again = w.run(lambda c: ledger.account_id(c, "merchant", owner, "CNY"))
    assert again == kept


def _waiting_on(lock_file: str) -> bool:
    """Whether some process is blocked waiting for a lock on `lock_file` (/proc/locks lists
    a waiter as "N: -> FLOCK ADVISORY WRITE PID MAJ:MIN:INODE START END")."""
    import os
    from pathlib import Path

    inode = os.stat(lock_file).st_ino
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if len(fields) > 6 and fields[1] == "->" and fields[6].endswith(f":{inode}"):
            return True
    return False


def test_server_processes_on_one_sqlite_file_take_turns_on_a_blocking_lock(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Another server process's writer holds the turn (the OS lock beside the database):
    this writer's batch is seen blocked on that lock (in the kernel's lock table, not by a
    clock) without having written, and runs once it is let go. The lock file is the
    owner's alone."""
    import fcntl
    import os
    import time

    path = tmp_path / "k.db"
    lock_file = f"{path}-writer.lock"
    db = Database(str(path))
    db.migrate()
    w = Writer(db)
    w.start()
    other = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        assert w.run(lambda c: c.scalar("SELECT 1")) == 1  # the writer made its lock file
        assert os.stat(lock_file).st_mode & 0o777 == 0o600
        fcntl.flock(other, fcntl.LOCK_EX)  # as the other process's writer would
        ran: list[str] = []

        def job(conn: Conn) -> str:
            ran.append("ran")
            return "paid"

        fut = w.submit(job)
        for _ in range(1000):  # bounded: until the writer is seen waiting for the turn
            if _waiting_on(lock_file) or fut.done():
                break
            time.sleep(0.01)
        assert not fut.done() and ran == [], "the writer wrote while another held the turn"
        assert _waiting_on(lock_file), "the writer never waited for the turn"
        fcntl.flock(other, fcntl.LOCK_UN)
        assert fut.result(timeout=10) == "paid"
        assert ran == ["ran"]
    finally:
        os.close(other)
        w.stop()
        db.close()


def test_a_turn_that_cannot_be_taken_answers_503_and_the_writer_goes_on(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The turn's lock file can't be opened (here a folder stands in its way): the batch
    is answered 503 with nothing written, and the writer keeps serving once it can."""
    from server_stub.errors import Unavailable

    path = tmp_path / "k.db"
    db = Database(str(path))
    db.migrate()
    blocker = tmp_path / "k.db-writer.lock"
    blocker.mkdir()
    w = Writer(db)
    w.start()
    try:
        with pytest.raises(Unavailable, match="nothing was saved"):
            w.run(lambda c: c.execute("INSERT INTO meta (key, value) VALUES ('t', '1')"),
                  timeout_s=10)
        blocker.rmdir()
        assert w.run(lambda c: c.scalar("SELECT count(*) FROM meta WHERE key = 't'"),
                     timeout_s=10) == 0
    finally:
        w.stop()
        db.close()


@pytest.mark.parametrize("row_locked", [False, True])
def test_a_storage_error_is_not_quoted_to_the_client(
    writer: tuple[Writer, Database], row_locked: bool
) -> None:
    """A 503's message came with the database's own words ("storage error: no such table:
    secret_table_name"): its tables, paths and values, to whoever sent the request. The
    client is told to retry; the detail goes to the server's log."""
    from server_stub.errors import Unavailable

    w, _db = writer

    def broken(conn: Conn) -> None:
        conn.execute("SELECT * FROM secret_table_name")

    with pytest.raises(Unavailable) as refused:
        w.run(RowLocked(broken) if row_locked else broken)
    assert "secret_table_name" not in refused.value.message
    assert refused.value.message == "storage failed; nothing was saved: retry with the same key"
    assert w.run(lambda c: 1) == 1  # and the writer goes on


def _values(db: Database, key: str) -> list[str]:
    rows = db.reader().all("SELECT payment_id FROM code_uses WHERE use_key LIKE ?"
                           " ORDER BY use_key", (key + "%",))
    return [str(r["payment_id"]) for r in rows]


def test_held_writes_land_in_order_and_die_with_a_rollback(
    writer: tuple[Writer, Database]
) -> None:
    """`Conn.hold_writes` (a payment's tail on PostgreSQL: one statement for five writes)
    changes when writes are sent, never what is written: a read in the job sees the writes
    held before it, a second `hold_writes` drops nothing, a refused job leaves nothing."""
    w, db = writer
    tag = secrets.token_hex(6)
    seen: list[list[str]] = []

    def kept(conn: Conn) -> None:
        conn.hold_writes()
        conn.write("INSERT INTO code_uses (use_key, payment_id) VALUES (?, ?)", (f"{tag}-a", "1"))
        conn.write("INSERT INTO code_uses (use_key, payment_id) VALUES (?, ?), (?, ?)",
                   (f"{tag}-b", "2", f"{tag}-c", "3"))
        conn.hold_writes()  # a second payment of one job (an offline upload) keeps them
        conn.write("INSERT INTO code_uses (use_key, payment_id) VALUES (?, ?)", (f"{tag}-d", "4"))
        seen.append([str(r["payment_id"]) for r in conn.all(
            "SELECT payment_id FROM code_uses WHERE use_key LIKE ? ORDER BY use_key",
            (tag + "%",))])
        conn.write("UPDATE code_uses SET payment_id = ? WHERE use_key = ?", ("5", f"{tag}-a"))
        conn.write("INSERT INTO code_uses (use_key, payment_id) VALUES (?, ?)", (f"{tag}-e", "6"))

    def refused(conn: Conn) -> None:
        conn.hold_writes()
        conn.write("INSERT INTO code_uses (use_key, payment_id) VALUES (?, ?)", (f"{tag}-x", "7"))
        conn.write("UPDATE code_uses SET payment_id = ? WHERE use_key = ?", ("8", f"{tag}-b"))
        raise Conflict("refused with writes held", code="insufficient_funds")

    w.run(RowLocked(kept))
    assert seen == [["1", "2", "3", "4"]]
    assert _values(db, tag) == ["5", "2", "3", "4", "6"]
    with pytest.raises(Conflict):
        w.run(RowLocked(refused))
    assert _values(db, tag) == ["5", "2", "3", "4", "6"]
    # The next job on the same connection holds nothing left over from the refused one.
    w.run(RowLocked(lambda c: c.write(
        "INSERT INTO code_uses (use_key, payment_id) VALUES (?, ?)", (f"{tag}-f", "9"))))
    assert _values(db, tag) == ["5", "2", "3", "4", "6", "9"]
