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
            self._loop.call_soon_threadsafe(self._wake)

    def _wake(self) -> None:
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
