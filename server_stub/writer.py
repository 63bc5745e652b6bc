"""The writer: every write job of the server runs here, in one of two shapes.

- SQLite allows one writer at a time, so one thread and one connection take whatever jobs
  are waiting (up to `max_batch`), run each in its own savepoint inside one transaction and
  commit once. Each request is answered only after the commit that holds it, so a payment
  is durable when acknowledged, but 64 waiting payments cost one fsync, not 64 (group
  commit). With several server processes on one SQLite file (`kinpay server --workers
  N`) the payments of all of them are written by one process of its own
  (server_stub/pay_writer.py), in batches by this same code (`write_batch`); each HTTP
  process's own writer writes the rest (grants, refunds, top-ups). They take turns: a
  writer waits for its turn on a blocking OS lock (`WriteTurn`), which wakes it the moment
  the other lets go, not on SQLite's busy handler, which polls with sleeps of up to
  100 ms. So each batch holds what came in while another wrote, and parsing, signatures
  and HTTP run on every core.
- PostgreSQL locks rows, so several threads (`PG_WRITERS`), each with its own connection,
  run one job per transaction in pipeline mode (a payment's statements whose answers
  nobody reads go with the next that is read), and the server processes beside them do the
  same on one database. A job marked `RowLocked` (a payment) locks only what it touches,
  in one fixed order, so no two payments deadlock:

      its terminal (a typed code: its device) advisory locks, taken with BEGIN
      the grant                              SELECT … FOR NO KEY UPDATE (pay_reads; a QR
                                             code's in kinpay_pay_read, migration 0006)
      the code's use                         INSERT … ON CONFLICT DO NOTHING (the same call)
      the payer's account, then the shop's   UPDATE … WHERE balance >= amount (ledger.post;
                                             with the writes after it in one statement)
      the throttles it counts against        INSERT … ON CONFLICT DO UPDATE (limits.fail)
      the payer's events, then the delegate's advisory locks in the INSERT (events.emit_payment)

  It takes the global advisory lock in shared mode, so payments of different payers never
  wait on each other. Every other job (grants, sign-in, refunds, top-ups: rare, and written
  for one writer at a time) takes that lock exclusively and runs alone, as every job did
  before. A row-locked job that meets a deadlock, a serialization failure or a duplicate
  key (two first payments making one shop's account) runs again from the start, at most
  `PG_RETRIES` times.

What a job learns that may be remembered (an account's id) is remembered only after its
transaction commits (`Conn.after_commit`), so a rollback leaves no cache wrong.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import fcntl
import hashlib
import logging
import os
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from server_stub.db import SHORT_OF_MONEY, Conn, Database
from server_stub.errors import ServerError, Unavailable

log = logging.getLogger("kinpay.db")
# What a client is told when storage fails: the database's own words (its paths, tables,
# values) go to the server's log only.
STORAGE_FAILED = "storage failed; nothing was saved: retry with the same key"
OVERLOADED = "the server is overloaded; retry with the same key"
T = TypeVar("T")
W = TypeVar("W")  # who waits for a batch's job: a Waiter, or nobody (`write_batch`)

# Writer threads (and connections) per server process on PostgreSQL: enough to keep the
# database busy while one thread waits on the network, few enough that one GIL serves them.
PG_WRITERS = 6
PG_RETRIES = 3
# SQLSTATEs after which a row-locked job runs again: serialization failure, deadlock,
# unique violation (two jobs making one row at once; the second finds it next time).
_RETRY_STATES = frozenset({"40001", "40P01", "23505"})


Job = Callable[[Conn], Any]


class LoopWaiter:
    """A job's answer awaited on an event loop (`Writer.submit_async`). The writer settles
    all of a batch's waiters of one loop with one wake-up of it, where a
    concurrent.futures.Future awaited through asyncio.wrap_future costs a lock, a chain of
    callbacks and a wake-up per job."""

    __slots__ = ("future", "loop")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.future: asyncio.Future[Any] = loop.create_future()


# Who waits for a job: a thread (a concurrent future) or a coroutine on a loop.
Waiter = concurrent.futures.Future[Any] | LoopWaiter
# What each job of a batch answered: its waiter, and its result or the error it met.
_Outcomes = list[tuple[Waiter, Any, BaseException | None]]


def _answer(outcomes: _Outcomes) -> None:
    """Give each waiter its answer: a thread's at once, a loop's in one call per loop."""
    by_loop: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[Any], Any,
                                                        BaseException | None]]] = {}
    for waiter, result, error in outcomes:
        if isinstance(waiter, LoopWaiter):
            by_loop.setdefault(waiter.loop, []).append((waiter.future, result, error))
        elif error is not None:
            waiter.set_exception(error)
        else:
            waiter.set_result(result)
    for loop, settled in by_loop.items():
        try:
            loop.call_soon_threadsafe(_settle, settled)
        except RuntimeError:  # the loop has closed: the server is stopping, nobody waits
            log.debug("%d answers for a closed event loop dropped", len(settled))


def _settle(settled: list[tuple[asyncio.Future[Any], Any, BaseException | None]]) -> None:
    for future, result, error in settled:
        if future.done():  # its request was cancelled
            continue
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)


def lock_key(*parts: str) -> int:
    """A 32-bit advisory lock key for `parts` (a collision only makes two jobs take turns)."""
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big", signed=True)


class RowLocked:
    """A writer job that locks the rows it touches itself, in the fixed order, so on
    PostgreSQL it runs beside other such jobs; `keys` are advisory locks (`lock_key`) taken
    first, in this order, in the same round trip as BEGIN (a payment's terminal)."""

    __slots__ = ("job", "keys")

    def __init__(self, job: Job, *, keys: Sequence[int] = ()) -> None:
        self.job = job
        self.keys = tuple(keys)

    def __call__(self, conn: Conn) -> Any:
        return self.job(conn)


class WriteTurn:
    """Whose turn it is to write one SQLite file, among the server processes on it: an
    exclusive `flock` on `<database>-writer.lock` (0600, empty), held from before `BEGIN
    IMMEDIATE` to after `COMMIT` or `ROLLBACK`. Waiting on it is a blocking system call
    (the GIL is let go) that returns as soon as the holder unlocks. Only kinpay's writers
    take it; any other writer (a `kinpay` command) still meets SQLite's own lock, and
    SQLite's lock alone decides what is safe. An in-memory database has no turn to share."""

    def __init__(self, db_path: str) -> None:
        self.path = None if db_path == ":memory:" else Path(db_path + "-writer.lock")
        self._fd: int | None = None

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        if self.path is None:
            yield
            return
        if self._fd is None:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _retryable(exc: BaseException) -> bool:
    return getattr(exc, "sqlstate", None) in _RETRY_STATES


class Writer:
    """Runs write jobs: on SQLite one thread in batches, one commit per batch; on
    PostgreSQL `PG_WRITERS` threads, one transaction per job."""

    def __init__(self, db: Database, *, max_batch: int = 256, max_queue: int = 20_000,
                 pg_writers: int = PG_WRITERS) -> None:
        self._db = db
        self._max_batch = max_batch
        self._queue: queue.Queue[tuple[Job, Waiter] | None] = queue.Queue(maxsize=max_queue)
        n_threads = pg_writers if db.kind == "postgres" else 1
        target = self._run_rows if db.kind == "postgres" else self._run
        self._threads = [
            threading.Thread(target=target, name=f"kinpay-writer-{i}", daemon=True)
            for i in range(n_threads)
        ]
        self._conn: Conn | None = None
        self._turn = WriteTurn(db.url.target) if db.kind == "sqlite" else None
        self._count_lock = threading.Lock()
        self.batches = 0
        self.jobs = 0
        self.retries = 0
        self._listeners: list[Callable[[], None]] = []

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def on_commit(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def submit(self, job: Job) -> concurrent.futures.Future[Any]:
        """Queue `job` for a thread that will block on its answer."""
        fut: concurrent.futures.Future[Any] = concurrent.futures.Future()
        if not self._enqueue(job, fut):
            fut.set_exception(Unavailable(OVERLOADED))
        return fut

    def submit_async(self, job: Job) -> asyncio.Future[Any]:
        """Queue `job` for a coroutine on the running loop (the server's requests)."""
        waiter = LoopWaiter(asyncio.get_running_loop())
        if not self._enqueue(job, waiter):
            waiter.future.set_exception(Unavailable(OVERLOADED))
        return waiter.future

    def _enqueue(self, job: Job, waiter: Waiter) -> bool:
        try:
            self._queue.put_nowait((job, waiter))
        except queue.Full:
            return False
        return True

    def run(self, job: Callable[[Conn], T], timeout_s: float = 30.0) -> T:
        """Submit and wait (for threads that may block)."""
        result: T = self.submit(job).result(timeout=timeout_s)
        return result

    def stop(self, timeout_s: float = 10.0) -> None:
        alive = [t for t in self._threads if t.is_alive()]
        for _ in alive:
            self._queue.put(None)
        for thread in alive:
            thread.join(timeout_s)

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
        self.close()

    def write_batch(self, jobs: Sequence[Job]) -> list[tuple[Any, BaseException | None]]:
        """Write `jobs` as one batch on the calling thread, as this writer's thread would
        (each in a savepoint, one commit, in the write turn): what each answered, or the
        ServerError it was refused with. The payment writer process's loop
        (server_stub/pay_writer.py) calls it; the writer's own thread is not started there.
        Nobody waits on another thread, so no job has a future (a lock, a condition and
        their calls: some 3 µs a payment in that process's one thread)."""
        outcomes, _committed = self._written([(job, None) for job in jobs])
        return [(result, error) for _none, result, error in outcomes]

    def close(self) -> None:
        """Let go of the connection and the write turn (after `write_batch`)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._turn is not None:
            self._turn.close()

    def _commit_batch(self, batch: list[tuple[Job, Waiter]]) -> None:
        """One transaction for the whole batch, in this process's turn; the answers after
        the turn is given back."""
        outcomes, committed = self._written(batch)
        _answer(outcomes)
        if committed:
            for listener in self._listeners:
                listener()

    def _written(
        self, batch: list[tuple[Job, W]]
    ) -> tuple[list[tuple[W, Any, BaseException | None]], bool]:
        """The batch written in this process's turn: what each job answers (all 503 when
        the batch was lost), and whether it was committed."""
        assert self._turn is not None
        outcomes: list[tuple[W, Any, BaseException | None]] | Exception
        try:
            with self._turn.held():
                outcomes = self._write(batch)  # catches its own errors
        except OSError as exc:  # the turn's lock file: a folder not writable, no space…
            log.exception("could not take the write turn; %d requests answered 503", len(batch))
            outcomes = exc
        if isinstance(outcomes, Exception):
            return [(waiter, None, Unavailable(STORAGE_FAILED)) for _job, waiter in batch], False
        self.batches += 1
        self.jobs += len(batch)
        return outcomes, True

    def _write(
        self, batch: list[tuple[Job, W]]
    ) -> list[tuple[W, Any, BaseException | None]] | Exception:
        """Each job in a savepoint, one commit; what each job answers, or the error that
        lost the whole batch (rolled back: nothing of it was saved)."""
        outcomes: list[tuple[W, Any, BaseException | None]] = []
        try:
            if self._conn is None:
                self._conn = self._db.connect()
            conn = self._conn
            conn.after_commit.clear()
            conn.begin()
            for job, fut in batch:
                conn.execute("SAVEPOINT job")
                kept = len(conn.after_commit)
                try:
                    result = job(conn)
                except ServerError as exc:
                    conn.execute("ROLLBACK TO SAVEPOINT job")
                    conn.execute("RELEASE SAVEPOINT job")
                    del conn.after_commit[kept:]
                    outcomes.append((fut, None, exc))
                    continue
                except Exception:
                    log.exception("write job failed")
                    conn.execute("ROLLBACK TO SAVEPOINT job")
                    conn.execute("RELEASE SAVEPOINT job")
                    del conn.after_commit[kept:]
                    outcomes.append((fut, None, Unavailable(STORAGE_FAILED)))
                    continue
                conn.execute("RELEASE SAVEPOINT job")
                outcomes.append((fut, result, None))
            conn.execute("COMMIT")
            _run_after_commit(conn)
        except Exception as exc:
            log.exception("commit failed; %d requests answered 503", len(batch))
            if self._conn is not None:
                self._conn.after_commit.clear()
                try:
                    self._conn.execute("ROLLBACK")
                except Exception:
                    log.debug("rollback failed", exc_info=True)
                self._conn.close()
                self._conn = None
            return exc
        return outcomes

    # --- PostgreSQL: one transaction per job, several threads ------------------------------

    def _run_rows(self) -> None:
        conn: Conn | None = None
        while True:
            item = self._queue.get()
            if item is None:
                break
            job, fut = item
            conn = self._one(conn, job, fut)
        if conn is not None:
            conn.close()

    def _one(self, conn: Conn | None, job: Job, fut: Waiter) -> Conn | None:
        """Run `job` in a transaction of its own; returns the connection to use next. A
        row-locked job first runs closing optimistically (`Conn.hold_debit`); if its close
        finds the payer short of money, it runs once more the ordinary way (not counted
        among its `PG_RETRIES`)."""
        locked = isinstance(job, RowLocked)
        optimistic = locked
        attempt = 0
        while True:
            try:
                if conn is None:
                    conn = self._db.connect()
                conn.close_optimistic = optimistic
                refused: ServerError | None = None
                conn.after_commit.clear()
                with conn.pipelined():
                    conn.begin(shared=locked, keys=job.keys if isinstance(job, RowLocked) else ())
                    try:
                        result = job(conn)
                    except ServerError as exc:
                        refused = exc
                    conn.execute("ROLLBACK" if refused else "COMMIT")
                if refused is not None:
                    conn.after_commit.clear()
                    _answer([(fut, None, refused)])
                    return conn
                _run_after_commit(conn)
            except Exception as exc:
                short = optimistic and getattr(exc, "sqlstate", None) == SHORT_OF_MONEY
                # Only a close that found the payer short has nothing but COMMIT behind it
                # in the pipeline. After any other failure the connection is not kept: a
                # statement sent behind the one that failed, that psycopg meant to prepare
                # then, it remembers as prepared (the server never made it), and the
                # connection would fail that statement every time after.
                if short:
                    conn = _rolled_back(conn)
                    optimistic = False
                    continue
                _dropped(conn)
                conn = None
                attempt += 1
                if locked and _retryable(exc) and attempt < PG_RETRIES:
                    with self._count_lock:
                        self.retries += 1
                    continue
                log.exception("write job failed")
                _answer([(fut, None, Unavailable(STORAGE_FAILED))])
                return conn
            with self._count_lock:
                self.batches += 1
                self.jobs += 1
            _answer([(fut, result, None)])
            for listener in self._listeners:
                listener()
            return conn


def _run_after_commit(conn: Conn) -> None:
    done, conn.after_commit = conn.after_commit, []
    for remember in done:
        remember()


def _dropped(conn: Conn | None) -> None:
    """A connection after a job that failed otherwise: rolled back by closing it."""
    if conn is not None:
        conn.after_commit.clear()
        conn.close()


def _rolled_back(conn: Conn | None) -> Conn | None:
    """The connection after a failed job: rolled back, or closed (None) when broken."""
    if conn is None:
        return None
    conn.after_commit.clear()
    try:
        conn.execute("ROLLBACK")
        return conn
    except Exception:
        log.debug("rollback failed; reconnecting", exc_info=True)
        conn.close()
        return None
