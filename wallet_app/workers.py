"""Work off the GUI thread: one-shot calls (`Ops`) and the server's event stream (`Events`).

Threads never touch widgets. A worker only calls `kinpay` and emits a signal of a
`Relay` that lives in the GUI thread; Qt queues the signal, so the callback a screen gave
runs in the GUI thread. Every wait is bounded: a pool of at most `MAX_OPS_THREADS`, and
stopping the stream interrupts its socket and waits at most `STOP_WAIT_S`.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable
from typing import Any

import httpx
from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from kinpay import schemas
from kinpay.client import Client, EventStream

log = logging.getLogger("kinpay.wallet")

MAX_OPS_THREADS = 4
OPS_DONE_WAIT_MS = 8_000
STOP_WAIT_S = 3.0


class Relay(QObject):
    """Carries one result from a worker thread to a callback in the GUI thread."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        on_success: Callable[[Any], None],
        on_failure: Callable[[Exception], None] | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._on_success = on_success
        self._on_failure = on_failure
        self.succeeded.connect(self._success)
        self.failed.connect(self._failure)

    @Slot(object)
    def _success(self, value: object) -> None:
        try:
            self._on_success(value)
        finally:
            self.deleteLater()

    @Slot(object)
    def _failure(self, exc: object) -> None:
        try:
            if self._on_failure is not None:
                self._on_failure(exc)  # type: ignore[arg-type]
            else:
                log.warning("background call failed: %s", exc)
        finally:
            self.deleteLater()


def _emit(signal: Any, value: object) -> None:
    # The relay may be gone when the window closed while the call ran: drop the result.
    try:
        signal.emit(value)
    except RuntimeError:
        log.debug("result dropped: its receiver is gone")


class Ops(QObject):
    """UI actions as small calls: start work, then say what happens on success and failure."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(MAX_OPS_THREADS)
        self._closed = False

    def run(
        self,
        call: Callable[[], Any],
        *,
        success: Callable[[Any], None],
        failure: Callable[[Exception], None] | None = None,
        context: QObject | None = None,
    ) -> bool:
        """Run `call()` on a pool thread; `success(result)` or `failure(exc)` in the GUI.
        False when the pool is closed and `call` will never run.

        `context` owns the relay: if it is destroyed first, the result is dropped.
        """
        if self._closed:
            return False
        relay = Relay(success, failure, context or self)

        def work() -> None:
            try:
                result = call()
            except Exception as exc:  # every failure goes to the GUI
                _emit(relay.failed, exc)
            else:
                _emit(relay.succeeded, result)

        self._pool.start(work)
        return True

    def close(self) -> None:
        self._closed = True
        self._pool.waitForDone(OPS_DONE_WAIT_MS)


class ClientUse:
    """A settlement client used by calls on the pool's threads: `close()` closes it when
    the last call still using it is done, and none starts after. (Closed under a call
    still reading, that call's socket was left to the collector: a ResourceWarning, and
    an answer for pages already gone.) The payer's session and the tablet's link."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self._lock = threading.Lock()
        self._using = 0
        self._closing = False

    def run(self, ops: Ops, call: Callable[[Client], Any], *,
            success: Callable[[Any], None], failure: Callable[[Exception], None] | None,
            context: QObject | None) -> None:
        """`ops.run(call(client), ...)`, unless the client is closing."""
        with self._lock:
            if self._closing:
                return
            self._using += 1
        client = self.client

        def work() -> Any:
            try:
                return call(client)
            finally:
                self._done()

        if not ops.run(work, success=success, failure=failure, context=context):
            self._done()

    def _done(self) -> None:
        with self._lock:
            self._using -= 1
            last = self._closing and self._using == 0
        if last:
            self.client.close()

    def close(self) -> None:
        with self._lock:
            self._closing = True
            idle = self._using == 0
        if idle:
            self.client.close()


class _InterruptibleTransport(httpx.BaseTransport):
    """An HTTP transport whose open streams can be cut from another thread.

    A blocking read on a quiet event stream would otherwise hold its thread until the
    server's next ping; shutting the socket down ends the read at once.
    """

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self._inner = inner  # the client's, verified as its other requests are
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self.cut = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._inner.handle_request(request)
        stream = response.extensions.get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if isinstance(sock, socket.socket):
            with self._lock:
                self._sockets = [s for s in self._sockets if s.fileno() != -1][-8:]
                self._sockets.append(sock)
            if self.cut:
                _shutdown(sock)
        return response

    def interrupt(self) -> None:
        self.cut = True
        with self._lock:
            for sock in self._sockets:
                _shutdown(sock)

    def close(self) -> None:
        self._inner.close()


def _shutdown(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


class Events(QObject):
    """The server's event stream on its own thread; events and link changes as signals.

    `EventStream` reconnects by itself and resumes after the last event id, so a dropped
    network loses nothing. `last_id` starts where the previous run of the app stopped when
    the caller gives it.
    """

    arrived = Signal(object)  # schemas.Event; not `event`, which is QObject.event()
    link = Signal(bool)

    def __init__(
        self, server_url: str, token: str, *, last_id: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        made: list[_InterruptibleTransport] = []

        def wrap(inner: httpx.HTTPTransport) -> httpx.BaseTransport:
            made.append(_InterruptibleTransport(inner))
            return made[0]

        # The client's own transport (the shop's CA, the pin, no plain http off this
        # machine), wrapped so that stopping can cut a read.
        self._client = Client(server_url, token=token, wrap=wrap)
        self._transport = made[0]
        self._stream = EventStream(self._client, last_id=last_id, max_backoff_s=2.0)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def last_id(self) -> int | None:
        return self._stream.last_id

    @property
    def lost(self) -> Exception | None:
        """Why the stream's last connection ended (None: the server closed it, or it is up)."""
        return self._stream.lost

    def start(self) -> None:
        if self._thread is not None:
            return
        # A daemon thread: if a read ever outlives the bounded stop, it can't hold the app.
        self._thread = threading.Thread(target=self._run, name="kinpay-events", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        def on_event(ev: schemas.Event) -> None:
            if not self._stop.is_set():
                _emit(self.arrived, ev)

        def on_state(up: bool) -> None:
            if not self._stop.is_set():
                _emit(self.link, up)

        try:
            self._stream.run(should_stop=self._stop.is_set, on_event=on_event, on_state=on_state)
        except Exception:
            log.exception("the event stream stopped")
        finally:
            self._client.close()

    def stop(self) -> None:
        self._stop.set()
        self._transport.interrupt()
        if self._thread is not None:
            self._thread.join(STOP_WAIT_S)
            self._thread = None
