"""A stranger's free payer account gives a child allowances (attack review 35, finding 6):
no relationship between payer and delegate is needed, and nothing bounded how many. 1,000
grants from one stranger were 1,000 201s with a pairing code each, and the child's
`GET /v1/grants` answered all of them (491 KiB). Now a payer makes at most
GRANTS_PER_PAYER_HOUR grants an hour (429), a delegate holds at most OPEN_PER_DELEGATE
grants that run (OPEN_PER_PAYER_AND_DELEGATE from one payer; 409), and a delegate's list
answers the newest LISTED_RUNNING that run and the newest LISTED_ENDED that ended."""

from __future__ import annotations

import time

import httpx

from server_stub import grant_limits
from tests.security.conftest import victim
from tests.server.helpers import PASSWORD, user
from tests.servers import ServerProcess


def _body(child: str) -> dict[str, object]:
    return {"delegate": child,
            "limits": {"per_payment": 100, "daily": 100, "monthly": 100}, "offline_cap": 100}


def _auth(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_strangers_hold_a_bounded_number_of_a_childs_allowances(server: ServerProcess) -> None:
    fam = victim(server)
    child = fam.delegate.me().name
    strangers = [user(server.url, "payer") for _ in range(3)]
    made: list[int] = []
    with httpx.Client(base_url=server.url, timeout=30) as http:
        for stranger in strangers:
            answers = [http.post("/v1/grants", json=_body(child), headers=_auth(stranger.token))
                       for _ in range(grant_limits.OPEN_PER_PAYER_AND_DELEGATE + 3)]
            assert {a.status_code for a in answers} <= {201, 409}, [a.text for a in answers]
            made.append(sum(a.status_code == 201 for a in answers))
            refused = [a.json()["error"] for a in answers if a.status_code == 409]
            assert refused and all(r["code"] == "too_many_grants" for r in refused)
            assert "stop one before giving another" in refused[0]["message"]
        listed = http.get("/v1/grants", headers=_auth(fam.delegate.token)).json()["grants"]
    # one stranger: at most its share; all strangers with the child's parent: the child's cap
    assert max(made) == grant_limits.OPEN_PER_PAYER_AND_DELEGATE
    assert 1 + sum(made) == grant_limits.OPEN_PER_DELEGATE
    assert len(listed) == grant_limits.OPEN_PER_DELEGATE
    assert fam.grant.id in {g["id"] for g in listed}
    fam.close()
    for stranger in strangers:
        stranger.close()


def test_a_payer_makes_a_bounded_number_of_grants_an_hour_and_the_childs_list_is_bounded(
    server: ServerProcess,
) -> None:
    """Made and stopped at once, a stranger's grants never hold a place: the hourly cap
    bounds them, and the child's list answers the newest ended ones only."""
    fam = victim(server)
    child = fam.delegate.me().name
    stranger = user(server.url, "payer")
    hour = grant_limits.GRANTS_PER_PAYER_HOUR
    codes: list[int] = []
    made: list[list[str]] = [[], []]
    try:
        with httpx.Client(base_url=server.url, timeout=30) as http:
            for turn in range(2):
                for _ in range(hour + 2):
                    time.sleep(1 / 12)  # two requests a turn, under the flood guard's 30/s
                    r = http.post("/v1/grants", json=_body(child), headers=_auth(stranger.token))
                    codes.append(r.status_code)
                    if r.status_code == 201:
                        made[turn].append(r.json()["id"])
                        stopped = http.post(f"/v1/grants/{made[turn][-1]}/revoke",
                                            headers=_auth(stranger.token))
                        assert stopped.status_code == 200, stopped.text
                    else:
                        assert r.status_code == 429, r.text
                        assert r.json()["error"]["code"] == "rate_limited"
                        assert int(r.headers["Retry-After"]) > 0
                        break
                if not turn:
                    assert codes.count(201) == hour and codes[-1] == 429
                    server.set_clock(int(time.time()) + 3601)  # an hour later: counts again
                    stranger.sign_in(stranger.me().name, PASSWORD)  # a fresh proof then
            listed = http.get("/v1/grants", headers=_auth(fam.delegate.token)).json()["grants"]
    finally:
        server.set_clock(None)
    assert codes.count(201) == 2 * hour and codes.count(429) == 2
    ids = [g["id"] for g in listed]
    assert len(listed) == 1 + grant_limits.LISTED_ENDED
    assert fam.grant.id in ids and set(made[1]) <= set(ids)  # what runs, and the newest ended
    fam.close()
    stranger.close()

