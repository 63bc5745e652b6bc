"""Would the payment as a coroutine cost the server less CPU on PostgreSQL? Apart from kinpay.

`python -m bench.pg_handoff [ROUNDS] [SECONDS]`: a throwaway PostgreSQL on 127.0.0.1, and
transactions shaped like a QR payment's since migration 0007 (two round trips in psycopg's
pipeline mode: BEGIN with a shared and a per-terminal advisory lock and the grant's row
locked and read, waited for; then the writes in one statement and COMMIT), asked for by 64
terminals, closed loops on one asyncio event loop as the server's requests are, and run:

- **threads**: by 6 writer threads, a sync connection each, answers handed back to the loop
  with `call_soon_threadsafe` (kinpay's design, `server_stub/writer.py`);
- **async**: on the loop's own thread, 6 `AsyncConnection`s taken in turn (the statements
  written a second time, as coroutines);
- **greenlet**: the same sync code as the threads', run on the loop's thread in a greenlet
  over `AsyncConnection`s (how the payment's rules could stay plain functions and still
  run as a coroutine, as SQLAlchemy's asyncio layer does). Only when `greenlet` is
  installed: kinpay does not depend on it.

Each runs ROUNDS times (default 3) in turn for SECONDS (default 5) after a second's warm-up;
printed: transactions/s, this process's CPU (all its threads) and PostgreSQL's processes'
CPU per transaction. No kinpay code runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import resource
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import psycopg

from bench import world
from bench.servers import throwaway_database

CONNECTIONS = 6  # kinpay's PG_WRITERS
TERMINALS = 64
GRANTS = 256

_LOCKS = "SELECT pg_advisory_xact_lock_shared(1), pg_advisory_xact_lock(%s)"
_READ = "SELECT id, spent FROM grants WHERE id = %s FOR NO KEY UPDATE"
_WRITE = ("WITH a AS (UPDATE grants SET spent = spent + 1 WHERE id = %s), "
          "b AS (INSERT INTO pays (grant_id, amount, note) VALUES (%s, 1, %s)) SELECT 1")
_NOTE = "x" * 40


def _pay_sync(conn: Any, k: int) -> Any:
    """One payment-shaped transaction on a sync connection (or the greenlet's stand-in)."""
    with conn.pipeline() as pipe:
        conn.execute("BEGIN")
        conn.execute(_LOCKS, (k + 1000,))
        row = conn.execute(_READ, (k,)).fetchone()
        conn.execute(_WRITE, (k, k, _NOTE))
        conn.execute("COMMIT")
        pipe.sync()
    return row


async def _pay_async(conn: psycopg.AsyncConnection[Any], k: int) -> Any:
    async with conn.pipeline() as pipe:
        await conn.execute("BEGIN")
        await conn.execute(_LOCKS, (k + 1000,))
        row = await (await conn.execute(_READ, (k,))).fetchone()
        await conn.execute(_WRITE, (k, k, _NOTE))
        await conn.execute("COMMIT")
        await pipe.sync()
    return row


def _own_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


Submit = Callable[[int], Awaitable[Any]]
Figures = tuple[float, float, float]  # transactions/s, own CPU ms and PostgreSQL's a transaction


@dataclass(frozen=True)
class Setup:
    url: str
    seconds: float
    postgres_cpu_s: Callable[[], float]  # its postmaster's and backends' CPU seconds


async def _drive(submit: Submit, setup: Setup) -> Figures:
    """64 closed loops, a second's warm-up, then `setup.seconds` measured."""
    done = [0]
    stop = asyncio.Event()

    async def terminal(k: int) -> None:
        while not stop.is_set():
            await submit(k)
            done[0] += 1

    tasks = [asyncio.create_task(terminal(k)) for k in range(TERMINALS)]
    await asyncio.sleep(1.0)
    n0, own0, pg0, t0 = done[0], _own_cpu_s(), setup.postgres_cpu_s(), time.perf_counter()
    await asyncio.sleep(setup.seconds)
    n1, own1, pg1, t1 = done[0], _own_cpu_s(), setup.postgres_cpu_s(), time.perf_counter()
    stop.set()
    await asyncio.gather(*tasks)
    n = max(n1 - n0, 1)
    return n / (t1 - t0), (own1 - own0) / n * 1e3, (pg1 - pg0) / n * 1e3


async def threads(setup: Setup) -> Figures:
    loop = asyncio.get_running_loop()
    jobs: queue.Queue[tuple[int, asyncio.Future[Any]] | None] = queue.Queue()

    def writer() -> None:
        with psycopg.connect(setup.url, autocommit=True) as conn:
            while (job := jobs.get()) is not None:
                k, future = job
                loop.call_soon_threadsafe(future.set_result, _pay_sync(conn, k))

    writers = [threading.Thread(target=writer) for _ in range(CONNECTIONS)]
    for w in writers:
        w.start()

    async def submit(k: int) -> Any:
        future = loop.create_future()
        jobs.put((k, future))
        return await future

    try:
        return await _drive(submit, setup)
    finally:
        for _ in writers:
            jobs.put(None)
        for w in writers:
            w.join()


async def _pooled(setup: Setup, pay: Callable[[Any, int], Awaitable[Any]],
                  wrap: Callable[[Any], Any]) -> Figures:
    pool: asyncio.Queue[Any] = asyncio.Queue()
    opened = [await psycopg.AsyncConnection.connect(setup.url, autocommit=True)
              for _ in range(CONNECTIONS)]
    for conn in opened:
        pool.put_nowait(wrap(conn))

    async def submit(k: int) -> Any:
        conn = await pool.get()
        try:
            return await pay(conn, k)
        finally:
            pool.put_nowait(conn)

    try:
        return await _drive(submit, setup)
    finally:
        for conn in opened:
            await conn.close()


async def on_the_loop(setup: Setup) -> Figures:
    return await _pooled(setup, _pay_async, lambda conn: conn)


def _greenlet_runner() -> Callable[[Setup], Coroutine[Any, Any, Figures]] | None:
    """The greenlet variant, or None when greenlet is not installed."""
    try:
        import greenlet
    except ImportError:
        return None

    class Bridged(greenlet.greenlet):  # type: ignore[misc]
        def __init__(self, fn: Callable[..., Any], driver: Any) -> None:
            super().__init__(fn, driver)
            self.driver = driver

    def await_only(awaitable: Awaitable[Any]) -> Any:
        return greenlet.getcurrent().driver.switch(awaitable)

    async def spawn(fn: Callable[..., Any], *args: Any) -> Any:
        bridged = Bridged(fn, greenlet.getcurrent())
        result = bridged.switch(*args)
        while not bridged.dead:
            try:
                value = await result
            except BaseException:  # thrown into the greenlet, as it came
                result = bridged.throw(*sys.exc_info())
            else:
                result = bridged.switch(value)
        return result

    class Cursor:
        def __init__(self, cursor: Any) -> None:
            self._cursor = cursor

        def fetchone(self) -> Any:
            return await_only(self._cursor.fetchone())

    class Pipeline:
        def __init__(self, conn: Any) -> None:
            self._context = conn.pipeline()
            self._pipe: Any = None

        def __enter__(self) -> Pipeline:
            self._pipe = await_only(self._context.__aenter__())
            return self

        def __exit__(self, *exc: object) -> Any:
            return await_only(self._context.__aexit__(*exc))

        def sync(self) -> None:
            await_only(self._pipe.sync())

    class SyncView:
        """The sync API `_pay_sync` uses, over an AsyncConnection."""

        def __init__(self, conn: Any) -> None:
            self._conn = conn

        def execute(self, sql: str, params: Any = None) -> Cursor:
            return Cursor(await_only(self._conn.execute(sql, params)))

        def pipeline(self) -> Pipeline:
            return Pipeline(self._conn)

    async def pay(view: Any, k: int) -> Any:
        return await spawn(_pay_sync, view, k)

    async def run(setup: Setup) -> Figures:
        return await _pooled(setup, pay, SyncView)

    return run


def main(argv: list[str]) -> int:
    rounds = int(argv[0]) if argv else 3
    seconds = float(argv[1]) if len(argv) > 1 else 5.0
    ways: list[tuple[str, Callable[[Setup], Coroutine[Any, Any, Figures]]]] = [
        ("threads", threads), ("async", on_the_loop)]
    bridged = _greenlet_runner()
    if bridged is None:
        print("greenlet is not installed (kinpay does not use it): its row is left out")
    else:
        ways.append(("greenlet", bridged))
    with contextlib.ExitStack() as stack:
        url, pgdata = throwaway_database(stack, "handoff")

        def pg_cpu() -> float:
            pid = world.postmaster_pid(pgdata)
            return world.cpu_seconds(parent=pid) if pid else 0.0

        setup = Setup(url, seconds, pg_cpu)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CREATE TABLE grants (id int PRIMARY KEY, spent bigint NOT NULL)")
            conn.execute("CREATE TABLE pays (id bigserial PRIMARY KEY, grant_id int NOT NULL,"
                         " amount int NOT NULL, note text NOT NULL)")
            conn.execute("CREATE INDEX ON pays (grant_id)")
            conn.execute("INSERT INTO grants SELECT g, 0 FROM generate_series(0, %s) g",
                         (GRANTS - 1,))
        print(f"{TERMINALS} terminals, {CONNECTIONS} connections, {rounds} rounds of "
              f"{seconds:g} s")
        print("| how | transactions/s | this process's CPU ms a transaction "
              "| PostgreSQL's CPU ms a transaction |\n|---|---|---|---|")
        for _round in range(rounds):
            for name, way in ways:
                rate, own_ms, pg_ms = asyncio.run(way(setup))
                print(f"| {name} | {rate:,.0f} | {own_ms:.3f} | {pg_ms:.3f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
