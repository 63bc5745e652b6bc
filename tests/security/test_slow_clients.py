"""Slowloris: connections held open without ever sending a whole request. The server kept
a silent connection, half a request line, or a body sent a byte at a time, for as long as
the client liked (uvicorn's keep-alive timer runs only between answered requests), and
took any number of them from one address: enough of them use up the server process's file
descriptors, and then no till can connect. Bound (server_stub/connections.py): a request
must arrive whole within REQUEST_TIMEOUT_S of its connection or its first byte, and one
address holds at most 512 connections (MAX_CONNECTIONS_PER_ADDRESS); one more is closed at
once. The server here is given a 3 s deadline (`--request-timeout`), not the 20 s default,
so the wait for it is short (the test would fail on the default: its wait is bounded
below 20 s)."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from tests.servers import ServerProcess, run_kinpay

HEALTH = b"GET /v1/health HTTP/1.1\r\nHost: kinpay\r\n\r\n"
REQUEST_TIMEOUT_S = 3
SERVER_ARGS = ["--request-timeout", str(REQUEST_TIMEOUT_S)]  # tests/security/conftest.py


@pytest.fixture(scope="module")
def engine() -> str:
    return "sqlite"  # connections, not storage


def _connect(server: ServerProcess) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=10)


def _closed(s: socket.socket) -> bool:
    """True when the server has closed `s` (nothing waiting to be read otherwise)."""
    s.setblocking(False)
    try:
        return s.recv(1024) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True
    finally:
        s.setblocking(True)


@pytest.fixture
def sockets() -> Iterator[ExitStack]:
    with ExitStack() as stack:
        yield stack


def test_a_request_that_never_arrives_whole_loses_its_connection(
    server: ServerProcess, sockets: ExitStack
) -> None:
    silent = sockets.enter_context(_connect(server))
    half_head = sockets.enter_context(_connect(server))
    half_head.sendall(b"POST /v1/payments HTTP/1.1\r\nHost: kinpay\r\n")
    dribble = sockets.enter_context(_connect(server))
    dribble.sendall(b"POST /v1/users HTTP/1.1\r\nHost: kinpay\r\nContent-Type: application/json"
                    b"\r\nContent-Length: 4096\r\n\r\n{")
    slow = {"silent": silent, "half a head": half_head, "a byte a second": dribble}
    open_now = set(slow)
    deadline = time.monotonic() + 3 * REQUEST_TIMEOUT_S  # a bound on the wait
    while open_now and time.monotonic() < deadline:
        time.sleep(1)
        try:
            dribble.sendall(b" ")
        except OSError:
            pass  # closed by the server: seen below
        open_now = {name for name in open_now if not _closed(slow[name])}
        # Meanwhile the server answers everyone else.
        assert httpx.get(f"{server.url}/v1/health", timeout=10).status_code == 200
    assert open_now == set(), f"still held open: {sorted(open_now)}"


def test_one_address_can_not_hold_every_connection(
    server: ServerProcess, sockets: ExitStack
) -> None:
    # docs/security.md row 25: one address holds at most 512 connections a server process.
    held = [sockets.enter_context(_connect(server)) for _ in range(512 + 20)]
    # The first ones are served; the ones past the cap were closed when they came.
    held[0].sendall(HEALTH)
    assert held[0].recv(1024).startswith(b"HTTP/1.1 200")
    for s in held[-20:]:
        try:
            s.sendall(HEALTH)
            answer = s.recv(1024)
        except OSError:
            answer = b""
        assert answer == b""
    for s in held:
        s.close()
    assert httpx.get(f"{server.url}/v1/health", timeout=10).status_code == 200


def test_a_request_timeout_a_till_could_never_meet_is_refused(tmp_path: Path) -> None:
    for given, said in (("0", "between 1 and 3600"), ("0.5", "between 1 and 3600"),
                        ("nan", "between 1 and 3600"), ("soon", "'soon' is not a number")):
        done = run_kinpay("server", "--db", str(tmp_path / "k.db"), "--request-timeout", given,
                          check=False, timeout_s=60)
        assert done.returncode == 2, (given, done.stderr)
        assert said in done.stderr, (given, done.stderr)
    assert not (tmp_path / "k.db").exists()  # refused before anything was made
