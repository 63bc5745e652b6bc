"""The event stream (server-sent events) of one user: from a position, without loss."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from fastapi.concurrency import run_in_threadpool
from starlette.requests import Request

from server_stub import devices, events, passwords

if TYPE_CHECKING:
    from server_stub.state import State

# How often the process's hub looks for every open stream (another process's commits are
# seen within it; this process's wake it at once).
STREAM_POLL_S = 0.5
# A quiet stream pings this often, so a client that hears nothing for a few pings knows
# the server stalled (stopped, swapped out, a dead route) without waiting on TCP: the
# wallets judge the link by it (kinpay.client.STREAM_QUIET_S).
STREAM_PING_S = 3.0
MAX_EVENT_ID = 2**62
_MAX_EVENT_ID_DIGITS = len(str(MAX_EVENT_ID))


def last_id(header: str | None, query: int | None) -> int | None:
    """Where a stream resumes: `?after=`, else `Last-Event-ID` when it is 1–19 ASCII
    digits (str.isdigit also takes "²", which int() refuses, and int() refuses more than
    4,300 digits), else None: from where the user's events stand."""
    if query is not None:
        return query
    text = header.strip() if header is not None else ""
    if text.isascii() and text.isdigit() and len(text) <= _MAX_EVENT_ID_DIGITS:
        value = int(text)
        return value if value <= MAX_EVENT_ID else None
    return None


async def stream(state: State, request: Request, slot: events.StreamSlot,
                 start: int) -> AsyncIterator[str]:
    """`slot.session`: the session's token hash; the stream ends when that session does
    (signed out everywhere, a new password, its hours over), in whichever process ended it,
    or when another of the user's sessions took its slot (events.StreamSlots)."""
    try:
        async for frame in _frames(state, request, slot, start):
            yield frame
    finally:
        state.streams.close(slot)


async def _frames(state: State, request: Request, slot: events.StreamSlot,
                  start: int) -> AsyncIterator[str]:
    """The stream's frames. It reads its user's events when the process's hub
    (stream_hub.StreamHub, one look for every open stream) saw some after its last id, and
    ends when the hub saw its session end; between, it sleeps, pinging each STREAM_PING_S."""
    user_id, digest = slot.user_id, slot.session
    # The opening frame names the position, so a client that drops before the first event
    # still resumes from here and misses nothing.
    yield f"retry: 1000\nid: {start}\n\n"
    watch = state.hub.watch(state, slot, start)
    try:
        next_ping = time.monotonic() + STREAM_PING_S
        seen = state.clock.now_s()  # the stream's request marked it (deps.principal)
        while not state.stopping and not slot.ended and not watch.ended:
            if watch.due:
                watch.due = False
                found = await run_in_threadpool(events_after, state, user_id, watch.last,
                                                digest)
                if found is None:
                    break  # the session ended: the client's next request is answered 401
                for ev in found:
                    watch.last = ev["id"]
                    yield f"id: {ev['id']}\nevent: {ev['type']}\ndata: {json.dumps(ev)}\n\n"
                if len(found) >= events.MAX_BATCH:
                    watch.due = True  # more behind them
                    continue
            if time.monotonic() >= next_ping:
                if await request.is_disconnected():
                    break
                next_ping = time.monotonic() + STREAM_PING_S
                seen = await devices.keep_seen(state, digest, seen)
                yield ": ping\n\n"
            await watch.wait(next_ping - time.monotonic())
    finally:
        state.hub.forget(watch)


def events_after(state: State, user_id: str, last: int,
                 digest: str) -> list[dict[str, Any]] | None:
    """The user's events after `last`, or None when the session no longer stands."""
    with state.db.read() as conn:
        if not passwords.session_stands(conn, digest=digest, now_s=state.clock.now_s()):
            return None
        return events.after(conn, user_id=user_id, after_id=last)


