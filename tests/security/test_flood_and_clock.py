"""Attacks on the door: 100,001 made-up bearer headers to push a throttled terminal's bucket
out of the flood guard, and a test clock on a server that faces the network. Bound: the flood
guard keys on the authenticated principal, and strangers' buckets live in a table of their
own; `--test-clock` is refused unless the server binds a loopback address."""

from __future__ import annotations

import os
import secrets
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from server_stub.app import create_app
from tests.security.conftest import shop_key
from tests.servers import KINPAY, ServerProcess, free_port

# The guard's table size for this test (100,000 in a shop); KINPAY_TEST_FLOOD_KEYS=100000
# runs the attack at full size (100,001 headers, about a minute).
FLOOD_TABLE_KEYS = int(os.environ.get("KINPAY_TEST_FLOOD_KEYS", "1000"))


@pytest.fixture(scope="module")
def engine() -> str:
    return "sqlite"


@pytest.fixture(scope="module")
def server(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    log = tmp_path_factory.mktemp("server") / "server.log"
    proc = ServerProcess(db=db_url, log_path=log, demo=False,
                         extra_args=["--client-rate", "0.01/6"],
                         env={"KINPAY_FLOOD_MAX_KEYS": str(FLOOD_TABLE_KEYS)}).start()
    try:
        yield proc
    finally:
        proc.stop()


def test_made_up_bearer_headers_cannot_free_a_throttled_terminal(server: ServerProcess) -> None:
    key = shop_key(server)
    mine = {"Authorization": f"Bearer {key}"}
    with httpx.Client(timeout=10) as http:
        codes = [http.get(f"{server.url}/v1/terminal", headers=mine).status_code
                 for _ in range(12)]
        assert codes[-1] == 429
        # One more made-up header than the guard's table holds.
        for _ in range(FLOOD_TABLE_KEYS + 1):
            http.get(f"{server.url}/v1/terminal",
                     headers={"Authorization": f"Bearer kpt_{secrets.token_urlsafe(32)}"})
        # One request in 100 s refills; a bucket pushed out would have all six back.
        after = [http.get(f"{server.url}/v1/terminal", headers=mine).status_code
                 for _ in range(3)]
        assert after.count(429) >= 2, after


def test_the_test_clock_is_refused_on_a_network_address(tmp_path: Path) -> None:
    # 192.0.2.1 is TEST-NET-1: never this machine's, so nothing is ever bound to it.
    out = subprocess.run(
        [*KINPAY, "server", "--db", str(tmp_path / "k.db"), "--host", "192.0.2.1",
         "--port", str(free_port()), "--test-clock"],
        capture_output=True, text=True, timeout=60,
    )
    assert out.returncode == 2
    assert "--test-clock" in out.stderr and "Traceback" not in out.stderr
    with pytest.raises(ValueError, match="loopback"):
        create_app(str(tmp_path / "k.db"), test_clock=True, bind_host="0.0.0.0")


def test_the_test_clock_is_absent_without_the_flag(tmp_path: Path) -> None:
    plain = ServerProcess(db=str(tmp_path / "p.db"), log_path=tmp_path / "p.log",
                          test_clock=False, demo=False).start()
    try:
        r = httpx.put(f"{plain.url}/v1/_test/clock", json={"now": 0})
        assert r.status_code in (404, 405)
    finally:
        plain.stop()
