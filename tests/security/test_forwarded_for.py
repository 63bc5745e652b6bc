"""A client that names its own address: `X-Forwarded-For`. uvicorn believed that header
from any peer on 127.0.0.1, so anyone on the server's machine (a local user, any program
there) picked a new address for every request and escaped every per-address bound: the
sign-in lockout of an address, the sign-up probes for taken names, the flood guard's
bucket for unknown tokens. Bound: the server takes the address from the socket only (a
reverse proxy's clients share its address, as docs/security.md says)."""

from __future__ import annotations

import httpx
import pytest

from tests.server.helpers import PASSWORD, user
from tests.servers import ServerProcess


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
