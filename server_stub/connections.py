"""Connections: what a client may hold before it has sent a whole request.

uvicorn keeps a connection for as long as its client likes while it sends nothing, half a
request line, or a body a byte at a time (its keep-alive timer runs only between answered
requests, and any byte stops it). So anyone on the network could hold connection after
connection (slowloris) until the process ran out of file descriptors, and no till could
connect. `GuardedHttpTools` is uvicorn's HTTP protocol with two bounds:

- a request, head and body, must arrive whole within `REQUEST_TIMEOUT_S` of the connection
  opening or of its first byte; otherwise the connection is closed (a till's largest body,
  a 1 MiB offline batch, takes 20 s at 50 KiB/s). `kinpay server --request-timeout S`
  sets another (a shop whose tills upload over a slower line), through the environment,
  so every worker process has it;
- one client address holds at most `MAX_CONNECTIONS_PER_ADDRESS` connections in a server
  process; one more is closed at once (a reverse proxy's clients share its address).

Answers that take long (event streams, long polls) are not bounded here: their request
arrived whole. But when the server stops (SIGTERM, Ctrl+C) uvicorn waits a few seconds for
every answer to finish, then cancels what is left and logs each as "Exception in ASGI
application" with a traceback: an open event stream (every wallet holds one) never
finishes on its own. `when_stopping` callbacks run as uvicorn asks the connections to close,
so the streams end first and the server stops cleanly.

uvicorn writes an answer's head and its body to the socket apart: two send calls, two TCP
segments, two reads for the client (issue 16's profile put some 16 % of an HTTP process's
CPU in those writes). `GuardedHttpTools` gives uvicorn a `OneWrite` transport that holds
what is written and sends it in one write when the answer is complete, or at the event
loop's next turn (an event stream's frame, a head whose body is slow to come: late by one
turn of the loop, no timer), or at once past `ONE_WRITE_MOST` bytes, and before the
connection closes.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from typing import Any, ClassVar

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

REQUEST_TIMEOUT_S = 20.0
TIMEOUT_ENV = "KINPAY_REQUEST_TIMEOUT"  # set by `kinpay server --request-timeout`
MAX_CONNECTIONS_PER_ADDRESS = 512  # far above a shop's tills and wallets behind one address
ONE_WRITE_MOST = 64 * 1024  # bytes held for one write at most: more go out at once


# Run once when this process's server begins to stop (the app's lifespan registers them).
_stopping: list[Callable[[], None]] = []


def when_stopping(callback: Callable[[], None]) -> Callable[[], None]:
    """Run `callback` (on the event loop) when the server begins to stop, before uvicorn
    waits for answers to finish; returns a function that takes it back."""
    _stopping.append(callback)
    return lambda: _stopping.remove(callback) if callback in _stopping else None


def request_timeout_s() -> float:
    """The server's deadline for a request to arrive whole (checked by `kinpay server`)."""
    given = os.environ.get(TIMEOUT_ENV)
    return float(given) if given else REQUEST_TIMEOUT_S


class OneWrite(asyncio.Transport):
    """A connection's transport whose writes of one moment go to the socket as one: held,
    then written by `flush`, which runs at the loop's next turn, at once past
    ONE_WRITE_MOST bytes, and before anything that asks about or ends the sending
    (close, write_eof, the write buffer's size); `abort` drops what is held, as the
    transport drops its own buffer. The rest is the real transport's, flow control too:
    asyncio pauses the protocol when the real transport's buffer fills, and uvicorn then
    waits before it writes again."""

    def __init__(self, real: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self.real = real
        self._loop = loop
        self._held: list[bytes] = []
        self._size = 0
        self._due: asyncio.Handle | None = None

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not data:
            return
        self._held.append(bytes(data))  # bytes as they are now: a bytearray may change
        self._size += len(data)
        if self._size >= ONE_WRITE_MOST:
            self.flush()
        elif self._due is None:
            self._due = self._loop.call_soon(self.flush)

    def flush(self) -> None:
        """Write what is held, in one write."""
        if self._due is not None:
            self._due.cancel()
            self._due = None
        if not self._held:
            return
        held = self._held
        self._held, self._size = [], 0
        if self.real.is_closing():
            return  # the peer left (or it was closed) since: as the transport drops them
        self.real.write(held[0] if len(held) == 1 else b"".join(held))

    def close(self) -> None:
        self.flush()
        self.real.close()

    def write_eof(self) -> None:
        self.flush()
        self.real.write_eof()

    def abort(self) -> None:
        if self._due is not None:
            self._due.cancel()
            self._due = None
        self._held, self._size = [], 0
        self.real.abort()

    def get_write_buffer_size(self) -> int:
        self.flush()
        return self.real.get_write_buffer_size()

    def can_write_eof(self) -> bool:
        return self.real.can_write_eof()

    def is_closing(self) -> bool:
        return self.real.is_closing()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self.real.get_extra_info(name, default)

    def pause_reading(self) -> None:
        self.real.pause_reading()

    def resume_reading(self) -> None:
        self.real.resume_reading()

    def is_reading(self) -> bool:
        return self.real.is_reading()

    def set_protocol(self, protocol: asyncio.BaseProtocol) -> None:
        self.real.set_protocol(protocol)

    def get_protocol(self) -> asyncio.BaseProtocol:
        return self.real.get_protocol()

    def get_write_buffer_limits(self) -> tuple[int, int]:
        return self.real.get_write_buffer_limits()

    def set_write_buffer_limits(self, high: int | None = None, low: int | None = None) -> None:
        self.real.set_write_buffer_limits(high, low)

    def __getattr__(self, name: str) -> Any:  # what a transport has beyond asyncio's own
        return getattr(self.real, name)


class GuardedHttpTools(HttpToolsProtocol):
    """uvicorn's httptools protocol, with a deadline for each request to arrive and a cap
    on the connections of one address, writing each answer in one write (this module's
    docstring)."""

    _open: ClassVar[dict[str, int]] = {}  # client address -> connections open (one loop)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._address: str | None = None
        self._timeout_s = request_timeout_s()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        # What uvicorn writes goes through OneWrite (each answer's RequestResponseCycle
        # takes the protocol's transport); its flow control reads the real one.
        self.transport = OneWrite(transport, self.loop)
        address = self.client[0] if self.client else "?"
        self._address = address
        self._open[address] = self._open.get(address, 0) + 1
        if self._open[address] > MAX_CONNECTIONS_PER_ADDRESS:
            transport.close()
            return
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        if self._address is not None:
            left = self._open.get(self._address, 1) - 1
            if left > 0:
                self._open[self._address] = left
            else:
                self._open.pop(self._address, None)
            self._address = None
        super().connection_lost(exc)

    def shutdown(self) -> None:
        """uvicorn asks each open connection to close as the server stops: first, tell the
        app (its event streams end, and with them their connections)."""
        while _stopping:
            _stopping.pop(0)()
        super().shutdown()

    def data_received(self, data: bytes) -> None:
        # Bytes after an answer (or before the first) start the next request's clock.
        if self.cycle is None or self.cycle.response_complete:
            self._arm()
        super().data_received(data)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm()  # a request that comes while another is answered (pipelined)

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._disarm()

    def on_response_complete(self) -> None:
        # uvicorn calls this as an answer's last bytes are written (kept alive): they go
        # now, with its head, not at the loop's next turn.
        if isinstance(self.transport, OneWrite):
            self.transport.flush()
        super().on_response_complete()

    def _arm(self) -> None:
        if self._deadline is None:
            self._deadline = self.loop.call_later(self._timeout_s, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()
