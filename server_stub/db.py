"""Storage: one schema on SQLite (WAL, synchronous=FULL) or PostgreSQL, and the writer.

Every write goes through `Writer`: one thread, one connection, which takes whatever jobs
are waiting (up to `max_batch`), runs each in its own savepoint inside one transaction and
commits once. Each request is answered only after the commit that holds it, so a payment
is durable when acknowledged, but 64 waiting payments cost one fsync, not 64 (group
commit). On PostgreSQL each batch first takes a transaction-scoped advisory lock, so the
writers of several server processes on one database take turns and never interleave.

Reads use one connection per thread (WAL lets readers run beside the writer).

The schema is Alembic's (server_stub/migrations); this module only checks that a database
is at the revision this code knows (`SCHEMA_HEAD`) without importing Alembic, and has an
empty database made there. Older or newer schemas are refused with the command that
upgrades them. A SQLite database is created 0600 in a 0700 folder (its -wal and -shm take
the database's mode).
"""

from __future__ import annotations

import concurrent.futures
import logging
import queue
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from server_stub.errors import ConfigRefused, ServerError, ServerStubError, Unavailable
from server_stub.private_files import private_dir, touch_private

log = logging.getLogger("kinpay.db")

T = TypeVar("T")
Row = Any  # sqlite3.Row or a psycopg dict row: both index by column name
Params = Sequence[Any]

_ADVISORY_LOCK = 0x6B696E70  # "kinp"
# The newest Alembic revision this code runs on (tests/deploy checks it is Alembic's head).
SCHEMA_HEAD = "0004"
# Release 1 (057c6bd) had no Alembic: its databases say meta.schema = 1.
RELEASE_1_SCHEMA = "1"


class SchemaMismatch(ServerStubError):
    """The database's schema is not the one this code runs on."""


@dataclass(frozen=True)
class DbUrl:
    kind: str  # "sqlite" or "postgres"
    target: str  # a file path, or a libpq connection string

    @classmethod
    def parse(cls, url: str) -> DbUrl:
        if url.startswith(("postgresql://", "postgres://")):
            return cls("postgres", url)
        if url.startswith("sqlite:///"):
            return cls("sqlite", url[len("sqlite:///") :] or ":memory:")
        if "://" in url:
            raise ConfigRefused(f"unsupported database URL {url!r}")
        return cls("sqlite", url)


class Conn:
    """A connection with one parameter style (`?`) on both engines and rows by name."""

    def __init__(self, url: DbUrl) -> None:
        self.kind = url.kind
        self.url = url
        self._raw: Any
        if url.kind == "sqlite":
            if url.target != ":memory:":
                # Made 0700 when new; an existing folder is tightened by `kinpay server`.
                private_dir(Path(url.target).parent, tighten_existing=False)
                touch_private(Path(url.target))
            raw = sqlite3.connect(url.target, isolation_level=None, check_same_thread=False)
            raw.row_factory = sqlite3.Row
            raw.execute("PRAGMA journal_mode=WAL")
            raw.execute("PRAGMA synchronous=FULL")
            raw.execute("PRAGMA busy_timeout=10000")
            raw.execute("PRAGMA foreign_keys=ON")
            self._raw = raw
        else:
            import psycopg
            from psycopg.rows import dict_row

            self._raw = psycopg.connect(url.target, autocommit=True, row_factory=dict_row)

    def _sql(self, sql: str) -> str:
        return sql if self.kind == "sqlite" else sql.replace("?", "%s")

    def execute(self, sql: str, params: Params = ()) -> Any:
        return self._raw.execute(self._sql(sql), tuple(params))

    def one(self, sql: str, params: Params = ()) -> Row | None:
        return self.execute(sql, params).fetchone()

    def all(self, sql: str, params: Params = ()) -> list[Row]:
        return list(self.execute(sql, params).fetchall())

    def scalar(self, sql: str, params: Params = ()) -> Any:
        row = self.execute(sql, params).fetchone()
        if row is None:
            return None
        return row[0] if self.kind == "sqlite" else next(iter(row.values()))

    def changed(self, sql: str, params: Params = ()) -> int:
        """Run a write and return how many rows it changed."""
        return int(self.execute(sql, params).rowcount)

    def begin(self) -> None:
        self.execute("BEGIN IMMEDIATE" if self.kind == "sqlite" else "BEGIN")
        if self.kind == "postgres":
            self.execute("SELECT pg_advisory_xact_lock(?)", (_ADVISORY_LOCK,))

    def close(self) -> None:
        try:
            self._raw.close()
        except Exception:
            log.debug("close failed", exc_info=True)


class Database:
    def __init__(self, url: str) -> None:
        self.url = DbUrl.parse(url)
        self._local = threading.local()
        self._all_readers: list[Conn] = []
        self._lock = threading.Lock()

    @property
    def kind(self) -> str:
        return self.url.kind

    def connect(self) -> Conn:
        return Conn(self.url)

    def migrate(self) -> None:
        """Make an empty database at SCHEMA_HEAD; raise SchemaMismatch for any other
        schema than SCHEMA_HEAD (Alembic is imported only to create)."""
        conn = self.connect()
        try:
            found = schema_revision(conn)
        finally:
            conn.close()
        if found == SCHEMA_HEAD:
            return
        if found is None:
            from server_stub.migrations import upgrade

            upgrade(self.url)
            return
        raise SchemaMismatch(mismatch_message(found, self.url))

    def reader(self) -> Conn:
        """This thread's read connection."""
        conn: Conn | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self.connect()
            self._local.conn = conn
            with self._lock:
                self._all_readers.append(conn)
        return conn

    @contextmanager
    def read(self) -> Iterator[Conn]:
        """A consistent snapshot for several reads."""
        conn = self.reader()
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            try:
                conn.execute("COMMIT")
            except Exception:
                self._local.conn = None

    def close(self) -> None:
        with self._lock:
            for conn in self._all_readers:
                conn.close()
            self._all_readers.clear()
        self._local = threading.local()


def _has_table(conn: Conn, name: str) -> bool:
    if conn.kind == "sqlite":
        sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
    else:
        sql = "SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = ?"
    return conn.one(sql, (name,)) is not None


def schema_revision(conn: Conn) -> str | None:
    """The database's Alembic revision; "1" for a release-1 database; None when empty."""
    if _has_table(conn, "alembic_version"):
        return str(conn.scalar("SELECT version_num FROM alembic_version") or "")
    if _has_table(conn, "meta"):
        value = conn.scalar("SELECT value FROM meta WHERE key = 'schema'")
        return str(value) if value is not None else ""
    return None


def mismatch_message(found: str, url: DbUrl) -> str:
    where = url.target if url.kind == "sqlite" else "the PostgreSQL database"
    if found == RELEASE_1_SCHEMA or (found.isdigit() and found < SCHEMA_HEAD):
        return (
            f"{where} has an older schema ({found}; this kinpay runs on {SCHEMA_HEAD}):"
            " back it up (`kinpay backup`), then run `kinpay db upgrade --db URL`"
        )
    return (
        f"{where} has schema {found or 'unknown'}, which this kinpay does not know"
        f" (it runs on {SCHEMA_HEAD}): it was made by a newer kinpay; run that one"
    )


Job = Callable[[Conn], Any]


class Writer:
    """One thread that runs write jobs in batches, one commit per batch."""

    def __init__(self, db: Database, *, max_batch: int = 256, max_queue: int = 20_000) -> None:
        self._db = db
        self._max_batch = max_batch
        self._queue: queue.Queue[tuple[Job, concurrent.futures.Future[Any]] | None] = (
            queue.Queue(maxsize=max_queue)
        )
        self._thread = threading.Thread(target=self._run, name="kinpay-writer", daemon=True)
        self._conn: Conn | None = None
        self.batches = 0
        self.jobs = 0
        self._listeners: list[Callable[[], None]] = []

    def start(self) -> None:
        self._thread.start()

    def on_commit(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def submit(self, job: Job) -> concurrent.futures.Future[Any]:
        fut: concurrent.futures.Future[Any] = concurrent.futures.Future()
        try:
            self._queue.put_nowait((job, fut))
        except queue.Full:
            fut.set_exception(Unavailable("the server is overloaded; retry with the same key"))
        return fut

    def run(self, job: Callable[[Conn], T], timeout_s: float = 30.0) -> T:
        """Submit and wait (for threads that may block)."""
        result: T = self.submit(job).result(timeout=timeout_s)
        return result

    def stop(self, timeout_s: float = 10.0) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(timeout_s)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                break
            batch = [item]
            stop = False
            while len(batch) < self._max_batch:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    stop = True
                    break
                batch.append(nxt)
            self._commit_batch(batch)
            if stop:
                break
        if self._conn is not None:
            self._conn.close()

    def _commit_batch(self, batch: list[tuple[Job, concurrent.futures.Future[Any]]]) -> None:
        outcomes: list[tuple[concurrent.futures.Future[Any], Any, BaseException | None]] = []
        try:
            if self._conn is None:
                self._conn = self._db.connect()
            conn = self._conn
            conn.begin()
            for job, fut in batch:
                conn.execute("SAVEPOINT job")
                try:
                    result = job(conn)
                except ServerError as exc:
                    conn.execute("ROLLBACK TO SAVEPOINT job")
                    conn.execute("RELEASE SAVEPOINT job")
                    outcomes.append((fut, None, exc))
                    continue
                except Exception as exc:
                    log.exception("write job failed")
                    conn.execute("ROLLBACK TO SAVEPOINT job")
                    conn.execute("RELEASE SAVEPOINT job")
                    outcomes.append((fut, None, Unavailable(f"storage error: {exc}")))
                    continue
                conn.execute("RELEASE SAVEPOINT job")
                outcomes.append((fut, result, None))
            conn.execute("COMMIT")
        except Exception as exc:
            log.exception("commit failed; %d requests answered 503", len(batch))
            if self._conn is not None:
                try:
                    self._conn.execute("ROLLBACK")
                except Exception:
                    log.debug("rollback failed", exc_info=True)
                self._conn.close()
                self._conn = None
            for _job, fut in batch:
                fut.set_exception(Unavailable(f"storage failed, nothing was saved: {exc}"))
            return
        self.batches += 1
        self.jobs += len(batch)
        for fut, result, error in outcomes:
            if error is not None:
                fut.set_exception(error)
            else:
                fut.set_result(result)
        for listener in self._listeners:
            listener()
