"""Events for the wallets: stored, so a stream that reconnects misses nothing.

Each is kept in the `events` table under its user with a growing id (a payment's, one row
for its payer and its delegate: `emit_payment`); a stream sends what came after the last id
its client saw (`Last-Event-ID`), then waits for the writer's next
commit (or a short poll, which also covers other server processes on PostgreSQL).
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
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


_PAYMENT_NOTE = json.dumps({"kind": "payment"})


def emit_payment(
    conn: Conn, *, payer_id: str, delegate_id: str, payment_id: str, now_s: int
) -> None:
    """A payment's event, for its payer and its delegate: one row (`also_user_id`, migration
    0007) whose data is the payment's stored answer and `"kind": "payment"` (`after`), so
    the answer is not written twice more. On PostgreSQL the insert takes the payer's event
    lock, then the delegate's (db.py's order), before its id is drawn: each user's events
    still commit in the order of their ids."""
    also = delegate_id if delegate_id != payer_id else None
    params: list[Any] = [payer_id, also, payment_id, "payment", _PAYMENT_NOTE, now_s]
    if conn.kind == "postgres":
        # The second lock's subquery names the first's column, so it runs after it.
        conn.write(
            "INSERT INTO events (user_id, also_user_id, payment_id, type, data, created_at)"
            " SELECT ?, ?, ?, ?, ?, ? FROM (SELECT pg_advisory_xact_lock(?, hashtext(?)) AS a)"
            " AS t1 CROSS JOIN LATERAL (SELECT t1.a, pg_advisory_xact_lock(?, hashtext(?)))"
            " AS t2",
            (*params, LOCK_EVENTS, payer_id, LOCK_EVENTS, also or payer_id),
        )
        return
    conn.write("INSERT INTO events (user_id, also_user_id, payment_id, type, data, created_at)"
               " VALUES (?, ?, ?, ?, ?, ?)", params)


def after(conn: Conn, *, user_id: str, after_id: int) -> list[dict[str, Any]]:
    """The user's events after `after_id`, oldest first, at most MAX_BATCH: the rows under
    the user and those naming the user as `also_user_id`; a payment's (`payment_id`) with
    its stored answer as data, what the row's `data` says added to it."""
    rows = conn.all(
        "SELECT e.id, e.type, e.data, e.created_at, p.response FROM ("
        "SELECT id, type, data, created_at, payment_id FROM events"
        " WHERE user_id = ? AND id > ?"
        " UNION ALL SELECT id, type, data, created_at, payment_id FROM events"
        " WHERE also_user_id = ? AND id > ? ORDER BY id LIMIT ?) AS e"
        " LEFT JOIN payments p ON p.id = e.payment_id ORDER BY e.id",
        (user_id, after_id, user_id, after_id, MAX_BATCH),
    )
    found = []
    for r in rows:
        data = json.loads(r["data"])
        if r["response"] is not None:
            data = {**json.loads(r["response"]), **data}
        found.append({"id": int(r["id"]), "type": r["type"], "data": data,
                      "created_at": int(r["created_at"])})
    return found


def last_id(conn: Conn, *, user_id: str) -> int:
    return int(conn.scalar(
        "SELECT MAX(id) FROM (SELECT MAX(id) AS id FROM events WHERE user_id = ?"
        " UNION ALL SELECT MAX(id) FROM events WHERE also_user_id = ?) AS m",
        (user_id, user_id)) or 0)


class Notifier:
    """Wakes every waiting stream after each commit. Lives on the server's event loop."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._event = asyncio.Event()
        # How many wakes so far: the streams' poller (stream_hub) tells a commit that came
        # while it looked from none.
        self.generation = 0

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def poke(self) -> None:
        """Called from the writer thread."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self.wake)

    def wake(self) -> None:
        """On the server's event loop: wake every waiting stream now."""
        old, self._event = self._event, asyncio.Event()
        self.generation += 1
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


@dataclass(eq=False)
class StreamSlot:
    """One open event stream: its user, its session (token hash), its client's address,
    and whether another stream took its place (`ended`: the stream ends at its next look,
    and its client comes back from its last event id, missing nothing)."""

    user_id: str
    session: str
    address: str = ""
    ended: bool = False


class StreamSlots:
    """Open event streams in this process. Per user, shared fairly among the user's
    sessions (docs/security.md row 73): a session holds at most `per_session`, a user at
    most `most`, and a session asking when the user's are all held takes the place of the
    oldest stream of the session that holds the most: one session (a thief with the
    parent's password) can't keep the parent's wallet from its stream.

    Per client address at most `per_address`, and at most `process_most` in all (row 89):
    a stranger with many free accounts can't hold stream after stream. A session's first
    stream is never refused: at the address's bound it takes the place of the oldest
    stream of the user holding the most there, at the process's that of the user holding
    the most at the address holding the most; so whoever fills a bound loses its own
    streams first, and a parent's wallet (one stream a session) keeps its own. A session's
    further streams are refused there (429)."""

    def __init__(self) -> None:
        self._open: dict[str, list[StreamSlot]] = {}
        self._at: dict[str, list[StreamSlot]] = {}  # per address, oldest first
        self._lock = threading.Lock()

    def open(self, user_id: str, session: str, most: int, per_session: int, *,
             address: str = "", per_address: int | None = None,
             process_most: int | None = None) -> StreamSlot | str:
        """A slot for a new stream, or why there is none (the session's further stream at
        a bound)."""
        with self._lock:
            held = self._open.get(user_id, [])
            mine = sum(s.session == session for s in held)
            if mine >= per_session:
                return f"at most {per_session} event streams at once a session"
            gone: list[StreamSlot] = []
            others = [s for s in held if s.session != session]
            if len(held) >= most and others:  # per_session < most: there are others
                gone.append(_oldest_of_heaviest(others, lambda s: s.session))
            here = [s for s in self._at.get(address, ()) if s not in gone]
            if per_address is not None and len(here) >= per_address:
                if mine:
                    return f"at most {per_address} event streams at once from one address"
                gone.append(_oldest_of_heaviest(here, lambda s: s.user_id))
            total = sum(map(len, self._at.values())) - len(gone)
            if process_most is not None and total >= process_most:
                if mine:
                    return "the server holds as many event streams as it may"
                counts = Counter(s.address for s in self._slots() if s not in gone)
                top_address = max(counts, key=lambda a: counts[a])
                gone.append(_oldest_of_heaviest(
                    [s for s in self._at[top_address] if s not in gone], lambda s: s.user_id))
            for victim in gone:
                victim.ended = True
                self._drop(victim)
            slot = StreamSlot(user_id, session, address)
            self._open.setdefault(user_id, []).append(slot)
            self._at.setdefault(address, []).append(slot)
            return slot

    def close(self, slot: StreamSlot) -> None:
        with self._lock:
            self._drop(slot)

    def _drop(self, slot: StreamSlot) -> None:
        for table, key in ((self._open, slot.user_id), (self._at, slot.address)):
            held = table.get(key)
            if held is not None and slot in held:
                held.remove(slot)
                if not held:
                    del table[key]

    def _slots(self) -> list[StreamSlot]:
        return [s for held in self._at.values() for s in held]

    def held(self, user_id: str) -> int:
        with self._lock:
            return len(self._open.get(user_id, ()))

    def open_from(self, address: str) -> int:
        with self._lock:
            return len(self._at.get(address, ()))


def _oldest_of_heaviest(slots: list[StreamSlot], key: Callable[[StreamSlot], str]
                        ) -> StreamSlot:
    """The oldest of `slots` (oldest first) whose `key` holds the most of them."""
    counts = Counter(map(key, slots))
    top = max(counts.values())
    return next(s for s in slots if counts[key(s)] == top)
