"""A sign-in whose password check was under way when the password changed (security.md row
62). The check runs outside the transaction; the session was started after it without
looking again, so a thief who kept signing in with the old password got fresh 12-hour
sessions (with a fresh password proof) after the parent's change or the operator's reset.

The real app under uvicorn on 127.0.0.1 in this process, full-strength hashes: the thief's
password check is held (a spy around `security.check_password` that calls the real one)
until the parent's change has been answered, which makes the race happen every time.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from server_stub import security
from server_stub.app import create_app
from tests.servers import app_in_process

OLD, NEW = "old horse battery staple", "new horse battery staple"
WAIT_S = 60.0  # a bound on waiting for the other side, not a verdict


@pytest.fixture
def held_check(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[str, threading.Event, threading.Event]]:
    """The app's URL; `checking` is set when a password check of OLD begins while `hold`
    is armed, which then waits for `release` before calling the real check."""
    if engine == "sqlite":
        db = str(tmp_path / "kinpay.db")
    else:
        db = request.getfixturevalue("postgres").create_db(f"race_{secrets.token_hex(4)}")
    checking, release = threading.Event(), threading.Event()
    armed = {"on": False}
    real_check = security.check_password

    def held(password: str, stored: str) -> bool:
        if armed["on"] and password == OLD:
            armed["on"] = False
            checking.set()
            if not release.wait(WAIT_S):
                raise AssertionError("the test never released the held check")
        return real_check(password, stored)

    monkeypatch.setattr(security, "check_password", held)
    with app_in_process(create_app(db)) as url:
        request.node.arm = lambda: armed.update(on=True)
        yield url, checking, release


def test_a_sign_in_checked_before_a_password_change_gets_no_session(
    held_check: tuple[str, threading.Event, threading.Event], request: pytest.FixtureRequest,
) -> None:
    url, checking, release = held_check
    name = f"payer-{secrets.token_hex(4)}"
    with httpx.Client(base_url=url, timeout=WAIT_S) as http:
        assert http.post("/v1/users", json={"name": name, "password": OLD,
                                            "role": "payer"}).status_code == 201
        owner = http.post("/v1/sessions", json={"name": name, "password": OLD}).json()["token"]
        thief: dict[str, httpx.Response] = {}

        def sign_in() -> None:
            with httpx.Client(base_url=url, timeout=WAIT_S) as own:
                thief["answer"] = own.post("/v1/sessions", json={"name": name,
                                                                 "password": OLD})

        request.node.arm()
        worker = threading.Thread(target=sign_in)
        worker.start()
        try:
            assert checking.wait(WAIT_S), "the thief's sign-in never reached its check"
            changed = http.post("/v1/me/password",
                                headers={"Authorization": f"Bearer {owner}"},
                                json={"current_password": OLD, "new_password": NEW})
            assert changed.status_code == 204, changed.text
        finally:
            release.set()
            worker.join(WAIT_S)
        answer = thief["answer"]
        assert answer.status_code == 401, answer.text
        assert answer.json()["error"]["code"] == "bad_credentials"
        # The new password still signs in, the old one doesn't, and the hash is the new one's.
        assert http.post("/v1/sessions", json={"name": name,
                                               "password": NEW}).status_code == 201
        assert http.post("/v1/sessions", json={"name": name,
                                               "password": OLD}).status_code == 401
