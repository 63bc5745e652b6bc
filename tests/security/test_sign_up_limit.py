"""Accounts made by the thousand from one address.

Accounts are free, and sign-up was bounded only by the flood guard (30 requests a second):
one address could make tens of thousands of accounts an hour, each a scrypt hash of the
server's CPU, and each an account that can re-pair a tablet to grow the revocation list
every till downloads (docs/security.md row 37). Bound: an address makes at most
`limits.SIGN_UPS_PER_HOUR` accounts an hour (`kinpay server --sign-ups-per-hour`); the one
that reaches it locks the address's sign-ups for the next hour (429 `too_many_accounts`,
Retry-After), and nothing else of the address (signing in, its accounts' requests). The
count is in the database, exact however many writers make accounts at once. The server is
run as a shop runs it, behind a proxy it trusts, so the test can be several addresses.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from server_stub.limits import SIGN_UPS_PER_HOUR
from tests.server.helpers import PASSWORD, db_rows
from tests.servers import ServerProcess

HOUR_S = 3600


@pytest.fixture(scope="module")
def server(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """The server with its default sign-up limit, behind a proxy on 127.0.0.1."""
    folder = tmp_path_factory.mktemp("signups")
    proc = ServerProcess(db=db_url, log_path=folder / "server.log", demo=False,
                         sign_ups_per_hour=None,
                         extra_args=["--trusted-proxy", "127.0.0.1"]).start()
    try:
        yield proc
    finally:
        proc.stop()


def _sign_up(http: httpx.Client, address: str, name: str | None = None) -> httpx.Response:
    return http.post("/v1/users", headers={"X-Forwarded-For": address}, json={
        "name": name or f"acct-{secrets.token_hex(5)}", "password": PASSWORD, "role": "payer",
        "timezone": "Asia/Shanghai"})


def test_an_address_makes_at_most_an_hours_accounts(server: ServerProcess) -> None:
    assert SIGN_UPS_PER_HOUR == 20  # what a shop's server allows, unless told otherwise
    at = int(time.time())
    server.set_clock(at)  # the server's clock stands still: the lockout is read exactly
    try:
        with httpx.Client(base_url=server.url, timeout=30) as http:
            made = [_sign_up(http, "203.0.113.9") for _ in range(20)]
            assert [r.status_code for r in made] == [201] * 20
            refused_name = f"acct-{secrets.token_hex(5)}"
            refused = _sign_up(http, "203.0.113.9", refused_name)
            assert refused.status_code == 429
            assert refused.json()["error"]["code"] == "too_many_accounts"
            assert int(refused.headers["Retry-After"]) == HOUR_S  # the lockout, whole
            # Nothing was made of the refused one: its name can't sign in.
            no = http.post("/v1/sessions", json={"name": refused_name, "password": PASSWORD})
            assert no.status_code == 401
            # The address's accounts still sign in; another address still makes accounts.
            first = made[0].json()["name"]
            signed_in = http.post("/v1/sessions", headers={"X-Forwarded-For": "203.0.113.9"},
                                  json={"name": first, "password": PASSWORD})
            assert signed_in.status_code == 201
            assert _sign_up(http, "198.51.100.4").status_code == 201
            # A restart forgets nothing; an hour later the address may again.
            server.stop()
            server.start()
            server.set_clock(at + HOUR_S - 1)  # a second before the hour is over
            assert _sign_up(http, "203.0.113.9").status_code == 429
            server.set_clock(at + HOUR_S)
            assert _sign_up(http, "203.0.113.9").status_code == 201
    finally:
        server.set_clock(None)


def test_a_burst_makes_no_more_than_the_limit(server: ServerProcess) -> None:
    """35 sign-ups at once from one address, 8 at a time: exactly 20 accounts, on each
    engine (PostgreSQL's writers make accounts side by side)."""
    names = [f"burst-{secrets.token_hex(5)}" for _ in range(35)]
    with httpx.Client(base_url=server.url, timeout=60,
                      limits=httpx.Limits(max_connections=8)) as http:
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(lambda n: _sign_up(http, "192.0.2.77", n), names))
    statuses = sorted(r.status_code for r in answers)
    assert statuses == [201] * 20 + [429] * 15
    assert {r.json()["error"]["code"] for r in answers if r.status_code == 429} == {
        "too_many_accounts"}
    made = {str(row[0]) for row in db_rows(server.db, "SELECT name FROM users")}
    assert len(made & set(names)) == 20


def test_the_limit_is_the_shops_to_set(tmp_path: Path) -> None:
    """`--sign-ups-per-hour 3`: a fourth is refused; a negative number is refused at start."""
    proc = ServerProcess(db=str(tmp_path / "k.db"), log_path=tmp_path / "s.log", demo=False,
                         sign_ups_per_hour=3).start()
    try:
        with httpx.Client(base_url=proc.url, timeout=30) as http:
            statuses = [_sign_up(http, "10.1.2.3").status_code for _ in range(4)]
    finally:
        proc.stop()
    assert statuses == [201, 201, 201, 429]
    bad = ServerProcess(db=str(tmp_path / "b.db"), log_path=tmp_path / "b.log",
                        sign_ups_per_hour=-1)
    with pytest.raises(RuntimeError, match="server exited with 2"):
        bad.start()
    assert "--sign-ups-per-hour" in (tmp_path / "b.log").read_text()
