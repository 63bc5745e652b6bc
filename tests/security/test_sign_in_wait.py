"""A parent signs in while the server hashes a burst of other sign-ins (a shop's server,
passwords hashed at full strength): the server lets password requests in two at a time and
holds the rest (up to 10 s, server_stub.front.PasswordGate), and the client gave up after
the 3 s of any request, so the parent read "no answer from the server" while the server
was about to let the sign-in in (session 35's note: 9.2 s during a flood). A request that
hashes a password now waits as long as the gate may hold it (kinpay.client
PASSWORD_READ_S)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kinpay.client import Client
from tests.security.conftest import PASSWORD
from tests.server.helpers import user
from tests.servers import ServerProcess

AHEAD = 10  # sign-ins the server is hashing or holding when the parent's arrives


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    """A shop's server hashing passwords at full strength, on SQLite: what is tried is the
    client's waiting, the same on either engine (each full hash costs the suite ~0.65 s)."""
    proc = ServerProcess(db=str(tmp_path / "kinpay.db"), log_path=tmp_path / "server.log",
                         demo=False, fast_passwords=False).start()
    try:
        yield proc
    finally:
        proc.stop()


def test_a_sign_in_behind_a_burst_of_others_is_let_in_not_given_up(
    server: ServerProcess,
) -> None:
    parent = user(server.url, "payer")
    other = user(server.url, "payer")
    names = (parent.me().name, other.me().name)
    parent.close()
    other.close()
    answers: list[int] = []
    started = threading.Barrier(AHEAD + 1)

    def burst() -> None:
        with httpx.Client(timeout=60) as http:
            started.wait()
            r = http.post(f"{server.url}/v1/sessions",
                          json={"name": names[1], "password": PASSWORD})
            answers.append(r.status_code)

    threads = [threading.Thread(target=burst) for _ in range(AHEAD)]
    for t in threads:
        t.start()
    started.wait()
    threading.Event().wait(0.3)  # the burst's requests are in the server's hands first
    with Client(server.url) as wallet:  # the wallet's own client, its own timeouts
        session = wallet.sign_in(names[0], PASSWORD)
        assert wallet.me().name == names[0]
    for t in threads:
        t.join(60)
    assert session.user.name == names[0]
    assert answers == [201] * AHEAD
