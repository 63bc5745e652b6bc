"""Attacks on the wire, as a client with a terminal's key (or none) would send them: JSON
nested 100,000 deep, a 24 MiB body, a payment as text/plain, amounts as `true`, "100" or
100.0, a non-ASCII Idempotency-Key, 150 event streams on one session. Bound: 400 for the
nesting, 413 before the body is read, 415, 422, 400, and a cap on streams per session."""

from __future__ import annotations

import json
import socket
import threading
import uuid
from collections.abc import Generator
from typing import cast

import httpx
import pytest

from kinpay import schemas
from server_stub.errors import BadInput, NotSignedIn
from server_stub.front import bearer_token, idempotency_key, json_too_deep
from tests.security.conftest import post_payment, shop_key, victim
from tests.server.helpers import now, user
from tests.server.test_payments import fresh
from tests.servers import ServerProcess


@pytest.fixture(scope="module")
def engine() -> str:
    return "sqlite"  # the wire, not storage


@pytest.fixture(scope="module")
def key(server: ServerProcess) -> str:
    return shop_key(server)


def test_json_nested_100000_deep_is_refused_not_a_crash(server: ServerProcess, key: str) -> None:
    headers = {"Authorization": f"Bearer {key}", "Idempotency-Key": "k1",
               "Content-Type": "application/json"}
    with httpx.Client(timeout=30) as http:
        for path in ("/v1/payments", "/v1/users", "/v1/offline-batches"):
            # 100,000 deep is 200 KB: over the body limit of most routes (413), and refused
            # for its depth where the body may be that large (400).
            r = http.post(f"{server.url}{path}", headers=headers,
                          content="[" * 100_000 + "]" * 100_000)
            assert r.status_code in (400, 413), (path, r.status_code)
            # 5,000 deep fits in every route's body limit: refused for its depth.
            r = http.post(f"{server.url}{path}", headers=headers,
                          content='{"a":' * 5_000 + "1" + "}" * 5_000)
            assert r.status_code == 400, (path, r.status_code)
            assert r.json()["error"]["code"] == "too_deep"
        assert http.get(f"{server.url}/v1/health").status_code == 200


def _send_huge(url: str, path: str, size_bytes: int) -> int:
    """Send a body of `size_bytes` as fast as the server takes it; the status it answers."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
                  f"Content-Length: {size_bytes}\r\n\r\n".encode())
        chunk = b" " * 65536
        try:
            for _ in range(size_bytes // len(chunk)):
                s.sendall(chunk)
        except OSError:
            pass  # the server stopped reading: what we want
        answer = b""
        while b"\r\n" not in answer:
            got = s.recv(4096)
            if not got:
                break
            answer += got
    return int(answer.split(b" ")[1])


def test_a_24_mib_body_is_refused_before_it_is_read(server: ServerProcess) -> None:
    before_kib = server.peak_memory_kib()
    assert _send_huge(server.url, "/v1/users", 24 * 1024 * 1024) == 413
    # Streamed without a length: refused as soon as it passes the limit.
    r = httpx.post(f"{server.url}/v1/users", content=(b"x" * 65536 for _ in range(64)))
    assert r.status_code == 413
    assert server.peak_memory_kib() - before_kib < 8 * 1024
    assert httpx.get(f"{server.url}/v1/health").status_code == 200


def test_a_payment_is_json_with_integer_amounts_only(server: ServerProcess, key: str) -> None:
    fam = victim(server)
    with httpx.Client(timeout=10) as http:
        code = fresh(fam.device, now())
        body = {"code": code, "amount": 100, "currency": "CNY"}
        as_text = post_payment(http, server.url, key, json.dumps(body),
                               **{"Content-Type": "text/plain"})
        assert as_text.status_code == 415
        no_type = post_payment(http, server.url, key, json.dumps(body).encode())
        assert no_type.status_code == 415
        for amount in (True, "100", 100.0, 1e2):
            r = post_payment(http, server.url, key, {**body, "amount": amount})
            assert r.status_code == 422, (amount, r.text)
        item = {"name": "x", "unit_amount": "100", "quantity": 1}
        r = post_payment(http, server.url, key, {**body, "items": [item]})
        assert r.status_code == 422
        # Nothing above was taken: the code is still good for the real sale.
        ok = post_payment(http, server.url, key, body)
        assert ok.status_code == 201 and ok.json()["status"] == "approved"
    fam.close()


def test_a_non_ascii_idempotency_key_is_refused_the_same_way_everywhere(
    server: ServerProcess, key: str
) -> None:
    fam = victim(server)
    raw = "clé-ü".encode()
    with httpx.Client(timeout=10) as http:
        body = {"code": fresh(fam.device, now()), "amount": 100, "currency": "CNY"}
        r = post_payment(http, server.url, key, body, idem=raw)
        assert r.status_code == 400 and r.json()["error"]["code"] == "bad_key"
        refund = http.post(f"{server.url}/v1/payments/nope/refunds", json={"amount": 1},
                           headers={"Authorization": f"Bearer {key}", "Idempotency-Key": raw})
        assert refund.status_code == 400 and refund.json()["error"]["code"] == "bad_key"
    fam.close()


def test_one_session_cannot_open_150_event_streams(server: ServerProcess) -> None:
    payer = user(server.url, "payer")
    statuses: list[int] = []
    lock = threading.Lock()
    release = threading.Event()

    def open_one() -> None:
        with httpx.Client(timeout=30) as http, http.stream(
            "GET", f"{server.url}/v1/events",
            headers={"Authorization": f"Bearer {payer.token}"},
        ) as r:
            with lock:
                statuses.append(r.status_code)
            if r.status_code == 200:
                release.wait(30)

    # docs/security.md rows 14 and 73: a session holds 2 streams per server process (a user
    # 4, shared among its sessions); more from the one session answer 429.
    threads = [threading.Thread(target=open_one) for _ in range(4 + 6)]
    for th in threads:
        th.start()
    deadline = now() + 30
    while len(statuses) < len(threads) and now() < deadline:
        threading.Event().wait(0.1)
    opened = statuses.count(200)
    release.set()
    for th in threads:
        th.join(30)
    assert opened == 2
    assert statuses.count(429) == 8
    payer.close()


def test_an_idempotency_key_is_what_its_bytes_say(server: ServerProcess, key: str) -> None:
    fam = victim(server)
    idem = uuid.uuid4().hex
    with httpx.Client(timeout=10) as http:
        body = {"code": fresh(fam.device, now()), "amount": 100, "currency": "CNY"}
        first = post_payment(http, server.url, key, body, idem=idem)
        again = post_payment(http, server.url, key, body, idem=idem.encode())
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    fam.close()


@pytest.mark.parametrize(
    ("body", "deep"),
    [
        (b'{"a": [1, {"b": "[[[[[[[[[[[[[[[[[[[[[[[["}]}', False),  # brackets inside a string
        (b'"\\"[[[[[[[[[[[[[[[[[[[[[[[[\\\\"', False),  # escaped quotes and backslashes
        (b"[" * 16 + b"]" * 16, False),
        (b"[" * 17 + b"]" * 17, True),
        (b'{"a":' * 17 + b"1" + b"}" * 17, True),
        (b"[" * 100_000, True),  # never closed: json.loads would recurse on it all the same
        (b'{"code": ', False),  # broken, not deep: the parser answers 422
        (b"[" + b"[]," * 10_000 + b"[]]", False),  # wide, not deep
    ],
)
def test_the_depth_check_reads_json_as_a_parser_would(body: bytes, deep: bool) -> None:
    assert json_too_deep(body) is deep


@pytest.mark.parametrize("byte", range(256))
def test_a_header_byte_outside_printable_ascii_is_refused_in_a_token_and_a_key(byte: int) -> None:
    printable = 0x20 <= byte <= 0x7E  # space to tilde: RFC 9110's visible characters and SP
    key = b"k" + bytes([byte]) + b"k"
    token = b"kpt_" + bytes([byte]) + b"x"
    if printable:
        assert idempotency_key(key, required=True) == key.decode("ascii")
        assert bearer_token(b"Bearer " + token) == token.decode("ascii")
    else:
        with pytest.raises(BadInput):
            idempotency_key(key, required=True)
        with pytest.raises(NotSignedIn):
            bearer_token(b"Bearer " + token)


@pytest.mark.parametrize("position", [b"\xb2", b"\xb9", b"9" * 5000])
def test_a_last_event_id_that_is_no_ascii_number_starts_the_stream_where_it_stands(
    server: ServerProcess, position: bytes
) -> None:
    """A signed-in user resumes a stream from "²" (latin-1 0xB2: a digit to str.isdigit,
    not to int()) or from a 5,000-digit number (past Python's limit for int()): before,
    each was a 500 and a traceback in the log. Now a position that is not 1–19 ASCII
    digits is ignored, as any other unreadable one is: the stream starts where the user's
    events stand (a new user's one event, their sign-in)."""
    payer = user(server.url, "payer")
    stream = cast(Generator[schemas.Event, None, None],
                  payer.events(last_id=0, read_timeout_s=30.0))
    try:
        signed_in = next(stream)  # their first event, their sign-in
    finally:
        stream.close()  # its connection too
    assert (signed_in.type, signed_in.data["kind"]) == ("account", "signed_in")
    with httpx.Client(timeout=30) as http, http.stream(
        "GET", f"{server.url}/v1/events",
        headers={"Authorization": f"Bearer {payer.token}", "Last-Event-ID": position},
    ) as r:
        assert r.status_code == 200
        first = next(r.iter_text())
    assert first.startswith(f"retry: 1000\nid: {signed_in.id}\n\n")
    payer.close()
