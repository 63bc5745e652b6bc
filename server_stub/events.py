"""Events for the wallets: stored, so a stream that reconnects misses nothing.

Each is kept in the `events` table under its user with a growing id; a stream sends what
came after the last id its client saw (`Last-Event-ID`), then waits for the writer's next
commit (or a short poll, which also covers other server processes on PostgreSQL).
"""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

from server_stub.db import LOCK_EVENTS, Conn

MAX_BATCH = 200


def emit(conn: Conn, *, user_id: str, type_: str, data: dict[str, Any], now_s: int) -> None:
    """Store one event. A stream sends what came after the last id it sent, so one user's
    events must commit in the order of their ids: on PostgreSQL, where payments commit side
    by side, the insert first takes the user's event lock (held to the commit) and draws
    the id under it. A payment takes its payer's before its delegate's (db.py's order)."""
    params = (user_id, type_, json.dumps(data), now_s)
    if conn.kind == "postgres":
        conn.execute(
            "INSERT INTO events (user_id, type, data, created_at) SELECT ?, ?, ?, ?"
            " FROM (SELECT pg_advisory_xact_lock(?, hashtext(?))) AS turn",
            (*params, LOCK_EVENTS, user_id),
        )
        return
    conn.execute("INSERT INTO events (user_id, type, data, created_at) VALUES (?, ?, ?, ?)",
                 params)


def emit_each(
    conn: Conn, *, user_ids: tuple[str, ...], type_: str, data: dict[str, Any], now_s: int
) -> None:
    """One event, the same for each of `user_ids`, in one statement (a payment tells its
    payer and its delegate). On PostgreSQL each row takes its user's event lock before its
    id is drawn, as `emit` does, in the order given (the payer's first)."""
    if len(user_ids) == 1:
        emit(conn, user_id=user_ids[0], type_=type_, data=data, now_s=now_s)
        return
    text = json.dumps(data)
    if conn.kind == "postgres":
        rows = ", ".join("(?, ?, ?, ?, ?)" for _ in user_ids)
        params: list[Any] = []
        for n, user_id in enumerate(user_ids):
            params += [n, user_id, type_, text, now_s]
        # The lock, in a LATERAL subquery, is taken row after row in the order given; every
        # row's lock is held before the inserts draw their ids, in that order too.
        # Only marks are joined into it.
        sql = (
            "INSERT INTO events (user_id, type, data, created_at) SELECT v.u, v.t, v.d, v.c"  # noqa: S608
            f" FROM (VALUES {rows}) AS v(n, u, t, d, c)"
            " CROSS JOIN LATERAL (SELECT pg_advisory_xact_lock(?, hashtext(v.u))) AS turn"
            " ORDER BY v.n"
        )
        conn.write(sql, (*params, LOCK_EVENTS))
        return
    # SQLite inserts the rows in the order written, each with the next id.
    marks = ", ".join("(?, ?, ?, ?)" for _ in user_ids)
    conn.write(f"INSERT INTO events (user_id, type, data, created_at) VALUES {marks}",  # noqa: S608
                 [v for user_id in user_ids for v in (user_id, type_, text, now_s)])


def after(conn: Conn, *, user_id: str, after_id: int) -> list[dict[str, Any]]:
    rows = conn.all(
        "SELECT id, type, data, created_at FROM events WHERE user_id = ? AND id > ?"
        " ORDER BY id LIMIT ?",
        (user_id, after_id, MAX_BATCH),
    )
    return [
        {
            "id": int(r["id"]),
            "type": r["type"],
            "data": json.loads(r["data"]),
            "created_at": int(r["created_at"]),
        }
        for r in rows
    ]


def last_id(conn: Conn, *, user_id: str) -> int:
    return int(conn.scalar("SELECT MAX(id) FROM events WHERE user_id = ?", (user_id,)) or 0)


class Notifier:
    """Wakes every waiting stream after each commit. Lives on the server's event loop."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._event = asyncio.Event()

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def poke(self) -> None:
        """Called from the writer thread."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self.wake)

    def wake(self) -> None:
        """On the server's event loop: wake every waiting stream now."""
        old, self._event = self._event, asyncio.Event()
        old.set()

    async def wait(self, timeout_s: float) -> None:
        try:
            await asyncio.wait_for(self._event.wait(), timeout_s)
        except TimeoutError:
            pass


class StreamCount:
    """Open event streams per user in this process: a session can't hold the server's
    connections and polling threads with stream after stream."""

    def __init__(self) -> None:
        self._open: dict[str, int] = {}
        self._lock = threading.Lock()

    def open(self, user_id: str, most: int) -> bool:
        with self._lock:
            n = self._open.get(user_id, 0)
            if n >= most:
                return False
            self._open[user_id] = n + 1
            return True

    def close(self, user_id: str) -> None:
        with self._lock:
            n = self._open.get(user_id, 0) - 1
            if n > 0:
                self._open[user_id] = n
            else:
                self._open.pop(user_id, None)
