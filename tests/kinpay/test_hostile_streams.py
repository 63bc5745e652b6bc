"""A server, or whatever sits between it and the till or the wallet (where TLS is off on the
till's own machine, a broken proxy), that sends its answers slowly, hugely, or as lines the
client can't read (attack review 36c, findings 2-4; docs/security.md row 78):

- an answer dripped a byte at a time, under the read timeout, was never timed out: a sale
  sat in "Sending…" and the link check never said the link was down, for as long as the
  drip went on (httpx's timeouts are per read);
- an answer of any size was read into memory (256 MB took a till's link thread to 571 MB);
- one event line the client could not read (`id: ²`, data that is not JSON, an event of a
  kind a newer server sends) ended the wallet's event thread for good, while it still
  showed "● Live";
- an event line with no end grew in memory without bound.

A real HTTP server on 127.0.0.1 plays the part (Scripted), sending what it is told to, at
the pace it is told to, and counting what it sent."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from kinpay import client_io, schemas
from kinpay.client import Client, EventStream
from kinpay.errors import BadResponse, OutcomeUnknown, ServerUnreachable
from tests.servers import free_port

Send = Callable[["Scripted", Any], None]  # writes one answer to a handler's wfile


class Scripted:
    """A real HTTP server on 127.0.0.1: each connection gets the next of `answers` (the
    last one again once they run out), written by the function itself; `sent` counts the
    body bytes written, `connections` the requests."""

    def __init__(self, *answers: Send) -> None:
        self.answers = list(answers)
        self.connections = 0
        self.sent = 0
        self.port = free_port()
        self.stop = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Scripted:
        scripted = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                n = scripted.connections
                scripted.connections += 1
                try:
                    scripted.answers[min(n, len(scripted.answers) - 1)](scripted, self)
                except OSError:
                    pass  # the client gave up on it: what is tried here

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self._server.shutdown()
        self._server.server_close()

    def head(self, h: Any, *, length: int | None = None, kind: str = "application/json",
             ) -> None:
        h.send_response(200)
        h.send_header("Content-Type", kind)
        if length is not None:
            h.send_header("Content-Length", str(length))
        h.send_header("Connection", "close")
        h.end_headers()

    def write(self, h: Any, data: bytes) -> None:
        h.wfile.write(data)
        h.wfile.flush()
        self.sent += len(data)


HEALTH = json.dumps({"ok": True, "now": 1}).encode().ljust(60)  # a whole, valid answer


def test_an_answer_dripped_under_the_read_timeout_is_given_up_at_its_deadline() -> None:
    def drip(scripted: Scripted, h: Any) -> None:
        scripted.head(h, length=len(HEALTH))
        for byte in HEALTH:  # a byte every 0.4 s: 24 s for the whole answer, each read < 1 s
            if scripted.stop.wait(0.4):
                return
            scripted.write(h, bytes([byte]))

    with Scripted(drip) as scripted, Client(scripted.url, timeout_s=1.0, retries=0) as c:
        with pytest.raises((OutcomeUnknown, ServerUnreachable)):
            c.server_now()
        given_up_at = scripted.sent
    # the client stopped reading well before the drip's end (a few seconds of it)
    assert given_up_at < len(HEALTH) // 2, given_up_at


def test_a_large_answer_on_a_slow_but_steady_link_still_arrives() -> None:
    """The deadline is no trap for an honest slow link: a 200 KB answer at 40 KB/s takes
    5 s, past 2 x the 1-s read timeout, and is taken (each second of it brought its bytes)."""
    body = json.dumps({"ok": True, "now": 7}).encode().ljust(200 * 1024)
    step = 8 * 1024

    def steady(scripted: Scripted, h: Any) -> None:
        scripted.head(h, length=len(body))
        for at in range(0, len(body), step):
            if scripted.stop.wait(0.2):
                return
            scripted.write(h, body[at:at + step])

    with Scripted(steady) as scripted, Client(scripted.url, timeout_s=1.0, retries=0) as c:
        assert c.server_now() == 7
    assert scripted.sent == len(body)


@pytest.mark.parametrize("declared", [True, False])
def test_an_answer_larger_than_the_api_gives_is_refused_not_read_whole(declared: bool) -> None:
    size = client_io.MAX_ANSWER_BYTES + 1024 * 1024
    chunk = b" " * 65536

    def huge(scripted: Scripted, h: Any) -> None:
        scripted.head(h, length=size if declared else None)
        for _ in range(size // len(chunk)):
            scripted.write(h, chunk)

    with Scripted(huge) as scripted, Client(scripted.url, retries=0) as c:
        with pytest.raises(BadResponse, match="more than"):
            c.server_now()
    if declared:  # refused by its header, before its body
        assert scripted.sent <= 4 * 1024 * 1024, scripted.sent


def _stream(frames: list[bytes]) -> Send:
    def send(scripted: Scripted, h: Any) -> None:
        scripted.head(h, kind="text/event-stream")
        for frame in frames:
            scripted.write(h, frame)
        scripted.stop.wait(2)  # then quiet; the stream is read again
    return send


def _event(n: int, kind: str = "payment") -> bytes:
    body = {"id": n, "type": kind, "data": {"n": n}, "created_at": 1}
    return f"id: {n}\nevent: {kind}\ndata: {json.dumps(body)}\n\n".encode()


def _heard(scripted: Scripted, wanted: int, most_s: float = 20.0) -> Iterator[int]:
    """The ids an EventStream delivers until it has `wanted` of them (or `most_s` passed)."""
    heard: list[int] = []
    deadline = time.monotonic() + most_s
    with Client(scripted.url, retries=0) as c:
        stream = EventStream(c, max_backoff_s=0.2)
        stream.run(should_stop=lambda: len(heard) >= wanted or time.monotonic() > deadline,
                   on_event=lambda e: heard.append(e.id))
    return iter(heard)


def test_events_the_client_cannot_read_are_passed_over_and_the_stream_goes_on() -> None:
    frames = [
        b"retry: 1000\nid: 0\n\n",
        _event(1),
        b"id: \xc2\xb2\nevent: payment\ndata: {}\n\n",  # "id: 2" in a superscript digit
        b"id: " + b"9" * 5000 + b"\ndata: {}\n\n",  # past int()'s digits
        b"id: 3\nevent: payment\ndata: not json\n\n",
        _event(4, "coupon"),  # a kind a newer server sends
        _event(5),
    ]
    with Scripted(_stream(frames)) as scripted:
        heard = list(_heard(scripted, wanted=2))
    assert heard == [1, 5]
    assert scripted.connections == 1  # one stream, read on past what it could not use


ENDLESS = 32 * 1024 * 1024  # an event line's bytes the server would send, without an end


def _endless(scripted: Scripted, h: Any) -> None:
    scripted.head(h, kind="text/event-stream")
    for frame in (b"id: 0\n\n", _event(1), b"data: "):
        scripted.write(h, frame)
    chunk = b"x" * 65536
    for _ in range(ENDLESS // len(chunk)):
        scripted.write(h, chunk)


def test_an_event_line_with_no_end_is_cut_and_the_stream_read_again() -> None:
    with Scripted(_endless, _stream([_event(2)])) as scripted:
        heard = list(_heard(scripted, wanted=2))
    assert heard == [1, 2]  # the second connection resumed after event 1
    assert scripted.connections == 2
    # the first was let go long before the line's end (what the sockets' buffers held)
    assert scripted.sent < ENDLESS // 2, scripted.sent


def test_a_known_event_kind_still_reads() -> None:
    """What the client skips is only what it can't read: the six kinds it knows read."""
    assert schemas.Event.model_validate(json.loads(_event(7, "refund").split(b"data: ")[1]))
