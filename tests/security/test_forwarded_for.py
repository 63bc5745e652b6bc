"""A client that names its own address: `X-Forwarded-For`. uvicorn believed that header
from any peer on 127.0.0.1, so anyone on the server's machine (a local user, any program
there) picked a new address for every request and escaped every per-address bound: the
sign-in lockout of an address, the sign-up probes for taken names, the flood guard's
bucket for unknown tokens. Bound: the server takes the address from the socket only (a
reverse proxy's clients share its address, as docs/security.md says)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.server.helpers import PASSWORD, user
from tests.servers import ServerProcess, run_kinpay


@pytest.fixture(scope="module")
def engine() -> str:
    return "sqlite"  # the address, not storage


def test_a_forwarded_for_header_does_not_make_a_new_address(server: ServerProcess) -> None:
    taken = user(server.url, "payer")
    name = taken.me().name
    taken.close()
    statuses = []
    with httpx.Client(base_url=server.url, timeout=20) as http:
        for n in range(25):
            r = http.post("/v1/users", json={"name": name, "password": PASSWORD,
                                             "role": "payer"},
                          headers={"X-Forwarded-For": f"10.{n}.0.1",
                                   "Forwarded": f"for=10.{n}.0.2", "X-Real-IP": f"10.{n}.0.3"})
            statuses.append(r.status_code)
    # 20 "taken" answers from one address lock that address's sign-ups (limits.NAME_PROBES).
    assert statuses == [409] * 20 + [429] * 5


def test_behind_a_trusted_proxy_each_client_has_its_own_address(tmp_path: Path) -> None:
    """A shop behind nginx: with `--trusted-proxy 127.0.0.1` the address is the proxy's
    X-Forwarded-For, so one client's probes lock that client, not every client behind the
    proxy (its address alone was everyone's: 20 probes by anyone locked all sign-ups). A
    wildcard proxy is refused."""
    refused = run_kinpay("server", "--db", str(tmp_path / "w.db"), "--trusted-proxy", "*",
                         check=False)
    assert refused.returncode == 2 and "--trusted-proxy '*'" in refused.stderr
    server = ServerProcess(db=str(tmp_path / "kinpay.db"), log_path=tmp_path / "server.log",
                           extra_args=["--trusted-proxy", "127.0.0.1"])
    server.start()
    try:
        taken = user(server.url, "payer")
        name = taken.me().name
        taken.close()

        def sign_up(http: httpx.Client, client_ip: str) -> int:
            return http.post("/v1/users", json={"name": name, "password": PASSWORD,
                                                "role": "payer"},
                             headers={"X-Forwarded-For": client_ip}).status_code

        with httpx.Client(base_url=server.url, timeout=20) as http:
            one_client = [sign_up(http, "203.0.113.7") for _ in range(21)]
            others = [sign_up(http, f"198.51.100.{n}") for n in range(5)]
    finally:
        server.stop()
    assert one_client == [409] * 20 + [429]  # that client is locked out…
    assert others == [409] * 5  # …the others behind the same proxy are not
