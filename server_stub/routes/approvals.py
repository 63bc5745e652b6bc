"""Asking the payer at the till (issue 15 §1): HTTP only, over server_stub/approvals.py.

    POST /v1/approvals                  terminal: ask about its declined sale  (201, or 200
                                        with the same approval when asked again)
    GET  /v1/approvals/{id}?wait_s=N    terminal, payer or delegate: the approval; the
                                        terminal may wait up to 25 s for an answer
    POST /v1/approvals/{id}/answer      payer: {"allow": true|false}
    POST /v1/approvals/{id}/cancel      terminal: stop asking
    POST /v1/approvals/{id}/complete    terminal: settle the allowed sale (Idempotency-Key:
                                        the declined sale's own key)
    GET  /v1/approvals?limit=N          payer or delegate: their approvals, newest first
"""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from kinpay import schemas
from server_stub import approval_settle, approvals
from server_stub.auth import Principal
from server_stub.deps import AnyUser, Payer, StateDep, Term, Who
from server_stub.errors import TooMany
from server_stub.front import header, idempotency_key
from server_stub.state import State

router = APIRouter(prefix="/v1")
MAX_WAIT_S = 25  # a long poll ends well before any proxy's idle timeout
POLL_STEP_S = 0.5  # the notifier wakes a waiter at each commit here; this covers others
# Waiting reads at once per terminal or user, as event streams are capped (security.md row
# 70): each re-reads at every commit; a till waits on one, a wallet on none.
MAX_WAITS = 4
WAITS_RETRY_AFTER_S = 2
ApprovalId = Annotated[str, Path(min_length=1, max_length=64)]


@router.post("/approvals", status_code=201)
async def ask(req: schemas.AskRequest, who: Term, state: StateDep) -> JSONResponse:
    at = state.clock.now_s()
    answer, new = await state.write(lambda c: approvals.ask(c, terminal=who, req=req, now_s=at))
    return JSONResponse(answer.model_dump(mode="json"), status_code=201 if new else 200)


@router.get("/approvals")
def list_approvals(
    who: AnyUser, state: StateDep, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> schemas.ApprovalList:
    at = state.clock.now_s()
    return state.read(lambda c: approvals.list_for(c, who, limit, at))


@router.get("/approvals/{approval_id}")
async def get_approval(
    approval_id: ApprovalId,
    who: Who,
    state: StateDep,
    wait_s: Annotated[int, Query(ge=0, le=MAX_WAIT_S)] = 0,
) -> schemas.Approval:
    """The approval; with `wait_s`, answered as soon as it is no longer pending (or when
    the wait is over), so a terminal learns the payer's answer within a commit."""
    if not wait_s:
        return await run_in_threadpool(_read, state, who, approval_id)
    if not state.approval_waits.open(who.id, MAX_WAITS):
        raise TooMany(f"at most {MAX_WAITS} waiting reads of approvals at once",
                      WAITS_RETRY_AFTER_S)
    try:
        deadline = time.monotonic() + wait_s
        while True:
            found = await run_in_threadpool(_read, state, who, approval_id)
            left_s = deadline - time.monotonic()
            if found.status != "pending" or left_s <= 0 or state.stopping:
                return found
            await state.notifier.wait(min(POLL_STEP_S, left_s))
    finally:
        state.approval_waits.close(who.id)


def _read(state: State, who: Principal, approval_id: str) -> schemas.Approval:
    at = state.clock.now_s()
    return state.read(lambda c: approvals.get(c, who, approval_id, at))


@router.post("/approvals/{approval_id}/answer")
async def answer(
    approval_id: ApprovalId, req: schemas.ApprovalReply, who: Payer, state: StateDep
) -> schemas.Approval:
    at = state.clock.now_s()
    return await state.write(
        lambda c: approvals.reply(c, payer=who, approval_id=approval_id, allow=req.allow,
                                  now_s=at)
    )


@router.post("/approvals/{approval_id}/cancel")
async def cancel(approval_id: ApprovalId, who: Term, state: StateDep) -> schemas.Approval:
    at = state.clock.now_s()
    return await state.write(
        lambda c: approvals.cancel(c, terminal=who, approval_id=approval_id, now_s=at)
    )


@router.post("/approvals/{approval_id}/complete", status_code=201)
async def complete(
    approval_id: ApprovalId,
    req: schemas.ApprovalComplete,
    who: Term,
    request: Request,
    state: StateDep,
) -> JSONResponse:
    key = idempotency_key(header(request.scope, b"idempotency-key"), required=True)
    assert key is not None
    at = state.clock.now_s()
    body, replayed = await state.write(
        lambda c: approval_settle.complete(c, terminal=who, approval_id=approval_id, key=key,
                                           req=req, now_s=at)
    )
    headers = {"Idempotent-Replayed": "true"} if replayed else {}
    return JSONResponse(body, status_code=201, headers=headers)
