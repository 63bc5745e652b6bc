"""Ten wrong sign-ins by anyone must not stop the signed-in owner from proving or changing
the password (security.md row 63). The per-name sign-in lock (10 failures, 15 minutes) was
also the lock of a signed-in session's password re-check and password change: a stranger
with ten requests every 15 minutes kept a parent from saying yes at the till, pairing a
tablet, raising a limit and, worst, changing the password a thief had."""

from __future__ import annotations

import httpx

from tests.security.conftest import PASSWORD
from tests.server.helpers import user
from tests.servers import ServerProcess

SIGN_IN_LOCK_AFTER = 10  # docs/security.md row 9: ten failures lock a name for 15 minutes


def test_a_locked_name_still_lets_its_signed_in_owner_prove_and_change_it(
    server: ServerProcess,
) -> None:
    parent = user(server.url, "payer")
    name = parent.me().name
    mine = {"Authorization": f"Bearer {parent.token}"}
    with httpx.Client(base_url=server.url, timeout=30) as http:
        stranger = [http.post("/v1/sessions", json={"name": name, "password": f"guess-{i}"})
                    for i in range(SIGN_IN_LOCK_AFTER + 1)]
        assert [r.status_code for r in stranger] == [401] * SIGN_IN_LOCK_AFTER + [429]
        # The name is locked for sign-in, the right password too: row 9 holds.
        assert http.post("/v1/sessions",
                         json={"name": name, "password": PASSWORD}).status_code == 429
        proof = http.post("/v1/sessions/current/reauth", headers=mine,
                          json={"password": PASSWORD})
        assert proof.status_code == 204, proof.text
        changed = http.post("/v1/me/password", headers=mine, json={
            "current_password": PASSWORD, "new_password": "another horse battery"})
        assert changed.status_code == 204, changed.text
    parent.close()


def test_a_stolen_session_still_gets_only_ten_guesses(server: ServerProcess) -> None:
    parent = user(server.url, "payer")
    name = parent.me().name
    parent.close()  # the thief holds its token
    stolen = {"Authorization": f"Bearer {parent.token}"}
    with httpx.Client(base_url=server.url, timeout=30) as http:
        guesses = [http.post("/v1/sessions/current/reauth", headers=stolen,
                             json={"password": f"guess-{i}"}).status_code
                   for i in range(SIGN_IN_LOCK_AFTER + 1)]
        assert guesses == [403] * SIGN_IN_LOCK_AFTER + [429]
        # The right one too, while the session waits out its lock.
        assert http.post("/v1/sessions/current/reauth", headers=stolen,
                         json={"password": PASSWORD}).status_code == 429
        # And the guesses counted for the name: sign-in is locked as well.
        assert http.post("/v1/sessions", json={"name": name,
                                               "password": "guess-x"}).status_code == 429
