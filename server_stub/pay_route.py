"""POST /v1/payments: the one request a shop makes at every sale, and the server's hot path.

One front door: `answer_payment` reads the request (bearer token, content type,
`Idempotency-Key` from its bytes, the body with the strict schema), judges it and answers,
errors included. The FastAPI route calls it, and so does `PaymentFastPath`, which only skips
FastAPI's routing and dependency machinery (about a third of the server's CPU per payment).
With or without the fast path, the same request gets the same answer; a differential test
(tests/security/test_front_door.py) holds that.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from email.message import Message as MimeMessage
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from kinpay import codes, schemas
from server_stub import offline, payments, tenders
from server_stub.auth import TerminalPrincipal
from server_stub.db import Conn
from server_stub.errors import Invalid, NotAllowed, ServerError, TooMany, UnsupportedType
from server_stub.front import INTERNAL_ERROR, bearer_token, error_answer, header, idempotency_key
from server_stub.writer import RowLocked, lock_key

if TYPE_CHECKING:
    from server_stub.state import State

log = logging.getLogger("kinpay.server")
PAYMENTS_PATH = "/v1/payments"


def validation_message(exc: ValidationError | Any) -> str:
    """The first problem as "where: what", the same for every route."""
    errors = exc.errors()
    first = errors[0] if errors else {}
    where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
    return f"{where}: {first.get('msg', 'invalid')}" if where else str(first.get("msg"))


# Content-Type values already judged (a till sends the same one every time); bounded.
_JSON_TYPES: dict[bytes, bool] = {}
_JSON_TYPES_MAX = 64


def _json_type(raw: bytes | None) -> bool:
    if raw is None:
        return False
    known = _JSON_TYPES.get(raw)
    if known is not None:
        return known
    mime = MimeMessage()
    mime["content-type"] = raw.decode("latin-1")
    subtype = mime.get_content_subtype()
    found = mime.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )
    if len(_JSON_TYPES) >= _JSON_TYPES_MAX:
        _JSON_TYPES.clear()
    _JSON_TYPES[raw] = found
    return found


@dataclass(frozen=True)
class PaymentAsk:
    """A payment request as read: who pays, with which key (and its hash, checked again
    in the payment's transaction), for what."""

    who: TerminalPrincipal
    key_hash: str
    idem_key: str
    req: schemas.PaymentRequest


def read_payment(state: State, scope: Scope, body: bytes) -> PaymentAsk:
    """Who pays, with which key, for what; or the ServerError that answers the request.
    The terminal may come from the route's cache (auth.TerminalCache): then a request
    refused for its form is refused for its key first when the key no longer works, as it
    would have been by a lookup."""
    token = bearer_token(header(scope, b"authorization"))
    now_s = state.clock.now_s()
    who, digest, cached = state.authn.cached_terminal(token, now_s)
    if not isinstance(who, TerminalPrincipal):
        raise NotAllowed("this needs a terminal key")
    try:
        if not _json_type(header(scope, b"content-type")):
            raise UnsupportedType("send the payment as Content-Type: application/json")
        key = idempotency_key(header(scope, b"idempotency-key"), required=True)
        assert key is not None
        try:
            req = schemas.PaymentRequest.model_validate_json(body)
        except ValidationError as exc:
            raise Invalid(validation_message(exc)) from None
    except ServerError:
        if cached:  # is the key still good? NotSignedIn if not
            state.authn.terminals.forget(digest)
            state.authn.cached_terminal(token, now_s)
        raise
    return PaymentAsk(who=who, key_hash=digest, idem_key=key, req=req)


def _sale(
    who: TerminalPrincipal,
    key: str,
    req: schemas.PaymentRequest | schemas.OfflinePayment,
    *,
    at_s: int,
    offline: bool = False,
) -> payments.Sale:
    """The sale a request asks for, online or from an offline batch: the one place a Sale
    is built from what a terminal sent."""
    body = tenders.request_body(req)
    online_hashes: tuple[str, ...] = ()
    if offline:
        online = {k: v for k, v in body.items() if k not in ("id", "accepted_at")}
        online_hashes = (payments.request_hash(online),
                         payments.request_hash({**online, "partial": True}))
    return payments.Sale(
        terminal=who,
        idem_key=key,
        req_hash=payments.request_hash(body),
        amount=req.amount,
        currency=req.currency,
        items=req.items,
        reference=req.reference,
        at_s=at_s,
        offline=offline,
        # An offline payment is always whole: split and partial need the server's answer.
        tenders=req.tenders if isinstance(req, schemas.PaymentRequest) else [],
        partial=req.partial if isinstance(req, schemas.PaymentRequest) else False,
        online_hashes=online_hashes,
    )


async def take_payment(state: State, ask: PaymentAsk) -> payments.Outcome:
    """Judge and record one payment; returns its outcome. The guess and invalid-code
    limits are applied in the writer (server_stub/limits.py), and so is the check that the
    terminal's key still works."""
    at = state.clock.now_s()
    pre = payments.precheck(ask.req.code, state.keys, at)
    sale = _sale(ask.who, ask.idem_key, ask.req, at_s=at)
    sale.key_hash = ask.key_hash
    try:
        # With a payment writer process, it writes the payment; without (or while it
        # starts again), this process's writer does.
        answered = (await state.pay_writer.pay(sale, pre, at)
                    if state.pay_writer is not None else None)
        outcome, changed = (answered if answered is not None
                            else await state.write(pay_job(sale, pre, at)))
    except payments.KeyGone:
        state.authn.terminals.forget(ask.key_hash)
        raise
    if changed is not None:  # its shop changed: remember the terminal as it is
        state.authn.terminals.put(ask.key_hash, changed)
    return outcome


async def answer_payment(state: State, scope: Scope, body: bytes) -> Response:
    """The whole of POST /v1/payments, errors included."""
    try:
        outcome = await take_payment(state, read_payment(state, scope, body))
    except ServerError as exc:
        headers = {"Retry-After": str(exc.retry_after_s)} if isinstance(exc, TooMany) else {}
        return error_answer(exc.status, exc.code, exc.message, **headers)
    except Exception:
        log.exception("unhandled error on POST /v1/payments")
        return error_answer(500, "internal", INTERNAL_ERROR)
    if outcome.replayed:
        return JSONResponse(outcome.payment, status_code=201,
                            headers={"Idempotent-Replayed": "true"})
    # The answer was serialised once, in the writer, as JSONResponse would (it is stored so).
    assert outcome.raw is not None
    return Response(outcome.raw, status_code=201, media_type="application/json")


class PaymentFastPath:
    """POST /v1/payments without FastAPI's routing: the same `answer_payment`. Sits inside
    the front door, so the body is already bounded in size and nesting."""

    def __init__(self, app: ASGIApp, *, state: State) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "POST"
            or scope["path"] != PAYMENTS_PATH
        ):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away before the end of its request
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        response = await answer_payment(self.state, scope, b"".join(chunks))
        await response(scope, receive, send)


async def offline_upload(
    state: State, who: TerminalPrincipal, batch: schemas.OfflineBatch
) -> schemas.OfflineBatchResult:
    """POST /v1/offline-batches: each payment judged as of when it was accepted. Each item
    meets the invalid-code throttle in the writer: once the terminal is locked, the items
    after it are not written and the batch answers 429 (the terminal sends it again later;
    what was settled replays)."""
    at = state.clock.now_s()
    # A batch is judged in its order (the first use of a code wins). SQLite's one writer
    # takes jobs in the order they come, so they are all queued at once and committed
    # together; PostgreSQL's writer threads would take them in any order, so there each
    # waits for the one before.
    in_order = state.db.kind == "postgres"
    results: list[Paid] = []
    jobs = []
    for item in batch.payments:
        checked = offline.precheck(item, state.keys, at)
        pre = (payments.Prechecked(code=checked) if isinstance(checked, codes.Code)
               else payments.Prechecked(error=checked))
        sale = _sale(who, item.id, item, at_s=min(item.accepted_at, at), offline=True)
        job = state.writer.submit_async(pay_job(sale, pre, at))
        if in_order:
            results.append(await job)
        else:
            jobs.append(job)
    results += [await j for j in jobs]
    return schemas.OfflineBatchResult(
        results=[schemas.Payment.model_validate(outcome.payment) for outcome, _ in results]
    )


# What a payment job answers: its outcome, and its terminal as it is now when the payment
# found its shop changed (else None), for the route's terminal cache.
Paid = tuple[payments.Outcome, TerminalPrincipal | None]


def pay_job(sale: payments.Sale, pre: payments.Prechecked, at: int) -> RowLocked:
    """A payment as a writer job, in this process's writer or the payment writer process
    (server_stub/pay_writer.py). It locks only what it touches (server_stub/writer.py),
    first its terminal: a till makes one sale at a time, a retry waits for the first try's
    answer, and the terminal's throttles judge a burst one attempt after another, as a
    series (on every process); a typed code also its device, for the device's throttle."""
    keys = [lock_key("terminal", sale.terminal.id)]
    if pre.numeric is not None:
        keys.append(lock_key("numeric-device", str(pre.numeric.device_no)))
    asked = sale.terminal

    def job(conn: Conn) -> Paid:
        outcome = payments.pay(conn, sale=sale, pre=pre, now_s=at)
        return outcome, (sale.terminal if sale.terminal is not asked else None)

    return RowLocked(job, keys=keys)
