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


class GuardedHttpTools(HttpToolsProtocol):
    """uvicorn's httptools protocol, with a deadline for each request to arrive and a cap
    on the connections of one address (this module's docstring)."""

    _open: ClassVar[dict[str, int]] = {}  # client address -> connections open (one loop)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._address: str | None = None
        self._timeout_s = request_timeout_s()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
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
