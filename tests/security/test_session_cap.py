"""Someone with an account's password signs in in a loop: each sign-in was a new 12-hour
session, with no bound on how many an account held (session 35's note: "successful
sign-ins aren't capped"), so the rows grew by the sign-in gate's pace for as long as the
loop ran, and the account's list of signed-in devices with them. Now an account holds at
most MAX_SESSIONS: a sign-in past it ends the longest unused, which is told why (401
`too_many_sessions`), and the parent's phone in use stays signed in."""

from __future__ import annotations

import time

import httpx

from server_stub import auth
from tests.server.helpers import PASSWORD, user
from tests.servers import ServerProcess

LOOP = auth.MAX_SESSIONS + 6


def _sign_in(http: httpx.Client, name: str) -> str:
    time.sleep(1 / 12)  # under the flood guard's pace for one address
    r = http.post("/v1/sessions", json={"name": name, "password": PASSWORD})
    assert r.status_code == 201, r.text
    return str(r.json()["token"])


def _me(http: httpx.Client, token: str) -> httpx.Response:
    return http.get("/v1/me", headers={"Authorization": f"Bearer {token}"})


def test_an_account_holds_a_bounded_number_of_sessions_and_the_one_in_use_stays(
    server: ServerProcess,
) -> None:
    parent = user(server.url, "payer")  # the parent's phone: one session
    name = parent.me().name
    start = int(time.time())
    early: list[str] = []
    late: list[str] = []
    try:
        with httpx.Client(base_url=server.url, timeout=30) as http:
            early = [_sign_in(http, name) for _ in range(40)]
            server.set_clock(start + 600)  # ten minutes on, the parent uses the phone
            assert _me(http, str(parent.token)).status_code == 200
            late = [_sign_in(http, name) for _ in range(LOOP - 40)]
            answers = {t: _me(http, t) for t in [*early, *late, str(parent.token)]}
    finally:
        server.set_clock(None)
        parent.close()
    held = [t for t, r in answers.items() if r.status_code == 200]
    ended = [t for t, r in answers.items() if r.status_code != 200]
    assert len(held) == auth.MAX_SESSIONS
    assert str(parent.token) in held  # used lately: not the longest unused
    assert ended == early[:LOOP + 1 - auth.MAX_SESSIONS]  # the oldest, unused since
    for token in ended:
        error = answers[token].json()["error"]
        assert answers[token].status_code == 401 and error["code"] == "too_many_sessions"
