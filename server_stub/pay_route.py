"""POST /v1/payments: the one request a shop makes at every sale, and the server's hot path.

`take_payment` is the route's work (rate limits, the code's signatures, then the writer).
`PaymentFastPath` serves a well-formed payment without FastAPI's routing and dependency
machinery, which cost about a third of the server's CPU per payment. Anything it is not
sure of (no or a bad token, a body that does not validate, a missing key) it hands,
untouched, to the FastAPI route, so every error is answered exactly as documented.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kinpay import schemas
from server_stub import payments
from server_stub.auth import TerminalPrincipal
from server_stub.errors import BadInput, ServerError, TooMany

if TYPE_CHECKING:
    from server_stub.app import State

log = logging.getLogger("kinpay.server")
MAX_BODY_BYTES = 256 * 1024  # 200 items at most; anything bigger goes the slow way


def idem_key(value: str | None, *, required: bool) -> str | None:
    if value is None:
        if required:
            raise BadInput("send an Idempotency-Key header", code="idempotency_key_missing")
        return None
    if not 1 <= len(value) <= 255 or not value.isprintable():
        raise BadInput("Idempotency-Key must be 1–255 printable characters", code="bad_key")
    return value


async def take_payment(
    state: State, who: TerminalPrincipal, key: str, req: schemas.PaymentRequest
) -> tuple[dict[str, Any], bool]:
    """Judge and record one payment; returns its answer and whether it was replayed."""
    at = state.clock.now_s()
    wait = state.limits.terminal_invalid.retry_after_s(who.id)
    if wait:
        raise TooMany("too many invalid codes from this terminal", wait)
    pre = payments.precheck(req.code, state.keys, at)
    guess = None
    if pre.numeric is not None:
        # Counted before it is judged, so a burst of guesses can't outrun the limits.
        guess = state.limits.numeric_attempt(who.id, str(pre.numeric.device_no))
    sale = payments.Sale(
        terminal=who,
        idem_key=key,
        req_hash=payments.request_hash(req.model_dump(mode="json")),
        amount=req.amount,
        currency=req.currency,
        items=req.items,
        reference=req.reference,
        at_s=at,
    )
    try:
        outcome = await state.write(lambda c: payments.pay(c, sale=sale, pre=pre, now_s=at))
    except BaseException:
        if guess is not None:
            guess.end(failed=False)
        raise
    invalid = not outcome.replayed and outcome.payment["decline_code"] == "code_invalid"
    if invalid:
        state.limits.terminal_invalid.fail(who.id)
    if guess is not None:
        guess.end(failed=invalid)
    return outcome.payment, outcome.replayed


def payment_response(body: dict[str, Any], replayed: bool) -> JSONResponse:
    headers = {"Idempotent-Replayed": "true"} if replayed else {}
    return JSONResponse(body, status_code=201, headers=headers)


class PaymentFastPath:
    def __init__(self, app: ASGIApp, *, state: State) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "POST"
            or scope["path"] != "/v1/payments"
        ):
            await self.app(scope, receive, send)
            return
        body, complete = await _read_body(receive)
        taken = self._understand(scope, body) if complete else None
        if taken is None:
            await self.app(scope, _replay(body, receive, complete), send)
            return
        who, key, req = taken
        try:
            answer, replayed = await take_payment(self.state, who, key, req)
            response = payment_response(answer, replayed)
        except ServerError as exc:
            headers = {"Retry-After": str(exc.retry_after_s)} if isinstance(exc, TooMany) else {}
            response = JSONResponse(
                {"error": {"code": exc.code, "message": exc.message}},
                status_code=exc.status,
                headers=headers,
            )
        except Exception:
            log.exception("unhandled error on POST /v1/payments")
            response = JSONResponse(
                {"error": {"code": "internal", "message": "internal error; nothing was changed"}},
                status_code=500,
            )
        await response(scope, receive, send)

    def _understand(
        self, scope: Scope, body: bytes
    ) -> tuple[TerminalPrincipal, str, schemas.PaymentRequest] | None:
        """The terminal, key and request, or None when the route should answer instead."""
        headers = dict(scope["headers"])
        authorization = headers.get(b"authorization", b"")
        raw_key = headers.get(b"idempotency-key")
        if not authorization.startswith(b"Bearer ") or raw_key is None:
            return None
        try:
            token = authorization[7:].decode("ascii").strip()
            if not token or len(token) > 200:
                return None
            who = self.state.authn.principal(token, self.state.clock.now_s())
            key = idem_key(raw_key.decode("utf-8"), required=True)
            req = schemas.PaymentRequest.model_validate(json.loads(body))
        except (ServerError, ValidationError, ValueError):
            return None
        if not isinstance(who, TerminalPrincipal) or key is None:
            return None
        return who, key, req


async def _read_body(receive: Receive) -> tuple[bytes, bool]:
    """The whole body, or as much as MAX_BODY_BYTES and False when there is more."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), False
        chunk = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks), True
        if size > MAX_BODY_BYTES:
            return b"".join(chunks), False


def _replay(body: bytes, receive: Receive, complete: bool) -> Receive:
    """A receive that gives back what was read, then what is left of the request."""
    sent = False

    async def again() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": not complete}
        return await receive()

    return again
