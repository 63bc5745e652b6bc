"""What one statement costs the server's interpreter on PostgreSQL, apart from kinpay.

`python -m bench.pg_driver [TRANSACTIONS]`: a throwaway PostgreSQL on 127.0.0.1, then
transactions shaped like a payment's (BEGIN, 11 indexed reads of which every third is
waited for, COMMIT: 13 statements in psycopg's pipeline mode, as the writer sends them) run
by 1, 2 and 6 threads of one process, each thread on its own connection, and by 6
connections on one asyncio thread. It prints, for each, transactions per second and the
client's CPU time per statement: the thread CPU of psycopg and the interpreter, which is
what a payment's 13 statements cost the server's writer threads (docs/scaling.md).

No kinpay code runs: the figures are the driver's and the interpreter's own.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
import time

import psycopg

from bench.servers import throwaway_database

STATEMENTS = 13  # BEGIN, 11 reads, COMMIT
ROWS = 1_000


def _transaction_sync(conn: psycopg.Connection[tuple[int]], seed: int) -> None:
    with conn.pipeline():
        conn.execute("BEGIN")
        for s in range(STATEMENTS - 2):
            cursor = conn.execute("SELECT v FROM t WHERE id = %s", ((seed + s) % ROWS + 1,))
            if s % 3 == 0:
                cursor.fetchone()
        conn.execute("COMMIT")


async def _transaction_async(conn: psycopg.AsyncConnection[tuple[int]], seed: int) -> None:
    async with conn.pipeline():
        await conn.execute("BEGIN")
        for s in range(STATEMENTS - 2):
            cursor = await conn.execute("SELECT v FROM t WHERE id = %s",
                                        ((seed + s) % ROWS + 1,))
            if s % 3 == 0:
                await cursor.fetchone()
        await conn.execute("COMMIT")


def threads(url: str, n: int, per: int) -> tuple[float, float]:
    """(transactions/s, CPU µs per statement) for `n` threads, one connection each."""
    cpu: list[float] = []

    def work(i: int) -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            start = time.thread_time()
            for k in range(per):
                _transaction_sync(conn, i * 97 + k)
            cpu.append(time.thread_time() - start)

    started = time.perf_counter()
    workers = [threading.Thread(target=work, args=(i,)) for i in range(n)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    wall = time.perf_counter() - started
    return n * per / wall, sum(cpu) / (n * per * STATEMENTS) * 1e6


def one_loop(url: str, n: int, per: int) -> tuple[float, float]:
    """The same with `n` connections taking turns on one asyncio thread."""

    async def work(i: int) -> None:
        async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
            for k in range(per):
                await _transaction_async(conn, i * 97 + k)

    async def every() -> None:
        await asyncio.gather(*(work(i) for i in range(n)))

    start_cpu, started = time.thread_time(), time.perf_counter()
    asyncio.run(every())
    wall, cpu = time.perf_counter() - started, time.thread_time() - start_cpu
    return n * per / wall, cpu / (n * per * STATEMENTS) * 1e6


def main(argv: list[str]) -> int:
    per_thread = int(argv[0]) if argv else 600
    with contextlib.ExitStack() as stack:
        url, _pgdata = throwaway_database(stack, "driver")
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CREATE TABLE t (id int PRIMARY KEY, v int NOT NULL)")
            conn.execute("INSERT INTO t SELECT g, 0 FROM generate_series(1, %s) g", (ROWS,))
        print(f"{STATEMENTS} statements a transaction, {per_thread} transactions a connection")
        print("| how | transactions/s | client CPU µs per statement |\n|---|---|---|")
        for n in (1, 2, 6):
            rate, us = threads(url, n, per_thread)
            print(f"| {n} thread{'s' if n > 1 else ''}, a connection each | {rate:,.0f} "
                  f"| {us:.0f} |")
        rate, us = one_loop(url, 6, per_thread)
        print(f"| 6 connections on one asyncio thread | {rate:,.0f} | {us:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
