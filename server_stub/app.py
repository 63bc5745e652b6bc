"""The HTTP API: thin routes over the service modules. JSON under /v1, see /openapi.json."""


import asyncio
import logging
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

from kinpay import money, schemas
from server_stub import (
    auth,
    events,
    funding,
    grants,
    payments,
    security,
    signin,
    streams,
)
from server_stub import keys as keyring
from server_stub.auth import TerminalPrincipal, UserPrincipal
from server_stub.clock import Clock
from server_stub.db import Conn, Database, Writer
from server_stub.errors import BadInput, NotAllowed, ServerError, TooMany
from server_stub.front import (
    FloodGuard,
    FrontDoor,
    bearer_token,
    error_answer,
    header,
    idempotency_key,
    parse_rate,
)
from server_stub.pay_route import (
    PaymentFastPath,
    answer_payment,
    document_payment_body,
    offline_upload,
    validation_message,
)
from server_stub.security import loopback_only

log = logging.getLogger("kinpay.server")
T = TypeVar("T")
MAX_UNIX_S = 4_102_444_800  # 2100: beyond any sale, within a database's integer
MAX_EVENT_ID = 2**62
MAX_STREAMS_PER_USER = 4
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
    demo: bool = False
    streams: events.StreamCount = field(default_factory=events.StreamCount)
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


def create_app(
    db_url: str,
    *,
    test_clock: bool = False,
    client_rate: str = DEFAULT_CLIENT_RATE,
    demo: bool = False,
    bind_host: str = "127.0.0.1",
    fast_path: bool = True,
    flood_max_keys: int = 100_000,
) -> FastAPI:
    """The app. `demo` offers the self top-up (a demo's only); `test_clock` lets tests set
    the time and is refused unless the server binds a loopback address."""
    if test_clock and not loopback_only(bind_host):
        raise ValueError(f"the test clock needs a loopback address, not {bind_host!r}")
    state = State(db=Database(db_url), test_clock=test_clock, demo=demo)

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
            status: {"model": schemas.ErrorAnswer}
            for status in (400, 401, 403, 404, 409, 413, 415, 422, 429, 503)
        },
    )
    app.state.kinpay = state
    # The last added wraps the others: flood guard, then the front door, then the fast path.
    if fast_path:
        app.add_middleware(PaymentFastPath, state=state)
    app.add_middleware(FrontDoor)
    limiter = parse_rate(client_rate)
    if limiter is not None:
        limiter.max_keys = flood_max_keys
        app.add_middleware(FloodGuard, limiter=limiter, identify=lambda t: _who(state, t))
    _install_errors(app)
    _routes(app, state)
    document_payment_body(app)
    return app


def _who(state: State, token: str) -> str:
    """The flood guard's key for a token: the principal it belongs to."""
    found = state.authn.principal(token, state.clock.now_s())
    return f"t:{found.id}" if isinstance(found, TerminalPrincipal) else f"u:{found.id}"


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(ServerError)
    async def _server_error(request: Request, exc: ServerError) -> JSONResponse:
        headers = {"Retry-After": str(exc.retry_after_s)} if isinstance(exc, TooMany) else {}
        return error_answer(exc.status, exc.code, exc.message, **headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_answer(422, "invalid_request", validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        by_status: dict[int, schemas.ErrorCode] = {404: "not_found", 405: "method_not_allowed"}
        code = by_status.get(exc.status_code, "http_error")
        return error_answer(exc.status_code, code, str(exc.detail))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_answer(500, "internal", "internal error; nothing was changed by it")


def _routes(app: FastAPI, state: State) -> None:
    async def principal(request: Request) -> auth.Principal:
        token = bearer_token(header(request.scope, b"authorization"))
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
    async def sign_in(req: schemas.SignIn, request: Request) -> schemas.Session:
        address = request.client.host if request.client else "?"
        return await signin.sign_in(state, req, address)

    @app.delete("/v1/sessions/current", status_code=204)
    async def sign_out(who: AnyUser, request: Request) -> None:
        token = bearer_token(header(request.scope, b"authorization"))
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
            result = grants.change(c, payer=who, grant_id=grant_id, req=req, now_s=at,
                                   keys=state.keys)
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

    @app.get("/v1/grants/{grant_id}/certificate")
    def certificate(grant_id: str, who: Delegate) -> schemas.CertificateAnswer:
        return read(lambda c: grants.current_certificate(c, who, grant_id))

    @app.post("/v1/grants/{grant_id}/numeric-unlock")
    async def numeric_unlock(grant_id: str, who: Payer) -> schemas.Grant:
        """The payer turns the device's numeric fallback back on after a lockout."""
        at = now()
        return await state.write(lambda c: grants.numeric_unlock(c, who, grant_id, at))

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

    @app.post(
        "/v1/payments",
        status_code=201,
        response_model=schemas.Payment,
        openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/PaymentRequest"}}}}},
    )
    async def pay(request: Request) -> JSONResponse:
        return await answer_payment(state, request.scope, await request.body())

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
        payment_id: str, req: schemas.RefundRequest, who: Term, request: Request
    ) -> JSONResponse:
        key = idempotency_key(header(request.scope, b"idempotency-key"), required=False)
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
        return await offline_upload(state, who, batch)

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

    @app.get("/v1/config")
    def config() -> dict[str, Any]:
        return {"demo_funding": state.demo}

    if state.demo:
        # Only on `kinpay server --demo`: a shop's server has no way to make money.
        @app.post("/v1/accounts/me/top-up", status_code=201)
        async def top_up(req: schemas.TopUp, who: Payer) -> schemas.Account:
            most = funding.max_fund_minor(req.currency)
            if req.amount > most:
                limit = money.format_minor(most, req.currency)
                raise BadInput(f"a demo top-up is at most {limit}", code="top_up_too_large")
            at = now()
            await state.write(lambda c: funding.fund(
                c, payer_id=who.id, amount=req.amount, currency=req.currency,
                reason="demo top-up", operator="demo", now_s=at))
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
        start = streams.last_id(last_event_id, after)
        if start is None:
            start = await run_in_threadpool(
                read, lambda c: events.last_id(c, user_id=who.id)
            )
        if not state.streams.open(who.id, MAX_STREAMS_PER_USER):
            raise TooMany(f"at most {MAX_STREAMS_PER_USER} event streams at once", 5)
        return StreamingResponse(
            streams.stream(state, request, who.id, start),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    if state.test_clock:

        class ClockSet(BaseModel):
            now: int | None

        @app.put("/v1/_test/clock", include_in_schema=False)
        def set_clock(body: ClockSet, request: Request) -> dict[str, Any]:
            # Also per request: only over a loopback socket, whatever the configuration.
            served = request.scope.get("server") or ("?", 0)
            if not loopback_only(str(served[0])):
                raise NotAllowed("the test clock is set from this machine only")
            state.clock.set(body.now)
            return {"now": now()}


def _grant_event(conn: Conn, grant_id: str, what: str, at: int) -> None:
    row = conn.one("SELECT * FROM grants WHERE id = ?", (grant_id,))
    if row is None:
        return
    data = {"kind": what, "grant": grants.answer(conn, row, at).model_dump(mode="json")}
    for user_id in (row["payer_id"], row["delegate_id"]):
        events.emit(conn, user_id=user_id, type_="grant", data=data, now_s=at)
