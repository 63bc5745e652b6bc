"""Strangers at the front door (attack review 35, findings 5 and 10).

- Finding 5: the front door read bodies to the route's limit (1 MiB for an offline batch,
  512 KiB for a payment) before anyone checked the key, so 500 connections with no
  Authorization header made the server hold 540 MiB. Bound: those large limits are for a
  terminal key the server knows; anyone else gets the 64 KiB every other route has (413).
- Finding 10: a request with no Authorization header passed no flood-guard bucket, while a
  made-up token was counted in its address's. Bound: both are counted per address.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.security.conftest import shop_key
from tests.servers import ServerProcess

# The front door alone: the flood guard would refuse the flood before the door saw it.
SERVER_ARGS = ["--client-rate", "0"]
BIG = b"{" + b" " * (200 * 1024) + b"}"  # valid JSON, over 64 KiB, under 512 KiB
MIB = 1024 * 1024
CONNECTIONS = 120


@pytest.fixture(scope="module")
def engine() -> str:
    return "sqlite"


def _rss_mib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    raise RuntimeError("no VmRSS in /proc: not Linux?")


def test_a_stranger_gets_the_small_body_limit(server: ServerProcess) -> None:
    json_type = {"Content-Type": "application/json"}
    with httpx.Client(timeout=30) as http:
        for path in ("/v1/offline-batches", "/v1/payments", "/v1/approvals/x1/complete"):
            for who in ({}, {"Authorization": "Bearer kpt_made-up-key"}):
                answer = http.post(f"{server.url}{path}", content=BIG,
                                   headers={**json_type, **who})
                assert answer.status_code == 413, (path, who, answer.status_code, answer.text)
                assert answer.json()["error"]["code"] == "too_large"
                assert "terminal key" in answer.json()["error"]["message"]
        # A till the server knows keeps its large limit: its batch is judged, not refused.
        key = shop_key(server)
        answer = http.post(f"{server.url}/v1/offline-batches", content=BIG,
                           headers={**json_type, "Authorization": f"Bearer {key}"})
        assert answer.status_code != 413, answer.text
        assert answer.status_code < 500, answer.text


def test_strangers_bodies_are_not_held_a_megabyte_each(server: ServerProcess) -> None:
    assert server.proc is not None
    pid = server.proc.pid
    before = _rss_mib(pid)
    head = (f"POST /v1/offline-batches HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
            f"\r\nContent-Length: {MIB}\r\n\r\n").encode()
    chunk = b" " * (MIB - 1)
    socks: list[socket.socket] = []
    peak = before
    try:
        for _ in range(CONNECTIONS):
            s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            socks.append(s)
            try:
                s.sendall(head)
                s.sendall(chunk)
            except OSError:  # refused and closed at once: what we want
                pass
        for _ in range(8):  # the server reads what the kernel took: give it the time to
            time.sleep(0.25)
            peak = max(peak, _rss_mib(pid))
    finally:
        for s in socks:
            s.close()
    grown = peak - before
    assert grown < 40, (f"{CONNECTIONS} strangers' bodies of 1 MiB made the server hold"
                        f" {grown} MiB more")


@pytest.fixture(scope="module")
def flood_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("flood")
    proc = ServerProcess(db=str(folder / "kinpay.db"), log_path=folder / "server.log",
                         demo=False, extra_args=["--client-rate", "1/20"]).start()
    try:
        yield proc
    finally:
        proc.stop()


def test_no_authorization_header_is_counted_per_address(flood_server: ServerProcess) -> None:
    url = flood_server.url
    with httpx.Client(timeout=30) as http:
        codes = [http.get(f"{url}/v1/me").status_code for _ in range(40)]
    assert codes.count(429) >= 15, f"no header, no bucket: {codes}"
    # Another address has its own bucket.
    other = httpx.HTTPTransport(local_address="127.0.0.2")
    with httpx.Client(timeout=30, transport=other) as http:
        assert http.get(f"{url}/v1/me").status_code == 401
