"""One look a process for every open event stream (docs/security.md row 89).

Each stream used to look for itself: a read (its session, then its user's events) every
STREAM_POLL_S and at every commit of anyone's, so idle streams cost the server in
proportion to their number (512 idle streams of free accounts: a parent's list 2.5 ms ->
254 ms, and every payment woke 512 reads). Now the process's `StreamHub` looks for all of
them at once, each STREAM_POLL_S and soon after a commit here (events.Notifier): one read
that says, for every user with an open stream, the id of the user's last event, and which
of the streams' sessions no longer stand. A stream reads its own events (streams.py,
`events_after`, which asks again whether its session stands) only when the hub saw an
event after its last id; its session ended, it ends. Another process's commits (`kinpay
server --workers N`, servers side by side on PostgreSQL) are seen at the next look.

A user's events commit in the order of their ids (events.emit), so a user's last id is
a safe mark: a stream behind it has events to read, and one at it has none committed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fastapi.concurrency import run_in_threadpool

from server_stub import events, passwords
from server_stub.db import Conn
from server_stub.streams import STREAM_POLL_S

if TYPE_CHECKING:
    from server_stub.state import State

log = logging.getLogger(__name__)

CHUNK = 500  # users (or sessions) named in one query
# Looks brought by commits come at most this often. None: a commit here is looked for at
# once, as each stream did before (a look under way takes in the commits made meanwhile),
# so events reach a wallet as promptly as they did: with a 50-ms gap a tablet once showed
# a stale outcome in a fresh-clone CI run (tests/wallet/test_stop_while_asked.py).
COMMIT_GAP_S = 0.0


@dataclass(eq=False)
class Watch:
    """What the hub knows of one open stream: its slot, the last event id it sent, and
    whether it has events to read (`due`) or its session ended (`ended`)."""

    slot: events.StreamSlot
    last: int
    due: bool = True  # its first look is its own
    ended: bool = False
    woken: asyncio.Event = field(default_factory=asyncio.Event)

    async def wait(self, timeout_s: float) -> None:
        """Until the hub wakes this stream, or `timeout_s` (its next ping)."""
        if timeout_s > 0 and not self.woken.is_set():
            try:
                await asyncio.wait_for(self.woken.wait(), timeout_s)
            except TimeoutError:
                pass
        self.woken.clear()


class StreamHub:
    """The process's one poller for its event streams (on the server's event loop)."""

    def __init__(self, poll_s: float = STREAM_POLL_S) -> None:
        self.poll_s = poll_s
        self.looks = 0  # reads made for the streams so far (one a look)
        self._watches: set[Watch] = set()
        self._some = asyncio.Event()  # set while there are streams to look for
        self._task: asyncio.Task[None] | None = None

    def watch(self, state: State, slot: events.StreamSlot, last: int) -> Watch:
        """Register an open stream, from `last`; the hub starts with the first."""
        found = Watch(slot, last)
        self._watches.add(found)
        self._some.set()
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run(state))
        return found

    def forget(self, watch: Watch) -> None:
        self._watches.discard(watch)

    async def _run(self, state: State) -> None:
        loop = asyncio.get_running_loop()
        notifier = state.notifier
        while True:
            if not self._watches:
                self._some.clear()
                await self._some.wait()
                continue
            began, seen = loop.time(), notifier.generation
            await self._look(state)
            if notifier.generation == seen:  # no commit here since the look began
                await notifier.wait(self.poll_s)
            await asyncio.sleep(max(0.0, began + COMMIT_GAP_S - loop.time()))

    async def _look(self, state: State) -> None:
        watches = list(self._watches)
        if state.stopping:  # the server stops: every stream ends now
            for w in watches:
                w.woken.set()
            return
        users = sorted({w.slot.user_id for w in watches})
        sessions = sorted({w.slot.session for w in watches})
        try:
            tops, ended = await run_in_threadpool(_read, state, users, sessions)
        except Exception:
            # Storage trouble: each stream reads for itself, as it would have, and ends
            # with the error if it stays.
            log.exception("the event streams' look failed")
            tops, ended = {w.slot.user_id: w.last + 1 for w in watches}, set()
        self.looks += 1
        for w in watches:
            if w.slot.session in ended:
                w.ended = True
            elif tops.get(w.slot.user_id, 0) > w.last:
                w.due = True
            elif not w.slot.ended:
                continue  # nothing for it: it sleeps on
            w.woken.set()


def _read(state: State, users: list[str], sessions: list[str]) -> tuple[dict[str, int],
                                                                           set[str]]:
    """One snapshot: each user's last event id, and the sessions that no longer stand."""
    with state.db.read() as conn:
        ended = set(sessions) - passwords.sessions_standing(conn, sessions, state.clock.now_s())
        return last_ids(conn, users), ended


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(items), CHUNK):
        yield items[i:i + CHUNK]


_LAST_IDS = ("SELECT u.id AS user_id,"
             " (SELECT MAX(e.id) FROM events e WHERE e.user_id = u.id) AS own,"
             " (SELECT MAX(e.id) FROM events e WHERE e.also_user_id = u.id) AS also"
             " FROM users u")


def last_ids(conn: Conn, users: list[str]) -> dict[str, int]:
    """Each user's last event id (events.last_id for many): by the indexes events_user and
    events_also, one index step a user whatever the number of its events."""
    found: dict[str, int] = {}
    for part in _chunks(users):
        marks = ", ".join("?" * len(part))  # placeholders only: the values are bound
        rows = conn.all(_LAST_IDS + f" WHERE u.id IN ({marks})", part)
        for r in rows:
            found[str(r["user_id"])] = max(int(r["own"] or 0), int(r["also"] or 0))
    return found
