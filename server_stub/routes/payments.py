"""Payments, refunds and offline batches. POST /v1/payments reads its own body (one reader
with the fast path, server_stub/pay_route.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from kinpay import schemas
from server_stub import history, payments, refunds, tenders
from server_stub.db import Conn, Row
from server_stub.deps import StateDep, Term
from server_stub.front import header, idempotency_key
from server_stub.pay_route import answer_payment, offline_upload

router = APIRouter(prefix="/v1")
MAX_UNIX_S = 4_102_444_800  # 2100: beyond any sale, within a database's integer
MAX_LISTED_PAYMENTS = 2000


@router.post(
    "/payments",
    status_code=201,
    response_model=schemas.Payment,
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/PaymentRequest"}}}}},
)
async def pay(request: Request) -> Response:
    return await answer_payment(request.app.state.kinpay, request.scope, await request.body())


@router.get("/payments")
def list_payments(
    who: Term,
    state: StateDep,
    since: Annotated[int | None, Query(ge=0, le=MAX_UNIX_S)] = None,
    until: Annotated[int | None, Query(ge=0, le=MAX_UNIX_S)] = None,
    scope: Annotated[str, Query(pattern="^(terminal|merchant)$")] = "terminal",
    limit: Annotated[int, Query(ge=1, le=MAX_LISTED_PAYMENTS)] = 500,
) -> schemas.PaymentList:
    at = state.clock.now_s()
    return state.read(lambda c: history.of_terminal(
        c, who, scope=scope, since_s=since, until_s=until, limit=limit, now_s=at))


@router.get("/payments/{payment_id}")
def get_payment(payment_id: str, who: Term, state: StateDep) -> schemas.Payment:
    return state.read(
        lambda c: history.payment_answer(payments.merchants_payment(c, who, payment_id))
    )


@router.post("/payments/{payment_id}/refunds", status_code=201)
async def refund(
    payment_id: str, req: schemas.RefundRequest, who: Term, request: Request, state: StateDep
) -> JSONResponse:
    key = idempotency_key(header(request.scope, b"idempotency-key"), required=False)
    at = state.clock.now_s()
    answer, replayed = await state.write(
        lambda c: refunds.refund(
            c,
            terminal=who,
            payment_id=payment_id,
            req=req,
            idem_key=key,
            req_hash=payments.request_hash(tenders.refund_body(req)),
            now_s=at,
        )
    )
    headers = {"Idempotent-Replayed": "true"} if replayed else {}
    return JSONResponse(answer.model_dump(mode="json"), status_code=201, headers=headers)


@router.post("/payments/{payment_id}/rest")
async def pay_rest(
    payment_id: str, req: schemas.RestRequest, who: Term, state: StateDep
) -> schemas.Payment:
    """How the rest of a split or partial sale was paid (cash, card), or that its blocked
    items were taken off. The same again is answered as the first time."""
    now = state.clock.now_s()

    def settle(conn: Conn) -> Row:
        row, changed = tenders.settle_rest(conn, terminal=who, payment_id=payment_id,
                                           how=req.how)
        if changed:  # told once: a retry tells nobody again
            history.tell_family(conn, row, kind="rest", now_s=now)
        return row

    return history.payment_answer(await state.write(settle))


@router.post("/offline-batches")
async def offline_batch(
    batch: schemas.OfflineBatch, who: Term, state: StateDep
) -> schemas.OfflineBatchResult:
    return await offline_upload(state, who, batch)
