"""The load generator: many terminals paying at once, each on its own keep-alive connection.

It must not be what limits the figures on a 2-core machine, so everything that costs is
done before the timed window: codes are signed and whole HTTP requests are encoded in
worker processes (`build_requests`), and the window itself only writes ready bytes and
parses answers. Each terminal is a closed loop, as a till is: it sends the next payment
when the last is answered. The client is a small asyncio Protocol on uvloop speaking
HTTP/1.1, far cheaper per request than a general HTTP client.

`run_load` runs in a process of its own, and returns every latency and every outcome;
it reports its own CPU time, so the page can show the generator had room to spare.
"""

from __future__ import annotations

import asyncio
import json
import re
import resource
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import cast

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kinpay import codes
from kinpay.ids import ordered_id

ANSWER_TIMEOUT_S = 10.0  # one payment's answer; beyond it the request is an error
CONNECT_TIMEOUT_S = 10.0
MAX_ANSWER_BYTES = 1 << 20
_LENGTH = re.compile(rb"content-length:\s*(\d+)", re.I)


@dataclass(frozen=True)
class CodeJob:
    """Build `count` codes for one device, from `first_counter` on, dated `now_s`."""

    device_key: bytes
    cert: bytes
    now_s: int
    first_counter: int
    count: int
    api_key: str
    port: int
    amount_minor: int = 1
    currency: str = "CNY"


def build_requests(job: CodeJob) -> list[bytes]:
    """Whole HTTP requests, one fresh code each (runs in a worker process)."""
    key = Ed25519PrivateKey.from_private_bytes(job.device_key)
    cert = codes.Certificate.from_bytes(job.cert)
    head = (
        f"POST /v1/payments HTTP/1.1\r\nHost: 127.0.0.1:{job.port}\r\n"
        f"Authorization: Bearer {job.api_key}\r\nContent-Type: application/json\r\n"
    )
    out = []
    for counter in range(job.first_counter, job.first_counter + job.count):
        text = codes.build_code(cert, key, now_s=job.now_s, counter=counter)
        body = json.dumps(
            {"code": text, "amount": job.amount_minor, "currency": job.currency}
        ).encode()
        out.append(
            (
                f"{head}Idempotency-Key: {ordered_id()}\r\n"
                f"Content-Length: {len(body)}\r\n\r\n"
            ).encode()
            + body
        )
    return out


@dataclass
class LoadResult:
    terminals: int
    duration_s: float  # the window, or less when codes ran out first
    done_in_window: int  # answers that came inside the window
    latencies_s: list[float] = field(default_factory=list)
    # approved, declined:CODE, http:NNN or error:NAME, and how many of each
    outcomes: Counter[str] = field(default_factory=Counter)
    exhausted: int = 0  # terminals that ran out of codes before the window ended
    cpu_s: float = 0.0  # the generator's own CPU time over the window

    @property
    def rate(self) -> float:
        return self.done_in_window / self.duration_s if self.duration_s > 0 else 0.0

    @property
    def approved(self) -> int:
        return self.outcomes.get("approved", 0)

    @property
    def errors(self) -> int:
        return sum(n for k, n in self.outcomes.items() if k != "approved")


class _Http(asyncio.Protocol):
    """One keep-alive connection; one request in flight at a time."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self._buf = bytearray()
        self._waiter: asyncio.Future[tuple[int, bytes]] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not asyncio.Transport subclasses, only alike.
        self.transport = cast(asyncio.Transport, transport)

    def data_received(self, data: bytes) -> None:
        self._buf += data
        if len(self._buf) > MAX_ANSWER_BYTES:
            self._fail(ConnectionError("answer too large"))
            return
        end = self._buf.find(b"\r\n\r\n")
        if end < 0 or self._waiter is None:
            return
        head = bytes(self._buf[:end])
        match = _LENGTH.search(head)
        length = int(match.group(1)) if match else 0
        if len(self._buf) < end + 4 + length:
            return
        body = bytes(self._buf[end + 4 : end + 4 + length])
        del self._buf[: end + 4 + length]
        waiter, self._waiter = self._waiter, None
        if not waiter.done():
            waiter.set_result((int(head[9:12]), body))

    def connection_lost(self, exc: Exception | None) -> None:
        self._fail(ConnectionError(f"connection closed: {exc}"))

    def _fail(self, exc: Exception) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_exception(exc)
        self._waiter = None

    async def send(self, request: bytes) -> tuple[int, bytes]:
        assert self.transport is not None
        self._waiter = asyncio.get_running_loop().create_future()
        self.transport.write(request)
        return await asyncio.wait_for(self._waiter, ANSWER_TIMEOUT_S)


def _outcome(status: int, body: bytes) -> str:
    if status != 201:
        return f"http:{status}"
    try:
        answer = json.loads(body)
    except ValueError:
        return "error:bad-json"
    if answer.get("status") == "approved":
        return "approved"
    return f"declined:{answer.get('decline_code')}"


async def _terminal(
    conn: _Http, requests: list[bytes], start: float, deadline: float, result: LoadResult,
    last_done: list[float],
) -> None:
    for request in requests:
        sent = time.perf_counter()
        if sent >= deadline:
            return
        try:
            status, body = await conn.send(request)
            outcome = _outcome(status, body)
        except (TimeoutError, ConnectionError, OSError) as exc:
            outcome = f"error:{type(exc).__name__}"
        done = time.perf_counter()
        result.latencies_s.append(done - sent)
        result.outcomes[outcome] += 1
        if done <= deadline:
            result.done_in_window += 1
        last_done[0] = max(last_done[0], done)
        if outcome.startswith("error:"):
            return  # the connection is in an unknown state: this terminal stops
    result.exhausted += 1


async def _run(port: int, per_terminal: list[list[bytes]], duration_s: float) -> LoadResult:
    loop = asyncio.get_running_loop()
    conns = []
    for _ in per_terminal:
        _transport, proto = await asyncio.wait_for(
            loop.create_connection(_Http, "127.0.0.1", port), CONNECT_TIMEOUT_S
        )
        conns.append(proto)
    result = LoadResult(terminals=len(per_terminal), duration_s=duration_s, done_in_window=0)
    cpu_before = _cpu_s()
    start = time.perf_counter()
    deadline = start + duration_s
    last_done = [start]
    await asyncio.gather(
        *(
            _terminal(c, reqs, start, deadline, result, last_done)
            for c, reqs in zip(conns, per_terminal, strict=True)
        )
    )
    result.cpu_s = _cpu_s() - cpu_before
    if result.exhausted:
        # Codes ran out before the window ended: the rate is over the time actually loaded.
        result.duration_s = min(duration_s, last_done[0] - start)
    for c in conns:
        if c.transport is not None:
            c.transport.close()
    return result


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_load(port: int, per_terminal: list[list[bytes]], duration_s: float) -> LoadResult:
    """Every terminal pays until the window ends or its codes do (runs in its own process)."""
    try:
        import uvloop

        runner = uvloop.run
    except ImportError:  # pragma: no cover - uvicorn[standard] brings it
        runner = asyncio.run
    return runner(_run(port, per_terminal, duration_s))
