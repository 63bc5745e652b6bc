"""Finding out which children have accounts, through the grant form. Sign-up's "name
taken" is throttled (20 answers per address in 15 minutes, docs/security.md row 16), but
any payer's POST /v1/grants answered 404 `no_such_delegate` for a made-up name and made a
grant for a real one, at the flood guard's pace: a list of names checked at 30 a second
from one free account. Bound: "no such delegate" counts in the same budget as "taken"; 20
from one address lock that address's sign-ups and new grants for 15 minutes, real names
too, so no answer tells."""

from __future__ import annotations

import secrets

import httpx
import pytest

from tests.server.helpers import PASSWORD, user
from tests.servers import ServerProcess


@pytest.fixture(scope="module")
def engine() -> str:
    return "sqlite"  # the throttle lives in the database, shown on both in test_sign_in


def test_the_grant_form_is_no_list_of_children(server: ServerProcess) -> None:
    prober = user(server.url, "payer")
    child = user(server.url, "delegate")
    real, taken = child.me().name, prober.me().name
    limits = {"per_payment": 100, "daily": 100, "monthly": 100}
    auth = {"Authorization": f"Bearer {prober.token}"}
    with httpx.Client(base_url=server.url, timeout=20, headers=auth) as http:
        misses = [http.post("/v1/grants", json={"delegate": f"kid-{secrets.token_hex(4)}",
                                                "limits": limits})
                  for _ in range(23)]
        # docs/security.md row 24: 20 "no such delegate" answers from one address lock its
        # new grants and sign-ups for 15 minutes.
        assert [r.status_code for r in misses] == [404] * 20 + [429] * 3
        assert misses[0].json()["error"]["code"] == "no_such_delegate"
        assert 0 < int(misses[-1].headers["Retry-After"]) <= 15 * 60
        # Now a real child's name gets the same answer as a made-up one, and no grant.
        hit = http.post("/v1/grants", json={"delegate": real, "limits": limits})
        assert (hit.status_code, hit.json()["error"]["code"]) == (429, "rate_limited")
        assert http.get("/v1/grants").json()["grants"] == []
        # One budget with sign-up's "taken": that oracle is shut for this address too.
        signup = httpx.post(f"{server.url}/v1/users", timeout=20,
                            json={"name": taken, "password": PASSWORD, "role": "payer"})
        assert signup.status_code == 429
    assert child.grants() == []
    prober.close()
    child.close()
