"""Storage: one schema on SQLite (WAL, synchronous=FULL) or PostgreSQL, its connections.

Every write goes through the writer (server_stub/writer.py). Reads use one connection per
thread (WAL lets readers run beside the writer).

The schema is Alembic's (server_stub/migrations); this module only checks that a database
is at the revision this code knows (`SCHEMA_HEAD`) without importing Alembic, and has an
empty database made there. Older or newer schemas are refused with the command that
upgrades them. A SQLite database is created 0600 in a 0700 folder (its -wal and -shm take
the database's mode).
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from server_stub.errors import ConfigRefused, ServerStubError
from server_stub.private_files import private_dir, touch_private

log = logging.getLogger("kinpay.db")

Row = Any  # sqlite3.Row or a psycopg dict row: both index by column name
Params = Sequence[Any]

_ADVISORY_LOCK = 0x6B696E70  # "kinp"
# The class (first key) of the two-key advisory locks a row-locked job takes on PostgreSQL
# (the one-key lock above lives in another key space).
LOCK_JOB_KEYS = 1
LOCK_EVENTS = 2
# The newest Alembic revision this code runs on (tests/deploy checks it is Alembic's head).
SCHEMA_HEAD = "0011"
# Release 1 (057c6bd) had no Alembic: its databases say meta.schema = 1.
RELEASE_1_SCHEMA = "1"
# The SQLSTATE of a payment's one-statement close that found the payer short of money
# (`kinpay_debited`, migration 0006): the transaction is lost and the writer runs the job
# again the ordinary way.
SHORT_OF_MONEY = "KP402"
# SQLite's page, for a database made new (an existing one keeps its own). A payment
# changes rows in about ten places of the b-trees, most on pages no other payment of its
# batch touches (its idempotency key, the shop's and the family's lists, the code's use,
# the spend, the payer's balance, the parents' events), and a commit writes every page it
# changed to the WAL whole: at 4 KiB a payment wrote 38 KiB, at 1 KiB 18 KiB, and the
# payment writer's CPU a payment fell by a quarter (docs/benchmarks.md, server load).
PAGE_SIZE = 1024
# A checkpoint (the WAL's pages copied into the database) when the WAL passes 16 MiB, not
# SQLite's 1,000 pages: a page changed by many commits is copied once, not at every
# 1,000th page. The WAL file stays about this size (it is written over from its start).
CHECKPOINT_PAGES = 16_384


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

    def no_file(self) -> bool:
        """A SQLite database named by a path where no file is (a typo: commands that read
        or change a ledger say so and make nothing)."""
        return (self.kind == "sqlite" and self.target != ":memory:"
                and not Path(self.target).is_file())


class Conn:
    """A connection with one parameter style (`?`) on both engines and rows by name."""

    def __init__(self, url: DbUrl, *, look_only: bool = False) -> None:
        """`look_only`: an existing SQLite file opened read-only, nothing set or made (to
        look at a database a command was pointed at before anything changes it)."""
        self.kind = url.kind
        self.url = url
        self._raw: Any
        self._pipe: Any = None  # psycopg's Pipeline while `pipelined` is in force
        # Writes held by `hold_writes` until the next other statement (PostgreSQL only).
        self._held: list[tuple[str, Params]] | None = None
        # The debit the held writes depend on (`hold_debit`), sent at their head.
        self._debit: tuple[str, Params] | None = None
        # Set by the writer for a row-locked job on PostgreSQL: its debit may be held with
        # its other writes (`hold_debit`); False when it runs again after SHORT_OF_MONEY.
        self.close_optimistic = False
        # What a job learnt that may be remembered once its transaction commits (and must
        # be forgotten if it rolls back): the writer runs these after the commit.
        self.after_commit: list[Callable[[], None]] = []
        if url.kind == "sqlite" and look_only:
            uri = f"{Path(url.target).resolve().as_uri()}?mode=ro"
            self._raw = sqlite3.connect(uri, uri=True, isolation_level=None,
                                        check_same_thread=False)
            self._raw.row_factory = sqlite3.Row
        elif url.kind == "sqlite":
            if url.target != ":memory:":
                # Made 0700 when new; an existing folder is tightened by `kinpay server`.
                private_dir(Path(url.target).parent, tighten_existing=False)
                touch_private(Path(url.target))
            raw = sqlite3.connect(url.target, isolation_level=None, check_same_thread=False)
            raw.row_factory = sqlite3.Row
            raw.execute(f"PRAGMA page_size={PAGE_SIZE}")  # only while it is empty, before WAL
            raw.execute("PRAGMA journal_mode=WAL")
            raw.execute("PRAGMA synchronous=FULL")
            raw.execute(f"PRAGMA wal_autocheckpoint={CHECKPOINT_PAGES}")
            raw.execute("PRAGMA busy_timeout=10000")
            raw.execute("PRAGMA foreign_keys=ON")
            self._raw = raw
        else:
            import psycopg
            from psycopg.rows import dict_row

            self._raw = psycopg.connect(url.target, autocommit=True, row_factory=dict_row)

    @property
    def lock_rows(self) -> str:
        """What ends a SELECT that locks the rows it reads until the transaction ends: on
        PostgreSQL, FOR NO KEY UPDATE (rows pointing at them may still be inserted); on
        SQLite nothing, its one writer holds the whole database."""
        return " FOR NO KEY UPDATE" if self.kind == "postgres" else ""

    def _sql(self, sql: str) -> str:
        return sql if self.kind == "sqlite" else sql.replace("?", "%s")

    def execute(self, sql: str, params: Params = ()) -> Any:
        ending = sql in ("COMMIT", "ROLLBACK")
        if self._held is not None:
            self._release(ending=ending, keep=sql != "ROLLBACK")
        if ending and self.kind == "postgres":
            # Never a prepared statement: psycopg would remember one it meant to prepare
            # in a pipeline that a failed statement before it aborted (a payment's close,
            # SHORT_OF_MONEY) as prepared, and the next transaction would name one the
            # server never made ("prepared statement does not exist").
            return self._raw.execute(sql, prepare=False)
        return self._raw.execute(self._sql(sql), tuple(params))

    def hold_writes(self) -> None:
        """On PostgreSQL, from now until the transaction ends, consecutive `write`s are held
        and sent as one statement (each a data-modifying WITH) just before the next other
        statement: a payment's transfer, credit, spend, row and events cost psycopg one
        statement, not five. The caller promises that no two writes held together touch
        the same row or read what another writes: the parts of one statement see one
        snapshot, and a row changed twice in it keeps only one change. Elsewhere nothing
        changes: each `write` runs at once."""
        if self.kind == "postgres" and self._held is None:  # never drops what is held
            self._held = []

    def hold_debit(self, sql: str, params: Params) -> bool:
        """While writes are held and the job may close optimistically (PostgreSQL), hold
        `sql`, an `UPDATE … WHERE balance >= x RETURNING id`, at the head of the held
        statement: every write held with it is made conditional on its row
        (`_if_debited`), and the statement fails with SHORT_OF_MONEY when it changed no
        row, losing the transaction. False (nothing held) otherwise: run it yourself."""
        if not self.close_optimistic or self._held is None or self._debit is not None:
            return False
        self._debit = (sql, params)
        return True

    def write(self, sql: str, params: Params = ()) -> None:
        """A write whose answer nobody reads (an INSERT or UPDATE without RETURNING)."""
        if self._held is None:
            self.execute(sql, params)
        else:
            self._held.append((sql, params))

    def _release(self, *, ending: bool, keep: bool) -> None:
        held = self._held or []
        debit, self._debit = self._debit, None
        self._held = None if ending else []
        if not keep:
            return
        if debit is not None:
            self._raw.execute(self._sql(_debited(debit, held)),
                              (*debit[1], *(v for _, part in held for v in part)))
            if not ending and self._pipe is not None:
                # Released before its end (a split sale's next statement): its answer is
                # waited for now, so nothing but COMMIT is ever sent behind a close that may
                # fail. psycopg remembers a statement it meant to prepare in a pipeline that
                # a failure before it aborted as prepared (the server never made it), and
                # its connection then fails that statement every time after.
                self._pipe.sync()
            return
        if not held:
            return
        if len(held) == 1:
            sql, params = held[0]
        else:
            sql = "WITH " + ", ".join(f"w{n} AS ({part})" for n, (part, _) in enumerate(held))
            sql += " SELECT 1"
            params = [value for _, part_params in held for value in part_params]
        self._raw.execute(self._sql(sql), tuple(params))

    def one(self, sql: str, params: Params = ()) -> Row | None:
        return self.execute(sql, params).fetchone()

    def all(self, sql: str, params: Params = ()) -> list[Row]:
        return list(self.execute(sql, params).fetchall())

    def scalar(self, sql: str, params: Params = ()) -> Any:
        row = self.execute(sql, params).fetchone()
        if row is None:
            return None
        return row[0] if self.kind == "sqlite" else next(iter(row.values()))

    def all_later(self, sql: str, params: Params = ()) -> Callable[[], list[Row]]:
        """A read whose rows are wanted a little later: on PostgreSQL in a pipeline it is
        sent now and its answer comes with the next statement that is waited for (one round
        trip for both); elsewhere it runs now."""
        if self._pipe is None:
            rows = self.all(sql, params)
            return lambda: rows
        cursor = self.execute(sql, params)
        return lambda: list(cursor.fetchall())

    def changed(self, sql: str, params: Params = ()) -> int:
        """Run a write and return how many rows it changed."""
        cursor = self.execute(sql, params)
        if self._pipe is not None:
            self._pipe.sync()  # a row count comes only with the answer
        return int(cursor.rowcount)

    @contextmanager
    def pipelined(self) -> Iterator[None]:
        """On PostgreSQL, psycopg's pipeline mode: a statement whose answer nobody reads
        (an insert, an update, COMMIT) is sent without waiting; the next read sends the
        queue and waits once for all of it. A payment's tail (its transfer, spend, row,
        events and commit) costs one round trip, not eight. On SQLite nothing changes."""
        if self.kind != "postgres":
            yield
            return
        with self._raw.pipeline() as pipe:
            self._pipe = pipe
            try:
                yield
            finally:
                self._pipe = None

    def begin(self, *, shared: bool = False, keys: Sequence[int] = ()) -> None:
        """Start a write transaction. On PostgreSQL it takes the global advisory lock:
        exclusively (the job runs alone, as on SQLite) or, for a row-locked job, shared,
        then the job's own advisory locks (writer.RowLocked); all in one round trip."""
        if self.kind == "sqlite":
            self.execute("BEGIN IMMEDIATE")
            return
        mode = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
        locks = [f"{mode}({_ADVISORY_LOCK})"]
        if self._pipe is not None:  # a pipeline takes one statement at a time
            # The job's keys as parameters: one text for every terminal, which psycopg
            # prepares, where a text of its own per key was parsed and planned each time.
            locks += [f"pg_advisory_xact_lock({LOCK_JOB_KEYS}, %s::int4)"] * len(keys)
            self._raw.execute("BEGIN")
            self._raw.execute(f"SELECT {', '.join(locks)}", [int(k) for k in keys])
        else:
            # Integers made here, never text from a request: nothing to quote.
            locks += [f"pg_advisory_xact_lock({LOCK_JOB_KEYS}, {int(k)})" for k in keys]
            self._raw.execute(f"BEGIN; SELECT {', '.join(locks)}")

    def close(self) -> None:
        try:
            self._raw.close()
        except Exception:
            log.debug("close failed", exc_info=True)


def _debited(debit: tuple[str, Params], held: list[tuple[str, Params]]) -> str:
    """One statement: the debit, each held write conditional on its row, and a check that
    fails the statement (SHORT_OF_MONEY) when it took nothing. The debit is read first by
    the statement's own query, so the payer's row is locked before any other row."""
    parts = [f"debit AS ({debit[0]})"]
    parts += [f"w{n} AS ({_if_debited(part)})" for n, (part, _) in enumerate(held)]
    return f"WITH {', '.join(parts)} SELECT kinpay_debited(COUNT(*)) FROM debit"  # noqa: S608


_INSERT = re.compile(r"INSERT INTO \w+ \([\w, ]*\) (VALUES|SELECT) ")
_VALUES_ROW = re.compile(r"\((?:[^()']|'[^']*')*\)")


def _if_debited(sql: str) -> str:
    """`sql`, a write, changing rows only when the CTE `debit` has a row: an `UPDATE …
    WHERE c` gets `WHERE (c) AND EXISTS (…)`; an `INSERT … VALUES (…), (…)` becomes
    `INSERT … SELECT … FROM debit UNION ALL …` (its parameters still take the columns'
    types); an `INSERT … SELECT … FROM x` selects `FROM debit, x`. Any other shape is left
    as it is: the statement's check still loses the transaction when the debit took
    nothing. (Only our own statements' text is rearranged: values stay parameters.)"""
    if sql.startswith("UPDATE ") and sql.count(" WHERE ") == 1 and " RETURNING " not in sql:
        head, _, cond = sql.partition(" WHERE ")
        return f"{head} WHERE ({cond}) AND EXISTS (SELECT 1 FROM debit)"  # noqa: S608
    found = _INSERT.match(sql)
    if found is None:
        return sql
    head, rest = sql[:found.start(1)], sql[found.end():]
    if found.group(1) == "SELECT":
        columns, sep, sources = rest.partition(" FROM ")
        return f"{head}SELECT {columns} FROM debit, {sources}" if sep else sql  # noqa: S608
    rows = []
    while (row := _VALUES_ROW.match(rest)) is not None:
        rows.append(f"SELECT {row.group(0)[1:-1]} FROM debit")  # noqa: S608
        rest = rest[row.end():]
        if not rest.startswith(", ("):
            break
        rest = rest[2:]
    if not rows or not (rest == "" or rest.startswith(" ")):
        return sql
    return f"{head}{' UNION ALL '.join(rows)}{rest}"


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
            except Exception as exc:
                # This thread opens a new read connection next time; say why, once.
                log.warning("a read snapshot's COMMIT failed (%s: %s); this thread's read "
                            "connection is dropped", type(exc).__name__, exc)
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


def knows_schema(found: str) -> bool:
    """A revision this kinpay runs on or upgrades from (release 1's, or one up to its own)."""
    return found == RELEASE_1_SCHEMA or (
        found.isdigit() and len(found) == len(SCHEMA_HEAD) and found <= SCHEMA_HEAD)


def mismatch_message(found: str, url: DbUrl) -> str:
    where = url.target if url.kind == "sqlite" else "the PostgreSQL database"
    if knows_schema(found) and found != SCHEMA_HEAD:
        return (
            f"{where} has an older schema ({found}; this kinpay runs on {SCHEMA_HEAD}):"
            " back it up (`kinpay backup`), then run `kinpay db upgrade --db URL`"
        )
    return (
        f"{where} has schema {found or 'unknown'}, which this kinpay does not know"
        f" (it runs on {SCHEMA_HEAD}): it was made by a newer kinpay; run that one"
    )
