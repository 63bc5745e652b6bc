"""The HTTP API: thin routes over the service modules. JSON under /v1, see /openapi.json."""


import asyncio
import hashlib
import json
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from kinpay import schemas
from server_stub import auth, events, grants, ledger, payments, security
from server_stub import keys as keyring
from server_stub.auth import TerminalPrincipal, UserPrincipal
from server_stub.clock import Clock
from server_stub.db import Conn, Database, Writer
from server_stub.errors import BadInput, NotAllowed, NotSignedIn, ServerError, TooMany
from server_stub.limits import Limits, RateLimiter, parse_rate
from server_stub.pay_route import PaymentFastPath, idem_key, payment_response, take_payment

log = logging.getLogger("kinpay.server")
T = TypeVar("T")
STREAM_POLL_S = 0.5
STREAM_PING_S = 15.0
MAX_TOP_UP = 10**9
MAX_UNIX_S = 4_102_444_800  # 2100: beyond any sale, within a database's integer
MAX_EVENT_ID = 2**62
# Requests a second per client, and the burst: far above a till's or a wallet's pace.
DEFAULT_CLIENT_RATE = "30/90"


@dataclass
class State:
    db: Database
    clock: Clock = field(default_factory=Clock)
    test_clock: bool = False
    writer: Writer = field(init=False)
    keys: keyring.ServerKeys = field(init=False)
    authn: auth.Authenticator = field(init=False)
    notifier: events.Notifier = field(default_factory=events.Notifier)
    limits: Limits = field(default_factory=Limits)
    stopping: bool = False

    def __post_init__(self) -> None:
        self.writer = Writer(self.db)
        self.authn = auth.Authenticator(self.db)

    def start(self) -> None:
        self.db.migrate()
        self.writer.start()
        now_s = self.clock.now_s()
        self.writer.run(lambda conn: keyring.ensure_key(conn, now_s))
        self.keys = keyring.load(self.db.reader())
        self.writer.on_commit(self.notifier.poke)

    def stop(self) -> None:
        self.stopping = True
        self.writer.stop()
        self.db.close()

    async def write(self, job: Callable[[Conn], T]) -> T:
        result: T = await asyncio.wrap_future(self.writer.submit(job))
        return result


class FloodGuard:
    """Per-client request rate, before routing: one client (a terminal's key, a session)
    that floods the server is answered 429 at the door, so the others keep their speed."""

    def __init__(self, app: ASGIApp, *, limiter: RateLimiter) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            for name, value in scope["headers"]:
                if name == b"authorization":
                    key = hashlib.sha256(value).digest()
                    wait_s = self.limiter.take(key)
                    if wait_s:
                        answer = error_answer(
                            429, "rate_limited", "too many requests from this client",
                            **{"Retry-After": str(int(wait_s) + 1)},
                        )
                        await answer(scope, receive, send)
                        return
                    break
        await self.app(scope, receive, send)


def error_answer(status: int, code: str, message: str, **headers: str) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message}}, status_code=status, headers=headers
    )


def create_app(
    db_url: str, *, test_clock: bool = False, client_rate: str = DEFAULT_CLIENT_RATE
) -> FastAPI:
    state = State(db=Database(db_url), test_clock=test_clock)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state.notifier.bind(asyncio.get_running_loop())
        await run_in_threadpool(state.start)
        yield
        await run_in_threadpool(state.stop)

    app = FastAPI(
        title="kinpay settlement server",
        version="1",
        lifespan=lifespan,
        responses={
            400: {"model": schemas.ErrorAnswer},
            401: {"model": schemas.ErrorAnswer},
            403: {"model": schemas.ErrorAnswer},
            404: {"model": schemas.ErrorAnswer},
            409: {"model": schemas.ErrorAnswer},
            422: {"model": schemas.ErrorAnswer},
            429: {"model": schemas.ErrorAnswer},
            503: {"model": schemas.ErrorAnswer},
        },
    )
    app.state.kinpay = state
    # Inside the flood guard (added after it, so it wraps this one).
    app.add_middleware(PaymentFastPath, state=state)
    limiter = parse_rate(client_rate)
    if limiter is not None:
        app.add_middleware(FloodGuard, limiter=limiter)
    _install_errors(app)
    _routes(app, state)
    return app


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(ServerError)
    async def _server_error(request: Request, exc: ServerError) -> JSONResponse:
        headers = {"Retry-After": str(exc.retry_after_s)} if isinstance(exc, TooMany) else {}
        return error_answer(exc.status, exc.code, exc.message, **headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        message = f"{where}: {first.get('msg', 'invalid')}" if where else str(first.get("msg"))
        return error_answer(422, "invalid_request", message)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return error_answer(exc.status_code, code, str(exc.detail))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_answer(500, "internal", "internal error; nothing was changed by it")


def _routes(app: FastAPI, state: State) -> None:
    async def principal(authorization: Annotated[str | None, Header()] = None) -> auth.Principal:
        if not authorization or not authorization.startswith("Bearer "):
            raise NotSignedIn("send Authorization: Bearer <token>")
        token = authorization[len("Bearer ") :].strip()
        if not token or len(token) > 200:
            raise NotSignedIn("bad token")
        return state.authn.principal(token, state.clock.now_s())

    Who = Annotated[auth.Principal, Depends(principal)]

    async def user(who: Who) -> UserPrincipal:
        if not isinstance(who, UserPrincipal):
            raise NotAllowed("this needs a signed-in payer or delegate")
        return who

    async def payer(who: Annotated[UserPrincipal, Depends(user)]) -> UserPrincipal:
        if who.role != "payer":
            raise NotAllowed("only a payer may do this")
        return who

    async def delegate(who: Annotated[UserPrincipal, Depends(user)]) -> UserPrincipal:
        if who.role != "delegate":
            raise NotAllowed("only a delegate may do this")
        return who

    async def terminal(who: Who) -> TerminalPrincipal:
        if not isinstance(who, TerminalPrincipal):
            raise NotAllowed("this needs a terminal key")
        return who

    AnyUser = Annotated[UserPrincipal, Depends(user)]
    Payer = Annotated[UserPrincipal, Depends(payer)]
    Delegate = Annotated[UserPrincipal, Depends(delegate)]
    Term = Annotated[TerminalPrincipal, Depends(terminal)]
    IdemKey = Annotated[str | None, Header(alias="Idempotency-Key")]

    def now() -> int:
        return state.clock.now_s()

    def read(fn: Callable[[Conn], T]) -> T:
        with state.db.read() as conn:
            return fn(conn)

    @app.get("/v1/health")
    def health() -> dict[str, Any]:
        return {"ok": True, "now": now()}

    # --- users and sessions -----------------------------------------------------------

    @app.post("/v1/users", status_code=201)
    async def sign_up(req: schemas.SignUp) -> schemas.User:
        grants.zone(req.timezone)
        pw_hash = await run_in_threadpool(security.hash_password, req.password)
        at = now()
        return await state.write(lambda c: auth.sign_up(c, req=req, pw_hash=pw_hash, now_s=at))

    @app.post("/v1/sessions", status_code=201)
    async def sign_in(req: schemas.SignIn) -> schemas.Session:
        row = await run_in_threadpool(
            read, lambda c: c.one("SELECT * FROM users WHERE name = ?", (req.name,))
        )
        ok = row is not None and await run_in_threadpool(
            security.check_password, req.password, row["pw_hash"]
        )
        if not ok:
            raise NotSignedIn("wrong name or password", code="bad_credentials")
        at = now()
        token, expires = await state.write(
            lambda c: auth.start_session(c, user_id=row["id"], now_s=at)
        )
        return schemas.Session(token=token, expires_at=expires, user=auth.user_answer(row))

    @app.delete("/v1/sessions/current", status_code=204)
    async def sign_out(who: AnyUser, authorization: Annotated[str, Header()]) -> None:
        token = authorization[len("Bearer ") :].strip()
        await state.write(lambda c: auth.end_session(c, token=token))
        state.authn.forget(token)

    @app.get("/v1/me")
    def me(who: AnyUser) -> schemas.User:
        return schemas.User(id=who.id, name=who.name, role=who.role, timezone=who.timezone)  # type: ignore[arg-type]

    # --- grants and devices -------------------------------------------------------------

    @app.post("/v1/grants", status_code=201)
    async def create_grant(req: schemas.GrantCreate, who: Payer) -> schemas.GrantCreated:
        at = now()
        result = await state.write(lambda c: grants.create(c, payer=who, req=req, now_s=at))
        await state.write(
            lambda c: _grant_event(c, result.id, "created", at)
        )
        return result

    @app.get("/v1/grants")
    def list_grants(who: AnyUser) -> schemas.GrantList:
        column = "payer_id" if who.role == "payer" else "delegate_id"

        def fn(c: Conn) -> schemas.GrantList:
            rows = c.all(
                f"SELECT * FROM grants WHERE {column} = ? ORDER BY created_at DESC",  # noqa: S608
                (who.id,),
            )
            return schemas.GrantList(grants=[grants.answer(c, r, now()) for r in rows])

        return read(fn)

    @app.get("/v1/grants/{grant_id}")
    def get_grant(grant_id: str, who: AnyUser) -> schemas.Grant:
        return read(lambda c: grants.answer(c, grants.own_grant(c, who, grant_id), now()))

    @app.patch("/v1/grants/{grant_id}")
    async def change_grant(
        grant_id: str, req: schemas.GrantChange, who: Payer
    ) -> schemas.Grant:
        at = now()

        def job(c: Conn) -> schemas.Grant:
            result = grants.change(c, payer=who, grant_id=grant_id, req=req, now_s=at)
            _grant_event(c, grant_id, "changed", at)
            return result

        return await state.write(job)

    @app.post("/v1/grants/{grant_id}/revoke")
    async def revoke_grant(grant_id: str, who: Payer) -> schemas.Grant:
        at = now()

        def job(c: Conn) -> schemas.Grant:
            result = grants.revoke(c, payer=who, grant_id=grant_id, now_s=at)
            _grant_event(c, grant_id, "revoked", at)
            return result

        return await state.write(job)

    @app.post("/v1/grants/{grant_id}/pairing", status_code=201)
    async def new_pairing(grant_id: str, who: Payer) -> schemas.Pairing:
        at = now()
        return await state.write(
            lambda c: grants.new_pairing(c, payer=who, grant_id=grant_id, now_s=at)
        )

    @app.get("/v1/grants/{grant_id}/payments")
    def grant_payments(
        grant_id: str, who: AnyUser, limit: Annotated[int, Query(ge=1, le=500)] = 50
    ) -> schemas.PaymentList:
        def fn(c: Conn) -> schemas.PaymentList:
            grants.own_grant(c, who, grant_id)
            rows = c.all(
                "SELECT * FROM payments WHERE grant_id = ? ORDER BY created_at DESC, id LIMIT ?",
                (grant_id, limit),
            )
            return schemas.PaymentList(payments=[payments.payment_answer(r) for r in rows])

        return read(fn)

    @app.post("/v1/devices", status_code=201)
    async def pair(req: schemas.PairRequest, who: Delegate) -> schemas.Paired:
        at = now()

        def job(c: Conn) -> schemas.Paired:
            result = grants.pair(c, delegate=who, req=req, keys=state.keys, now_s=at)
            _grant_event(c, result.grant.id, "paired", at)
            return result

        return await state.write(job)

    @app.get("/v1/keys")
    def server_keys() -> schemas.KeyList:
        return schemas.KeyList(keys=state.keys.answer())

    @app.get("/v1/revocations")
    def revocations(who: Term) -> schemas.Revocations:
        return schemas.Revocations(
            certificates=read(grants.revoked_certificates), as_of=now()
        )

    # --- payments -----------------------------------------------------------------------

    @app.post("/v1/payments", status_code=201, response_model=schemas.Payment)
    async def pay(
        req: schemas.PaymentRequest, who: Term, idem: IdemKey = None
    ) -> JSONResponse:
        key = idem_key(idem, required=True)
        assert key is not None
        answer, replayed = await take_payment(state, who, key, req)
        return payment_response(answer, replayed)

    @app.get("/v1/payments")
    def list_payments(
        who: Term,
        since: Annotated[int | None, Query(ge=0, le=MAX_UNIX_S)] = None,
        until: Annotated[int | None, Query(ge=0, le=MAX_UNIX_S)] = None,
        scope: Annotated[str, Query(pattern="^(terminal|merchant)$")] = "terminal",
        limit: Annotated[int, Query(ge=1, le=2000)] = 500,
    ) -> schemas.PaymentList:
        start = since if since is not None else now() - 24 * 3600
        end = until if until is not None else now() + 3600
        column, value = ("terminal_id", who.id) if scope == "terminal" else (
            "merchant_id",
            who.merchant_id,
        )

        def fn(c: Conn) -> schemas.PaymentList:
            rows = c.all(
                f"SELECT * FROM payments WHERE {column} = ? AND created_at >= ?"  # noqa: S608
                " AND created_at < ? ORDER BY created_at DESC, id LIMIT ?",
                (value, start, end, limit),
            )
            return schemas.PaymentList(payments=[payments.payment_answer(r) for r in rows])

        return read(fn)

    @app.get("/v1/payments/{payment_id}")
    def get_payment(payment_id: str, who: Term) -> schemas.Payment:
        return read(
            lambda c: payments.payment_answer(payments.merchants_payment(c, who, payment_id))
        )

    @app.post("/v1/payments/{payment_id}/refunds", status_code=201)
    async def refund(
        payment_id: str, req: schemas.RefundRequest, who: Term, idem: IdemKey = None
    ) -> JSONResponse:
        key = idem_key(idem, required=False)
        at = now()
        answer, replayed = await state.write(
            lambda c: payments.refund(
                c,
                terminal=who,
                payment_id=payment_id,
                req=req,
                idem_key=key,
                req_hash=payments.request_hash(req.model_dump(mode="json")),
                now_s=at,
            )
        )
        headers = {"Idempotent-Replayed": "true"} if replayed else {}
        return JSONResponse(answer.model_dump(mode="json"), status_code=201, headers=headers)

    @app.post("/v1/offline-batches")
    async def offline_batch(batch: schemas.OfflineBatch, who: Term) -> schemas.OfflineBatchResult:
        at = now()
        jobs = []
        for item in batch.payments:
            pre = payments.offline_precheck(item, state.keys, at)
            body = item.model_dump(mode="json")
            sale = payments.Sale(
                terminal=who,
                idem_key=item.id,
                req_hash=payments.request_hash(body),
                amount=item.amount,
                currency=item.currency,
                items=item.items,
                reference=item.reference,
                at_s=min(item.accepted_at, at),
                offline=True,
            )
            jobs.append(state.writer.submit(_pay_job(sale, pre, at)))
        results = [await asyncio.wrap_future(j) for j in jobs]
        return schemas.OfflineBatchResult(
            results=[schemas.Payment.model_validate(r.payment) for r in results]
        )

    # --- accounts, terminals, events ------------------------------------------------------

    @app.get("/v1/accounts/me")
    def my_account(who: Who) -> schemas.Account:
        if isinstance(who, TerminalPrincipal):
            kind, owner, name = "merchant", who.merchant_id, who.merchant
        else:
            kind, owner, name = ("payer" if who.role == "payer" else "delegate"), who.id, who.name
        rows = read(
            lambda c: c.all(
                "SELECT currency, balance FROM accounts WHERE kind = ? AND owner_id = ?"
                " ORDER BY currency",
                (kind, owner),
            )
        )
        return schemas.Account(
            owner=name,
            kind=kind,  # type: ignore[arg-type]
            balances=[schemas.Balance(currency=r["currency"], balance=r["balance"]) for r in rows],
        )

    @app.post("/v1/accounts/me/top-up", status_code=201)
    async def top_up(req: schemas.TopUp, who: Payer) -> schemas.Account:
        if req.amount > MAX_TOP_UP:
            raise BadInput("a demo top-up is at most 10,000,000.00", code="top_up_too_large")
        at = now()

        def job(c: Conn) -> None:
            ledger.post(
                c,
                kind="top_up",
                debit=ledger.account_id(c, "funding", ledger.FUNDING_OWNER, req.currency),
                credit=ledger.account_id(c, "payer", who.id, req.currency),
                amount=req.amount,
                currency=req.currency,
                ref_id=security.new_id(),
                now_s=at,
                allow_negative=True,
            )

        await state.write(job)
        return await run_in_threadpool(my_account, who)

    @app.get("/v1/terminal")
    def my_terminal(who: Term) -> schemas.Terminal:
        return schemas.Terminal(
            id=who.id, merchant=who.merchant, category=who.category, currency=who.currency
        )

    @app.get("/v1/events", response_class=StreamingResponse)
    async def stream(
        request: Request,
        who: AnyUser,
        last_event_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
        after: Annotated[int | None, Query(ge=0, le=MAX_EVENT_ID)] = None,
    ) -> StreamingResponse:
        start = _last_id(last_event_id, after)
        if start is None:
            start = await run_in_threadpool(
                read, lambda c: events.last_id(c, user_id=who.id)
            )
        return StreamingResponse(
            _stream(state, request, who.id, start),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    if state.test_clock:

        class ClockSet(BaseModel):
            now: int | None

        @app.put("/v1/_test/clock", include_in_schema=False)
        def set_clock(body: ClockSet) -> dict[str, Any]:
            state.clock.set(body.now)
            return {"now": now()}


def _pay_job(
    sale: payments.Sale, pre: payments.Prechecked, at: int
) -> Callable[[Conn], payments.Outcome]:
    return lambda c: payments.pay(c, sale=sale, pre=pre, now_s=at)


def _grant_event(conn: Conn, grant_id: str, what: str, at: int) -> None:
    row = conn.one("SELECT * FROM grants WHERE id = ?", (grant_id,))
    if row is None:
        return
    data = {"kind": what, "grant": grants.answer(conn, row, at).model_dump(mode="json")}
    for user_id in (row["payer_id"], row["delegate_id"]):
        events.emit(conn, user_id=user_id, type_="grant", data=data, now_s=at)


def _last_id(header: str | None, query: int | None) -> int | None:
    if query is not None:
        return query
    if header is not None and header.strip().isdigit():
        value = int(header.strip())
        return value if value <= MAX_EVENT_ID else None
    return None


async def _stream(state: State, request: Request, user_id: str, start: int) -> AsyncIterator[str]:
    last = start
    # The opening frame names the position, so a client that drops before the first event
    # still resumes from here and misses nothing.
    yield f"retry: 1000\nid: {start}\n\n"
    next_ping = time.monotonic() + STREAM_PING_S
    while not state.stopping:
        if await request.is_disconnected():
            break
        found = await run_in_threadpool(_events_after, state, user_id, last)
        for ev in found:
            last = ev["id"]
            yield f"id: {ev['id']}\nevent: {ev['type']}\ndata: {json.dumps(ev)}\n\n"
        if found:
            continue
        if time.monotonic() >= next_ping:
            next_ping = time.monotonic() + STREAM_PING_S
            yield ": ping\n\n"
        await state.notifier.wait(STREAM_POLL_S)


def _events_after(state: State, user_id: str, last: int) -> list[dict[str, Any]]:
    with state.db.read() as conn:
        return events.after(conn, user_id=user_id, after_id=last)


