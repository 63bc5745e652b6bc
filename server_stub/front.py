"""The server's front door: what every request goes through before any route sees it.

- `FrontDoor` bounds the body before it is read (413 from Content-Length, or as soon as a
  streamed body passes the limit) and the nesting of a JSON body (400), for every route.
  The large limits (a basket, an offline batch) are for a terminal key the server knows:
  anyone else gets DEFAULT_MAX_BODY_BYTES, so strangers can't make it hold a megabyte each.
- `PasswordGate` lets the requests that hash a password (sign-up, sign-in, reauth, a new
  password) into their routes two at a time, taking turns between client addresses, with a
  bounded queue: one address can't starve everyone else's sign-in (429/503 beyond it).
- `FloodGuard` limits each client's request rate, keyed on who it is (a terminal, a user),
  not on the raw header: made-up tokens share their address's bucket and can't evict the
  buckets of the principals the server knows.
- `bearer_token` and `idempotency_key` read those headers from their raw bytes, the one way
  both the payment fast path and the routes use.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from typing import Any

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kinpay import schemas
from kinpay.schemas import ErrorCode
from server_stub.errors import BadInput, ConfigRefused, NotSignedIn, ServerError, ServerStubError

DEFAULT_MAX_BODY_BYTES = 64 * 1024  # every route that carries no basket
# A payment and the completion of an approved sale carry a basket (schemas.BASKET_MAX_BYTES);
# an offline batch up to 100 payments, in uploads a till sizes by its own bound.
BODY_LIMITS_BYTES = {"/v1/payments": schemas.BASKET_MAX_BYTES,
                     "/v1/offline-batches": schemas.OFFLINE_BATCH_MAX_BYTES}
# Routes with an id in their path, as patterns: tried only when no exact path is listed.
BODY_LIMIT_PATTERNS = ((re.compile(r"/v1/approvals/[^/]+/complete"), schemas.BASKET_MAX_BYTES),)
# Requests that hash a password: they pass the PasswordGate.
PASSWORD_PATHS = frozenset({"/v1/users", "/v1/sessions", "/v1/me/password",
                            "/v1/sessions/current/reauth"})
MAX_JSON_DEPTH = 16  # the deepest request schema nests 4 levels
MAX_TOKEN_CHARS = 200
MAX_IDEMPOTENCY_KEY_CHARS = 255


# A 500's words: the failure may come after the request's transaction committed (its
# answer failed), so it never claims that nothing was changed (it did, once).
INTERNAL_ERROR = ("internal error: the server failed while answering; what the request did"
                  " may or may not have been kept: read it back, or send it again with the"
                  " same Idempotency-Key")


def error_answer(status: int, code: ErrorCode, message: str, **headers: str) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message}}, status_code=status, headers=headers
    )


def header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value)
    return None


def bearer_token(raw: bytes | None) -> str:
    """The token of `Authorization: Bearer <token>`, or NotSignedIn."""
    if raw is None or not raw.startswith(b"Bearer "):
        raise NotSignedIn("send Authorization: Bearer <token>")
    token = raw[len(b"Bearer ") :].strip()
    if not token or len(token) > MAX_TOKEN_CHARS or not _printable_ascii(token):
        raise NotSignedIn("bad token")
    return token.decode("ascii")


def idempotency_key(raw: bytes | None, *, required: bool) -> str | None:
    """The `Idempotency-Key`: 1–255 printable ASCII characters. Bytes, not text, are
    checked, so no decoding (UTF-8 or latin-1) can turn one key into two."""
    if raw is None:
        if required:
            raise BadInput("send an Idempotency-Key header", code="idempotency_key_missing")
        return None
    if not 1 <= len(raw) <= MAX_IDEMPOTENCY_KEY_CHARS or not _printable_ascii(raw):
        raise BadInput("Idempotency-Key must be 1–255 printable ASCII characters", code="bad_key")
    return raw.decode("ascii")


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))


def _printable_ascii(raw: bytes) -> bool:
    """Every byte printable ASCII: deleting those leaves nothing (one C pass; on every
    payment, for its token and its key)."""
    return not raw.translate(None, _PRINTABLE_ASCII)


_STRING = re.compile(rb'"[^"]*"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def json_too_deep(body: bytes, max_depth: int = MAX_JSON_DEPTH) -> bool:
    """True when `body` opens more than `max_depth` arrays or objects inside each other,
    checked before any parser recurses into it. Every step runs at C speed (a megabyte of
    brackets costs milliseconds): escapes and strings are dropped, then the brackets
    alone are kept and matched pairs removed level by level. Unmatched brackets (invalid
    JSON) count as levels, so a body of 100,000 "[" is refused too."""
    if body.count(b"[") + body.count(b"{") <= max_depth:
        return False
    body = body.replace(b"\\\\", b"").replace(b'\\"', b"")
    brackets = _STRING.sub(b"", body).translate(None, _NOT_BRACKETS)
    for _level in range(max_depth + 1):
        inner = brackets.replace(b"[]", b"").replace(b"{}", b"")
        if inner == brackets:
            return _level + len(brackets) > max_depth
        brackets = inner
    return True


# JSON's escape of the NUL character, not itself escaped (an even run of backslashes before).
_NUL_ESCAPE = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


def holds_nul(body: bytes) -> bool:
    """True when a JSON body holds the NUL character (raw, or as "\\u0000"): text no
    PostgreSQL column takes. Two C scans on every body; the pattern only when one hits."""
    return b"\x00" in body or (b"\\u0000" in body and _NUL_ESCAPE.search(body) is not None)


def _nul_in_target(scope: Scope) -> bool:
    return "\x00" in scope["path"] or b"%00" in scope.get("query_string", b"")


def _refuse_nul() -> JSONResponse:
    return error_answer(400, "bad_request", "text may not hold the NUL character (\\u0000)")


class BodyTooLarge(ServerStubError):
    """A request body over its limit: the front door answers 413."""


class FrontDoor:
    """Body size and JSON nesting, for every request, before the routes; the password
    routes also wait their turn at the gate. `identify` names a token's principal
    ("t:<id>" a terminal, "u:<id>" a user) or raises ServerError for one nobody holds."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
                 identify: Callable[[str], str | None] | None = None,
                 gate: PasswordGate | None = None) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.identify = identify
        self.gate = gate if gate is not None else PasswordGate()

    def limit_for(self, path: str) -> int:
        known = BODY_LIMITS_BYTES.get(path)
        if known is not None:
            return known
        for pattern, limit in BODY_LIMIT_PATTERNS:
            if pattern.fullmatch(path):
                return limit
        return self.max_body_bytes

    def _limit(self, scope: Scope) -> int:
        """The route's limit for a terminal the server knows, the small one for anyone else
        (every large-bodied route is a till's: an unknown key would be refused there)."""
        limit = self.limit_for(scope["path"])
        if limit <= self.max_body_bytes:
            return limit
        who = principal(scope, self.identify) if self.identify is not None else None
        return limit if who is not None and who.startswith("t:") else self.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _nul_in_target(scope):
            await _refuse_nul()(scope, receive, send)
            return
        if scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope)
        declared = header(scope, b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _refuse_size(limit)(scope, receive, send)
            return
        try:
            body, more = await _read(receive, limit)
        except BodyTooLarge:
            await _refuse_size(limit)(scope, receive, send)
            return
        if json_too_deep(body):
            answer = error_answer(400, "too_deep", f"JSON nests deeper than {MAX_JSON_DEPTH}")
            await answer(scope, receive, send)
            return
        if holds_nul(body):
            await _refuse_nul()(scope, receive, send)
            return
        if scope["method"] == "POST" and scope["path"] in PASSWORD_PATHS:
            await self._gated(scope, _replay(body, more, receive), send)
            return
        await self.app(scope, _replay(body, more, receive), send)

    async def _gated(self, scope: Scope, receive: Receive, send: Send) -> None:
        address = client_address(scope)
        refused = await self.gate.enter(address)
        if refused is not None:
            await refused(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self.gate.leave()


def client_address(scope: Scope) -> str:
    client: Any = scope.get("client") or ("?", 0)
    return str(client[0])


def principal(scope: Scope, identify: Callable[[str], str | None]) -> str | None:
    """The principal of the request's bearer token, None without one the server knows;
    found once a request (the flood guard and the front door both ask)."""
    if _WHO in scope:
        found: str | None = scope[_WHO]
        return found
    raw = header(scope, b"authorization")
    who = None
    if raw is not None:
        try:
            who = identify(bearer_token(raw))
        except ServerError:  # unknown or expired token, or storage trouble: a stranger
            who = None
    scope[_WHO] = who
    return who


_WHO = "kinpay.principal"


class PasswordGate:
    """At most `slots` password requests in their routes at once (the process hashes two
    at a time, security._HASHING), the others waiting here, on the event loop (not in a
    worker thread), in a queue per client address served in turn: however many one address
    sends, another's next request is let in after at most one from each address ahead of
    it. An address may have `per_address` waiting (429 past it), everyone `max_waiting`
    (503 past it), and none waits over `max_wait_s` (503): each answer says Retry-After."""

    def __init__(self, *, slots: int = 2, per_address: int = 64, max_waiting: int = 256,
                 max_wait_s: float = 10.0) -> None:
        self.slots = slots
        self.per_address = per_address
        self.max_waiting = max_waiting
        self.max_wait_s = max_wait_s
        self.running = 0
        self.waiting = 0
        self._queues: OrderedDict[str, deque[asyncio.Future[None]]] = OrderedDict()

    async def enter(self, address: str) -> JSONResponse | None:
        """None once the caller holds a slot (it calls `leave`), else the refusal to send."""
        if self.running < self.slots and not self.waiting:
            self.running += 1
            return None
        queue = self._queues.get(address)
        if queue is not None and len(queue) >= self.per_address:
            return error_answer(429, "rate_limited", "too many sign-ins or sign-ups from this"
                                " address at once: try again shortly", **{"Retry-After": "2"})
        if self.waiting >= self.max_waiting:
            return _busy()
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queues.setdefault(address, deque()).append(turn)
        self.waiting += 1
        try:
            await asyncio.wait({turn}, timeout=self.max_wait_s)
        except BaseException:  # the client went away
            if turn.done():
                self.leave()  # it was served just then: the slot goes on to the next
            else:
                self._drop(address, turn)
            raise
        if turn.done():
            return None
        self._drop(address, turn)
        return _busy()

    def leave(self) -> None:
        """The slot goes to the oldest waiter of the next address in turn."""
        if not self._queues:
            self.running -= 1
            return
        address, queue = next(iter(self._queues.items()))
        turn = queue.popleft()
        self.waiting -= 1
        if queue:
            self._queues.move_to_end(address)
        else:
            del self._queues[address]
        turn.set_result(None)

    def _drop(self, address: str, turn: asyncio.Future[None]) -> None:
        turn.cancel()
        queue = self._queues.get(address)
        if queue is not None and turn in queue:
            queue.remove(turn)
            self.waiting -= 1
            if not queue:
                del self._queues[address]


def _busy() -> JSONResponse:
    return error_answer(503, "unavailable", "the server is busy checking passwords: try again"
                        " shortly", **{"Retry-After": "5"})


def _refuse_size(limit: int) -> JSONResponse:
    # Connection: close: the rest of the body is never read, so the connection can't be reused.
    more = (" (a larger one needs a terminal key the server knows)"
            if limit == DEFAULT_MAX_BODY_BYTES else "")
    return error_answer(413, "too_large", f"the body is larger than {limit} bytes{more}",
                        Connection="close")


async def _read(receive: Receive, limit: int) -> tuple[bytes, bool]:
    """The whole body (False), or raise BodyTooLarge as soon as it passes `limit`. True when
    the client went away before the end (the app then sees the disconnect)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), True
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks), False


def _replay(body: bytes, gone: bool, receive: Receive) -> Receive:
    sent = False

    async def again() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            if gone:
                return {"type": "http.disconnect"}
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return again


# --- the flood guard ---------------------------------------------------------------------


class RateLimiter:
    """A token bucket per key: `rate_per_s` requests a second on average, up to `burst` at
    once. When `max_keys` buckets exist, only idle ones (refilled to the brim) make room:
    a throttled key is never forgotten early, so flooding new keys frees nobody."""

    def __init__(self, *, rate_per_s: float, burst: int, max_keys: int = 100_000) -> None:
        if rate_per_s <= 0 or burst < 1:
            raise ConfigRefused("a rate limit needs a positive rate and a burst of at least 1")
        self.rate_per_s = rate_per_s
        self.burst = burst
        self.max_keys = max_keys
        self._buckets: dict[bytes, tuple[float, float]] = {}  # key -> (tokens, at)
        self._lock = threading.Lock()

    def take(self, key: bytes) -> float:
        """0 if `key` may make a request now, otherwise the seconds until it may."""
        now = time.monotonic()
        with self._lock:
            found = self._buckets.get(key)
            if found is None and len(self._buckets) >= self.max_keys and not self._make_room(now):
                return 1.0  # every bucket is busy: new keys wait, known ones keep theirs
            tokens, at = found or (float(self.burst), now)
            tokens = min(float(self.burst), tokens + (now - at) * self.rate_per_s)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                return (1.0 - tokens) / self.rate_per_s
            self._buckets[key] = (tokens - 1.0, now)
            return 0.0

    def _make_room(self, now: float) -> bool:
        """Forget the buckets that have refilled (their keys lose nothing by it)."""
        full_after_s = self.burst / self.rate_per_s
        idle = [k for k, (_t, at) in self._buckets.items() if now - at >= full_after_s]
        for k in idle:
            del self._buckets[k]
        return bool(idle)


def parse_rate(text: str) -> RateLimiter | None:
    """"RATE/BURST" (e.g. "30/90") as a limiter; "0" or "" turns the limit off."""
    text = text.strip()
    if text in ("", "0", "off"):
        return None
    rate, _, burst = text.partition("/")
    try:
        rate_per_s = float(rate)
        return RateLimiter(rate_per_s=rate_per_s, burst=int(burst or 3 * rate_per_s))
    except ValueError:
        raise ConfigRefused(f"a rate limit is RATE/BURST, e.g. 30/90, not {text!r}") from None


class FloodGuard:
    """Per-client request rate, before routing. A request with a token the server knows is
    counted against that principal (every token of a terminal or a user shares one bucket);
    a request without one (no Authorization header at all too: signing up and in, which
    also have their limits in the database), or with a token nobody holds, against its
    client address in a table of its own, so made-up tokens can't push a known client's
    bucket out."""

    def __init__(
        self, app: ASGIApp, *, limiter: RateLimiter, identify: Callable[[str], str | None]
    ) -> None:
        self.app = app
        self.known = limiter
        self.strangers = RateLimiter(
            rate_per_s=limiter.rate_per_s, burst=limiter.burst, max_keys=limiter.max_keys
        )
        self.identify = identify

    def _bucket(self, scope: Scope) -> tuple[RateLimiter, bytes]:
        who = principal(scope, self.identify)
        if who is not None:
            return self.known, who.encode()
        return self.strangers, hashlib.sha256(client_address(scope).encode()).digest()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        bucket = self._bucket(scope) if scope["type"] == "http" else None
        if bucket is not None:
            limiter, key = bucket
            wait_s = limiter.take(key)
            if wait_s:
                answer = error_answer(
                    429, "rate_limited", "too many requests from this client",
                    **{"Retry-After": str(int(wait_s) + 1)},
                )
                await answer(scope, receive, send)
                return
        await self.app(scope, receive, send)
