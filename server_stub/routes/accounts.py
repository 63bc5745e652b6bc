"""Accounts, terminals and events, plus health, config and the server's keys; the demo's
self top-up and the test clock are routers of their own, mounted only when enabled."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from kinpay import schemas
from server_stub import accounts, events, security, streams
from server_stub.deps import AnyUser, Payer, StateDep, Term, Token, Who
from server_stub.errors import NotAllowed, TooMany
from server_stub.security import loopback_only

router = APIRouter(prefix="/v1")
demo_router = APIRouter(prefix="/v1")
test_clock_router = APIRouter(prefix="/v1")
# Event streams at once in this process: a user's, shared among its sessions, a session
# at most MAX_STREAMS_PER_SESSION (events.StreamSlots: a session's first is never refused).
MAX_STREAMS_PER_USER = 4
MAX_STREAMS_PER_SESSION = 2
# ... and from one client address, and in all (docs/security.md row 89): past either, a
# session's first stream takes the place of the heaviest holder's oldest, a further one is
# refused 429.
MAX_STREAMS_PER_ADDRESS = 32
MAX_STREAMS = 2048
STREAM_RETRY_AFTER_S = 5


@router.get("/health")
def health(state: StateDep) -> dict[str, Any]:
    return {"ok": True, "now": state.clock.now_s()}


@router.get("/keys")
def server_keys(state: StateDep) -> schemas.KeyList:
    return schemas.KeyList(keys=state.keys.answer())


@router.get("/accounts/me")
def my_account(who: Who, state: StateDep) -> schemas.Account:
    return state.read(lambda c: accounts.answer(c, who))


@router.get("/config")
def config(state: StateDep) -> dict[str, Any]:
    return {"demo_funding": state.demo}


@demo_router.post("/accounts/me/top-up", status_code=201)
async def top_up(req: schemas.TopUp, who: Payer, state: StateDep) -> schemas.Account:
    """Only on `kinpay server --demo`: a shop's server has no way to make money."""
    at = state.clock.now_s()
    return await state.write(lambda c: accounts.top_up(c, who, req, at))


@router.get("/terminal")
def my_terminal(who: Term) -> schemas.Terminal:
    return schemas.Terminal(
        id=who.id, merchant=who.merchant, category=who.category, currency=who.currency
    )


@router.get("/events", response_class=StreamingResponse)
async def stream(
    request: Request,
    who: AnyUser,
    token: Token,
    state: StateDep,
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
    after: Annotated[int | None, Query(ge=0, le=streams.MAX_EVENT_ID)] = None,
) -> StreamingResponse:
    start = streams.last_id(last_event_id, after)
    if start is None:
        start = await run_in_threadpool(
            state.read, lambda c: events.last_id(c, user_id=who.id)
        )
    digest = security.token_hash(token)
    address = request.client.host if request.client else "?"  # as sign-ins count it
    slot = state.streams.open(who.id, digest, MAX_STREAMS_PER_USER, MAX_STREAMS_PER_SESSION,
                              address=address, per_address=MAX_STREAMS_PER_ADDRESS,
                              process_most=MAX_STREAMS)
    if isinstance(slot, str):
        raise TooMany(slot, STREAM_RETRY_AFTER_S)
    return StreamingResponse(
        streams.stream(state, request, slot, start),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


class ClockSet(BaseModel):
    now: int | None


@test_clock_router.put("/_test/clock", include_in_schema=False)
def set_clock(body: ClockSet, request: Request, state: StateDep) -> dict[str, Any]:
    # Also per request: only over a loopback socket, whatever the configuration.
    served = request.scope.get("server") or ("?", 0)
    if not loopback_only(str(served[0])):
        raise NotAllowed("the test clock is set from this machine only")
    state.clock.set(body.now)
    return {"now": state.clock.now_s()}
