"""Storage: one schema on SQLite (WAL, synchronous=FULL) or PostgreSQL, and the writer.

Every write goes through `Writer`: one thread, one connection, which takes whatever jobs
are waiting (up to `max_batch`), runs each in its own savepoint inside one transaction and
commits once. Each request is answered only after the commit that holds it, so a payment
is durable when acknowledged, but 64 waiting payments cost one fsync, not 64 (group
commit). On PostgreSQL each batch first takes a transaction-scoped advisory lock, so the
writers of several server processes on one database take turns and never interleave.

Reads use one connection per thread (WAL lets readers run beside the writer).
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

from server_stub import schema_sec
from server_stub.errors import ServerError, Unavailable

log = logging.getLogger("kinpay.db")

T = TypeVar("T")
Row = Any  # sqlite3.Row or a psycopg dict row: both index by column name
Params = Sequence[Any]

_ADVISORY_LOCK = 0x6B696E70  # "kinp"
SCHEMA_VERSION = 1

_DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS server_keys (
    key_id TEXT PRIMARY KEY, private_key TEXT NOT NULL, created_at BIGINT NOT NULL,
    active INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
    pw_hash TEXT NOT NULL, timezone TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id),
    expires_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS merchants (
    id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, category TEXT NOT NULL,
    currency TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS terminals (
    id TEXT PRIMARY KEY, merchant_id TEXT NOT NULL REFERENCES merchants(id),
    key_hash TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, owner_id TEXT NOT NULL, currency TEXT NOT NULL,
    balance BIGINT NOT NULL, UNIQUE (kind, owner_id, currency));
CREATE TABLE IF NOT EXISTS grants (
    id TEXT PRIMARY KEY, payer_id TEXT NOT NULL REFERENCES users(id),
    delegate_id TEXT NOT NULL REFERENCES users(id), currency TEXT NOT NULL,
    rules TEXT NOT NULL, status TEXT NOT NULL, created_at BIGINT NOT NULL,
    revoked_at BIGINT, pairing_hash TEXT, pairing_expires_at BIGINT);
CREATE INDEX IF NOT EXISTS grants_payer ON grants (payer_id);
CREATE INDEX IF NOT EXISTS grants_delegate ON grants (delegate_id);
CREATE TABLE IF NOT EXISTS devices (
    cert_id TEXT PRIMARY KEY, grant_id TEXT NOT NULL REFERENCES grants(id),
    device_no BIGINT NOT NULL UNIQUE, otp_secret TEXT NOT NULL, public_key TEXT NOT NULL,
    certificate TEXT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,
    retired_at BIGINT);
CREATE INDEX IF NOT EXISTS devices_grant ON devices (grant_id);
CREATE TABLE IF NOT EXISTS code_uses (use_key TEXT PRIMARY KEY, payment_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS payments (
    id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL REFERENCES terminals(id),
    merchant_id TEXT NOT NULL, idem_key TEXT NOT NULL, request_hash TEXT NOT NULL,
    grant_id TEXT, status TEXT NOT NULL, decline_code TEXT, amount BIGINT NOT NULL,
    currency TEXT NOT NULL, refunded BIGINT NOT NULL, offline INTEGER NOT NULL,
    periods TEXT, created_at BIGINT NOT NULL, response TEXT NOT NULL,
    UNIQUE (terminal_id, idem_key));
CREATE INDEX IF NOT EXISTS payments_merchant ON payments (merchant_id, created_at);
CREATE INDEX IF NOT EXISTS payments_grant ON payments (grant_id, created_at);
CREATE TABLE IF NOT EXISTS refunds (
    id TEXT PRIMARY KEY, payment_id TEXT NOT NULL REFERENCES payments(id),
    terminal_id TEXT NOT NULL, idem_key TEXT, request_hash TEXT NOT NULL,
    amount BIGINT NOT NULL, created_at BIGINT NOT NULL, UNIQUE (terminal_id, idem_key));
CREATE TABLE IF NOT EXISTS transfers (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, debit_account TEXT NOT NULL,
    credit_account TEXT NOT NULL, amount BIGINT NOT NULL, currency TEXT NOT NULL,
    ref_id TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL, CHECK (amount > 0));
CREATE TABLE IF NOT EXISTS spend (
    grant_id TEXT NOT NULL, period TEXT NOT NULL, amount BIGINT NOT NULL,
    PRIMARY KEY (grant_id, period));
CREATE TABLE IF NOT EXISTS events (
    id {autoid}, user_id TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL,
    created_at BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS events_user ON events (user_id, id);
"""


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
            raise ValueError(f"unsupported database URL {url!r}")
        return cls("sqlite", url)


class Conn:
    """A connection with one parameter style (`?`) on both engines and rows by name."""

    def __init__(self, url: DbUrl) -> None:
        self.kind = url.kind
        self._raw: Any
        if url.kind == "sqlite":
            if url.target != ":memory:":
                Path(url.target).parent.mkdir(parents=True, exist_ok=True)
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
        autoid = (
            "INTEGER PRIMARY KEY AUTOINCREMENT"
            if self.kind == "sqlite"
            else "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        )
        conn = self.connect()
        try:
            conn.begin()
            for stmt in _DDL.format(autoid=autoid).split(";"):
                if stmt.strip():
                    conn.execute(stmt)
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('schema', ?) ON CONFLICT (key) DO NOTHING",
                (str(SCHEMA_VERSION),),
            )
            schema_sec.apply(conn, self.kind)  # issue 11's tables (server_stub/schema_sec.py)
            conn.execute("COMMIT")
        finally:
            conn.close()

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
