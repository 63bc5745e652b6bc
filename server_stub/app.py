"""The HTTP API: the app, its middleware and error answers; the routes are in
server_stub/routes (one router per resource), their dependencies in server_stub/deps.py,
the SQL in the service modules. JSON under /v1, see /openapi.json."""


import asyncio
import gc
import http.client
import inspect
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from kinpay import schemas
from server_stub import connections, limits, security
from server_stub.auth import TerminalPrincipal
from server_stub.db import Database
from server_stub.errors import ConfigRefused, ServerError, TooMany
from server_stub.front import INTERNAL_ERROR, FloodGuard, FrontDoor, error_answer, parse_rate
from server_stub.pay_route import PaymentFastPath, validation_message
from server_stub.pay_writer import PayWriterClient
from server_stub.routes import accounts, approvals, grants, payments, users
from server_stub.routes.accounts import MAX_STREAMS_PER_USER
from server_stub.security import loopback_only
from server_stub.state import State

__all__ = ["DEFAULT_CLIENT_RATE", "MAX_STREAMS_PER_USER", "State", "create_app"]
log = logging.getLogger("kinpay.server")
# Requests a second per client, and the burst: far above a till's or a wallet's pace.
DEFAULT_CLIENT_RATE = "30/90"
# kinpay exports no OpenTelemetry. FastAPI's native telemetry (0.16x) otherwise asks the
# OpenTelemetry API on every request whether anything is configured, reading os.environ
# each time: about a tenth of the event loop's time on a payment. Older FastAPIs have none.
_NO_TELEMETRY = (
    {"telemetry": {"tracing": False, "metrics": False, "logs": False}}
    if "telemetry" in inspect.signature(FastAPI.__init__).parameters
    else {}
)


def create_app(
    db_url: str,
    *,
    test_clock: bool = False,
    client_rate: str = DEFAULT_CLIENT_RATE,
    demo: bool = False,
    bind_host: str = "127.0.0.1",
    fast_path: bool = True,
    flood_max_keys: int = 100_000,
    test_fast_passwords: bool = False,
    pay_writer: str | None = None,
    sign_ups_per_hour: int = limits.SIGN_UPS_PER_HOUR,
) -> FastAPI:
    """The app. `demo` offers the self top-up (a demo's only); `test_clock` lets tests set
    the time and is refused unless the server binds a loopback address; `pay_writer` is the
    socket of the payment writer process (server_stub/pay_writer.py), when there is one."""
    _test_settings(bind_host, test_clock=test_clock, test_fast_passwords=test_fast_passwords)
    state = State(db=Database(db_url), test_clock=test_clock, demo=demo,
                  sign_ups=limits.sign_ups(sign_ups_per_hour))
    if pay_writer:
        state.pay_writer = PayWriterClient(pay_writer, state.notifier)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state.notifier.bind(asyncio.get_running_loop())
        await run_in_threadpool(state.start)
        if state.pay_writer is not None:
            await state.pay_writer.open()
        # What the server built to start (the app, its schemas, the imported modules: some
        # 130,000 objects) lives as long as it does: out of the collector's sight, a full
        # collection under load takes milliseconds, not 85 ms (docs/benchmarks.md, load).
        gc.freeze()
        # As the server stops, open event streams end at once (server_stub/connections.py).
        forget = connections.when_stopping(state.winding_down)
        yield
        forget()
        if state.pay_writer is not None:
            state.pay_writer.close()
        await run_in_threadpool(state.stop)

    app = FastAPI(
        **_NO_TELEMETRY,  # type: ignore[arg-type]
        title="kinpay settlement server",
        version="1",
        lifespan=lifespan,
    )
    app.state.kinpay = state
    # The last added wraps the others: flood guard, then the front door, then the fast path.
    if fast_path:
        app.add_middleware(PaymentFastPath, state=state)
    app.add_middleware(FrontDoor, identify=lambda t: _who(state, t))
    limiter = parse_rate(client_rate)
    if limiter is not None:
        limiter.max_keys = flood_max_keys
        app.add_middleware(FloodGuard, limiter=limiter, identify=lambda t: _who(state, t))
    _install_errors(app)
    for router in (users.router, grants.router, payments.router, accounts.router,
                   approvals.router):
        app.include_router(router)
    if demo:
        app.include_router(accounts.demo_router)
    if test_clock:
        app.include_router(accounts.test_clock_router)
    document(app)
    return app


def _test_settings(bind_host: str, *, test_clock: bool, test_fast_passwords: bool) -> None:
    """The test clock and cheap password hashing: refused unless on a loopback address."""
    if test_clock and not loopback_only(bind_host):
        raise ConfigRefused(f"the test clock needs a loopback address, not {bind_host!r}")
    if test_fast_passwords:
        if not loopback_only(bind_host):
            raise ConfigRefused(f"test password hashing needs a loopback address: {bind_host!r}")
        log.warning("TEST SERVER: passwords hashed with scrypt N=%d, not for real accounts",
                    security.TEST_SCRYPT_N)
        security.use_test_work_factor()


# Every route may answer these with an ErrorAnswer (server_stub/front.py `error_answer`).
ERROR_STATUSES = (400, 401, 403, 404, 409, 413, 415, 422, 429, 503)


def document(app: FastAPI) -> None:
    """What /openapi.json says beyond what FastAPI finds in the routes:
    - POST /v1/payments reads its body itself (one parser with the fast path): its body's
      schema is named, as FastAPI would have;
    - every operation names the ErrorAnswer of each status in ERROR_STATUSES where its
      route names none of its own, 422 included: what `FastAPI(responses=...)` would
      write. Not given that way because FastAPI then builds a pydantic validator of
      ErrorAnswer for each status and route at the first request (370 of them, ~0.13 s
      of CPU at every start), only to describe them."""
    base = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = base()
            _name_model(spec, schemas.PaymentRequest)
            _name_error_answers(spec)
        return app.openapi_schema or {}

    app.openapi = openapi  # type: ignore[method-assign]


def _name_model(spec: dict[str, Any], model: type[BaseModel]) -> None:
    """`model`'s JSON schema among the document's components, by its class name."""
    body = model.model_json_schema(ref_template="#/components/schemas/{model}")
    found = spec.setdefault("components", {}).setdefault("schemas", {})
    found.update(body.pop("$defs", {}))
    found[model.__name__] = body


def _name_error_answers(spec: dict[str, Any]) -> None:
    _name_model(spec, schemas.ErrorAnswer)
    answer = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorAnswer"}}}
    fastapi_422 = {"application/json": {
        "schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}
    for operations in spec.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status in ERROR_STATUSES:
                named = responses.get(str(status))
                if named is None or named.get("content") == fastapi_422:
                    responses[str(status)] = {
                        "description": http.client.responses[status], "content": answer,
                    }
    # FastAPI's own 422 (HTTPValidationError) is never what this server answers.
    if "HTTPValidationError" not in json.dumps(spec.get("paths", {})):
        for unused in ("HTTPValidationError", "ValidationError"):
            spec["components"]["schemas"].pop(unused, None)


def _who(state: State, token: str) -> str:
    """The flood guard's key for a token: the principal it belongs to (a terminal from the
    payment route's cache: the key only picks a bucket; the route checks the key itself)."""
    found, _digest, _cached = state.authn.cached_terminal(token, state.clock.now_s())
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
        return error_answer(500, "internal", INTERNAL_ERROR)
