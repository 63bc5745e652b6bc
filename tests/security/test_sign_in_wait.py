"""A parent signs in while the server's password hashing is busy with others' sign-ins: the
server lets password requests in two at a time and holds the rest (up to 10 s,
server_stub.front.PasswordGate), and the client gave up after the 3 s of any request, so
the parent read "no answer from the server" while the server was about to let the sign-in
in (session 35's note: 9.2 s during a flood; on a small shop server one hash alone takes
seconds). A request that hashes a password now waits as long as the gate may hold it
(kinpay.client PASSWORD_READ_S).

The real app under uvicorn on 127.0.0.1 in this process: two sign-ins of another account
hold the gate's two places for HOLD_S each (a spy around `security.check_password`, calling
the real one after, as a slow machine's hash would take), so the parent's sign-in waits
that long in the gate, whatever this machine's speed. The parent's is the wallet's own
client with its own timeouts."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kinpay.client import Client
from server_stub import security
from server_stub.app import create_app
from tests.servers import app_in_process

PASSWORD = "a long enough password"
BUSY = "the other account's password"
HOLD_S = 5.0  # each of the two held hashes: longer than the 3 s of other requests
WAIT_S = 60.0  # a bound on waiting, not a verdict


@pytest.fixture
def slow_hashing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                 ) -> Iterator[tuple[str, threading.Semaphore]]:
    """The app's URL; the semaphore is released once for each held check that began."""
    began = threading.Semaphore(0)
    real_check = security.check_password

    def slow(password: str, stored: str) -> bool:
        if password == BUSY:
            began.release()
            threading.Event().wait(HOLD_S)  # a hash on a slow machine
        return real_check(password, stored)

    monkeypatch.setattr(security, "check_password", slow)
    # Full-strength hashing, as a shop's: test hashing is a process-wide setting, and this
    # process runs other in-process apps after this one (test_sign_in.py counts the hashes).
    app = create_app(str(tmp_path / "kinpay.db"))
    with app_in_process(app) as url:
        yield url, began


def test_a_sign_in_behind_a_busy_password_gate_is_let_in_not_given_up(
    slow_hashing: tuple[str, threading.Semaphore],
) -> None:
    url, began = slow_hashing
    parent, other = f"payer-{secrets.token_hex(4)}", f"payer-{secrets.token_hex(4)}"
    with httpx.Client(base_url=url, timeout=WAIT_S) as http:
        for name, password in ((parent, PASSWORD), (other, BUSY)):
            made = http.post("/v1/users", json={"name": name, "password": password,
                                                "role": "payer"})
            assert made.status_code == 201, made.text
    answers: list[int] = []

    def busy() -> None:
        with httpx.Client(base_url=url, timeout=WAIT_S) as own:
            answers.append(own.post("/v1/sessions", json={"name": other,
                                                          "password": BUSY}).status_code)

    threads = [threading.Thread(target=busy) for _ in range(2)]
    for t in threads:
        t.start()
    for _ in threads:  # both of the gate's places are taken by a held hash
        assert began.acquire(timeout=WAIT_S), "the other sign-ins never reached their check"
    with Client(url) as wallet:  # the wallet's own client, its own timeouts
        session = wallet.sign_in(parent, PASSWORD)
        assert wallet.me().name == parent
    for t in threads:
        t.join(WAIT_S)
    assert session.user.name == parent
    assert answers == [201, 201]
