"""A client closed while another thread's request is on its way leaves no socket open.

httpx's pool has no closed state: a request that passed the client's check just before
`close()` opens a new connection afterwards and keeps it for reuse, and the socket then
stays open until the garbage collector finds it (a ResourceWarning, a leaked descriptor).
The apps close a client from the GUI thread while their worker threads may still be
sending, so the client closes whatever such a late request opened.
"""

from __future__ import annotations

import socket
import threading

import httpx

from kinpay.client import Client
from tests.servers import ServerProcess

HOLD_S = 10.0  # bounded: the test releases the request long before


class HeldTransport(httpx.BaseTransport):
    """A real transport that holds each request until told to go, and keeps each
    connection's socket so the test can see whether it was closed."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.arrived = threading.Event()
        self.go = threading.Event()
        self.sockets: list[socket.socket] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.arrived.set()
        assert self.go.wait(HOLD_S), "the test never released the request"
        response = self.inner.handle_request(request)
        stream = response.extensions.get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if isinstance(sock, socket.socket):
            self.sockets.append(sock)
        return response

    def close(self) -> None:
        self.inner.close()


def test_a_request_in_flight_at_close_leaves_no_socket_open(
    sqlite_server: ServerProcess,
) -> None:
    transport = HeldTransport()
    client = Client(sqlite_server.url, transport=transport, retries=0)
    outcome: list[object] = []

    def call() -> None:
        try:
            outcome.append(client.health())
        except Exception as exc:  # what the late request met is recorded, not lost
            outcome.append(exc)

    worker = threading.Thread(target=call)
    worker.start()
    assert transport.arrived.wait(HOLD_S)
    client.close()  # the GUI thread closes while the request is on its way
    transport.go.set()
    worker.join(HOLD_S)
    assert not worker.is_alive()
    # The request itself went through (it had started before the close) ...
    assert outcome == [True]
    # ... on a connection it opened after the close, and that connection is closed now.
    assert len(transport.sockets) == 1
    assert transport.sockets[0].fileno() == -1
