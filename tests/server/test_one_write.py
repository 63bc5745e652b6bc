"""Each answer goes to the socket in one write (issue 16: uvicorn wrote an answer's head
and its body apart, two send calls and two TCP segments; its profile put some 16 % of an
HTTP process's CPU there; server_stub/connections.py `OneWrite`).

Watched on the wire of a real `kinpay server` process: the client's own kernel counts the
TCP segments with data that reached its socket (Linux's TCP_INFO `tcpi_data_segs_in`). An
answer smaller than a loopback segment, written at once, is one segment; written in two
writes, two (the server's sockets have TCP_NODELAY: each write leaves as it comes).
No time is measured: the counts are the kernel's. What must hold beside:
answers on a kept connection, a large one among them, pipelined ones, one that closes its
connection, an event stream's frames as they happen, and all of it over TLS."""

from __future__ import annotations

import json
import socket
import ssl
import struct
from collections.abc import Iterator
from typing import Any

import pytest

from kinpay.client import new_idempotency_key
from tests.deploy.tlsca import Issued, issue
from tests.server.helpers import bearer, family, now, terminal, user
from tests.servers import ServerProcess

READ_S = 20.0  # the longest a read waits (an event stream pings each 3 s): a bound only
TCPI_DATA_SEGS_IN = 152  # offset of tcpi_data_segs_in in Linux's struct tcp_info (4.6+)
STREAM_MOST_LINES = 40  # a stream read no further: ~20 pings, a minute


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One `kinpay server` (SQLite: what is written to a socket is the same on either
    engine), with demo top-ups for the families."""
    folder = tmp_path_factory.mktemp("one-write")
    proc = ServerProcess(db=str(folder / "kinpay.db"), log_path=folder / "server.log")
    proc.start()
    try:
        yield proc
    finally:
        proc.stop()


@pytest.fixture(scope="module")
def shop_ca(tmp_path_factory: pytest.TempPathFactory) -> Issued:
    return issue(tmp_path_factory.mktemp("one-write-ca"), "shop CA")


@pytest.fixture(scope="module")
def https_server(shop_ca: Issued, tmp_path_factory: pytest.TempPathFactory
                 ) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("one-write-https")
    proc = ServerProcess(db=str(folder / "kinpay.db"), log_path=folder / "server.log",
                         tls=(shop_ca.cert_pem, shop_ca.key_pem, shop_ca.ca_pem))
    proc.start()
    try:
        yield proc
    finally:
        proc.stop()


# --- a raw HTTP/1.1 client: its socket, the segments it received, one answer read --------


class Answer:
    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def json(self) -> Any:
        return json.loads(self.body)


class Conn:
    """One connection to `server`, over TLS when it has it (TLS 1.2 or 1.3, as agreed)."""

    def __init__(self, server: ServerProcess) -> None:
        raw = socket.create_connection(("127.0.0.1", server.port), timeout=READ_S)
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock: socket.socket = raw
        if server.tls:
            ctx = ssl.create_default_context(cafile=str(server.tls[2]))
            self.sock = ctx.wrap_socket(raw, server_hostname="127.0.0.1")  # takes its fd
        self.reader = self.sock.makefile("rb")

    def close(self) -> None:
        self.reader.close()
        self.sock.close()

    def segments(self) -> int:
        """TCP segments with data this socket has received so far (the kernel's count)."""
        info = self.sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 256)
        if len(info) < TCPI_DATA_SEGS_IN + 4:
            pytest.skip("this kernel's TCP_INFO has no tcpi_data_segs_in (Linux < 4.6)")
        return int(struct.unpack_from("I", info, TCPI_DATA_SEGS_IN)[0])

    def send(self, method: str, path: str, headers: dict[str, str] | None = None,
             body: bytes = b"") -> None:
        self.sock.sendall(request(method, path, headers, body))

    def line(self) -> bytes:
        try:
            got = self.reader.readline()
        except TimeoutError:
            raise AssertionError(f"nothing more from the server in {READ_S} s") from None
        assert got, "the server closed the connection where a line was due"
        return got

    def answer(self) -> Answer:
        """One whole answer (with a Content-Length, as the API's are)."""
        status = int(self.line().split()[1])
        headers: dict[str, str] = {}
        while (line := self.line()) != b"\r\n":
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        assert "content-length" in headers, headers
        length = int(headers["content-length"])
        try:
            body = self.reader.read(length)
        except TimeoutError:
            raise AssertionError(f"the body stopped coming for {READ_S} s") from None
        assert len(body) == length, f"the answer ended after {len(body)} of {length} bytes"
        return Answer(status, headers, body)

    def ask(self, method: str, path: str, headers: dict[str, str] | None = None,
            body: bytes = b"") -> tuple[Answer, int]:
        """An answer, and the TCP segments it came in."""
        before = self.segments()
        self.send(method, path, headers, body)
        answer = self.answer()
        return answer, self.segments() - before


def request(method: str, path: str, headers: dict[str, str] | None = None,
            body: bytes = b"") -> bytes:
    head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    head += [f"{k}: {v}" for k, v in (headers or {}).items()]
    if body:
        head += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


# --- the tests ------------------------------------------------------------------------------


def test_answers_on_a_kept_connection_each_come_in_one_segment_a_large_one_whole(
    server: ServerProcess,
) -> None:
    payer = user(server.url, "payer")
    conn = Conn(server)
    try:
        health, health_segments = conn.ask("GET", "/v1/health")
        me, me_segments = conn.ask("GET", "/v1/accounts/me", bearer(payer.token))
        refused, refused_segments = conn.ask("GET", "/v1/accounts/me")  # no token: 401
        missing, missing_segments = conn.ask("GET", "/v1/no-such-thing")
        schema, _ = conn.ask("GET", "/openapi.json")  # larger than one write holds
        again, again_segments = conn.ask("GET", "/v1/health")
    finally:
        conn.close()
        payer.close()
    assert (health.status, health.json()["ok"]) == (200, True)
    assert (me.status, me.json()["kind"]) == (200, "payer")
    assert (refused.status, missing.status, again.status) == (401, 404, 200)
    assert refused.json()["error"]["code"], refused.body
    assert len(schema.body) > 64 * 1024, "no longer larger than what one write holds"
    assert schema.status == 200 and "/v1/payments" in schema.json()["paths"]
    assert [health_segments, me_segments, refused_segments, missing_segments,
            again_segments] == [1, 1, 1, 1, 1]


def test_a_payments_answer_comes_in_one_segment(server: ServerProcess) -> None:
    fam = family(server.url)
    till = terminal(server.db, server.url)
    conn = Conn(server)
    try:
        t = now()
        code = fam.device.code_at(t)
        fam.device.bump(t)
        body = json.dumps({"code": code, "amount": 1_250, "currency": "CNY"}).encode()
        paid, segments = conn.ask("POST", "/v1/payments", {
            **bearer(till.token), "Idempotency-Key": new_idempotency_key()}, body)
    finally:
        conn.close()
        fam.close()
        till.close()
    assert paid.status in (200, 201), paid.body
    assert (paid.json()["amount"], paid.json()["currency"]) == (1_250, "CNY")
    assert segments == 1


def test_pipelined_requests_are_answered_in_order(server: ServerProcess) -> None:
    conn = Conn(server)
    try:
        before = conn.segments()
        conn.sock.sendall(request("GET", "/v1/health") + request("GET", "/v1/config")
                          + request("GET", "/v1/health"))
        answers = [conn.answer() for _ in range(3)]
        segments = conn.segments() - before
    finally:
        conn.close()
    assert [a.status for a in answers] == [200, 200, 200]
    assert "ok" in answers[0].json() and "demo_funding" in answers[1].json()
    assert "ok" in answers[2].json()
    assert segments <= 3, "each answer in one write at most"


def test_an_answer_that_closes_its_connection_comes_whole_then_the_close(
    server: ServerProcess,
) -> None:
    conn = Conn(server)
    try:
        answer, segments = conn.ask("GET", "/v1/health", {"Connection": "close"})
        try:
            after = conn.reader.read()
        except TimeoutError:
            raise AssertionError(f"the connection stayed open {READ_S} s") from None
    finally:
        conn.close()
    assert (answer.status, answer.json()["ok"]) == (200, True)
    assert answer.headers.get("connection") == "close"
    assert after == b"", f"bytes after the answer: {after[:200]!r}"
    assert segments == 1


def test_an_event_stream_sends_its_head_with_its_first_frame_and_each_event_as_it_comes(
    server: ServerProcess,
) -> None:
    payer = user(server.url, "payer")
    conn = Conn(server)
    try:
        before = conn.segments()
        conn.send("GET", "/v1/events", bearer(payer.token))
        status = int(conn.line().split()[1])
        while conn.line() != b"\r\n":
            pass
        opening = [conn.line() for _ in range(5)]  # chunk size, retry, id, blank, chunk end
        opened_in = conn.segments() - before
        payer.top_up(700, "CNY")  # the payer's account event
        seen: list[bytes] = []
        event: dict[str, Any] = {}
        while event.get("type") != "account":
            assert len(seen) < STREAM_MOST_LINES, f"no account event; the stream sent {seen}"
            seen.append(conn.line())  # fails with words after READ_S without a line
            if seen[-1].startswith(b"data: "):
                event = json.loads(seen[-1][6:])
    finally:
        conn.close()
        payer.close()
    assert status == 200
    assert opening[1] == b"retry: 1000\n" and opening[2].startswith(b"id: "), opening
    assert opened_in == 1, "the stream's head and its opening frame in one segment"
    assert (event["data"]["kind"], event["data"]["amount"]) == ("funded", 700)


def test_over_tls_each_answer_comes_in_one_segment_and_a_large_one_whole(
    https_server: ServerProcess,
) -> None:
    conn = Conn(https_server)
    try:
        # The first answer comes after what TLS 1.3 sends once the handshake is done (its
        # session tickets): the segments are counted from the second.
        first, _ = conn.ask("GET", "/v1/health")
        second, second_segments = conn.ask("GET", "/v1/config")
        third, third_segments = conn.ask("GET", "/v1/health")
        schema, _ = conn.ask("GET", "/openapi.json")
        last, last_segments = conn.ask("GET", "/v1/health")
    finally:
        conn.close()
    assert [a.status for a in (first, second, third, schema, last)] == [200] * 5
    assert third.json()["ok"] is True and "demo_funding" in second.json()
    assert "/v1/payments" in schema.json()["paths"] and len(schema.body) > 64 * 1024
    assert [second_segments, third_segments, last_segments] == [1, 1, 1]
