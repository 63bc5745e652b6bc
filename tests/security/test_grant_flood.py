"""A stranger's free payer account gives a child allowances (attack review 35, finding 6):
no relationship between payer and delegate is needed, and nothing bounded how many. 1,000
grants from one stranger were 1,000 201s with a pairing code each, and the child's
`GET /v1/grants` answered all of them (491 KiB). Now a payer makes at most
GRANTS_PER_PAYER_HOUR grants an hour (429), a delegate holds at most OPEN_PER_DELEGATE
grants that run (OPEN_PER_PAYER_AND_DELEGATE from one payer; 409), and a delegate's list
answers the newest LISTED_RUNNING that run and the newest LISTED_ENDED that ended.

Then (session 36) the caps themselves were the hole: offers no one paired counted as the
child's places, so a few strangers' accounts filled all 20 and the child's own parent got
409 for as long as the offers ran. Places are now the allowances the child paired."""

from __future__ import annotations

import time

import httpx

from kinpay import schemas
from kinpay.client import Client
from kinpay.errors import ApiError
from server_stub import grant_limits
from tests.security.conftest import victim
from tests.server.helpers import PASSWORD, user
from tests.servers import ServerProcess


def _body(child: str) -> dict[str, object]:
    return {"delegate": child,
            "limits": {"per_payment": 100, "daily": 100, "monthly": 100}, "offline_cap": 100}


def _auth(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _events(client: Client) -> list[schemas.Event]:
    """Every event on the account's stream so far (the stream read from its start, ended
    at its first frame a second on)."""
    return list(client.events(last_id=0, until=time.monotonic() + 1))


def test_strangers_offers_are_bounded_and_take_none_of_a_childs_places(
    server: ServerProcess,
) -> None:
    """Three strangers' accounts offer the child all they may (OPEN_PER_PAYER_AND_DELEGATE
    each, then 409). None of it was paired (the child said yes to none), so the child's
    parent still gives a new allowance, and the child's list still has the parent's: before
    the offers counted as places, and two strangers' 19 offers beside the parent's one
    left the parent a 409."""
    fam = victim(server)
    child = fam.delegate.me().name
    strangers = [user(server.url, "payer") for _ in range(3)]
    made: list[int] = []
    offered: set[str] = set()
    with httpx.Client(base_url=server.url, timeout=30) as http:
        for stranger in strangers:
            answers = [http.post("/v1/grants", json=_body(child), headers=_auth(stranger.token))
                       for _ in range(grant_limits.OPEN_PER_PAYER_AND_DELEGATE + 3)]
            assert {a.status_code for a in answers} <= {201, 409}, [a.text for a in answers]
            made.append(sum(a.status_code == 201 for a in answers))
            offered |= {a.json()["id"] for a in answers if a.status_code == 201}
            refused = [a.json()["error"] for a in answers if a.status_code == 409]
            assert refused and all(r["code"] == "too_many_grants" for r in refused)
            assert "stop one before giving another" in refused[0]["message"]
        again = http.post("/v1/grants", json=_body(child), headers=_auth(fam.payer.token))
        assert again.status_code == 201, again.text
        listed = http.get("/v1/grants", headers=_auth(fam.delegate.token)).json()["grants"]
    # each stranger: exactly its share, 3 x 10 > the child's 20 places, and all were made
    assert made == [grant_limits.OPEN_PER_PAYER_AND_DELEGATE] * 3
    ids = [g["id"] for g in listed]
    assert fam.grant.id in ids  # the paired one first, whatever the offers
    assert len(listed) == 1 + grant_limits.LISTED_OFFERS  # ... then the newest offers
    assert set(ids) - {fam.grant.id} <= offered | {again.json()["id"]}
    fam.close()
    for stranger in strangers:
        stranger.close()


def test_a_child_uses_a_bounded_number_of_paired_allowances(server: ServerProcess) -> None:
    """The child's places are the allowances the child paired: past OPEN_PER_DELEGATE the
    child's tablet is told 409 `too_many_grants` when it pairs another, and a new grant is
    refused too (it could never be paired); pairing a used one again (a new tablet) is
    not a new place, and stopping one frees a place."""
    fam = victim(server)  # one paired allowance
    child = fam.delegate.me().name
    other = user(server.url, "payer")  # a second parent: one payer gives at most 10
    body = schemas.GrantCreate.model_validate(_body(child))
    paired = [fam.grant.id]
    for giver in [fam.payer] * 9 + [other] * 9:
        grant = giver.create_grant(body)
        fam.delegate.pair(grant.pairing_code)
        paired.append(grant.id)
    third = user(server.url, "payer")
    offer = third.create_grant(body)  # made while a place is free
    last = other.create_grant(body)
    fam.delegate.pair(last.pairing_code)
    paired.append(last.id)
    assert len(paired) == grant_limits.OPEN_PER_DELEGATE
    with httpx.Client(base_url=server.url, timeout=30) as http:
        refused = http.post("/v1/grants", json=_body(child), headers=_auth(third.token))
        assert refused.status_code == 409, refused.text
        assert refused.json()["error"]["code"] == "too_many_grants"
        assert "already uses" in refused.json()["error"]["message"]
        try:
            fam.delegate.pair(offer.pairing_code)
        except ApiError as exc:
            assert exc.status == 409 and exc.code == "too_many_grants", exc
        else:
            raise AssertionError("a 21st allowance was paired")
        # a new tablet for a used allowance: no new place
        fresh = http.post(f"/v1/grants/{paired[1]}/pairing", headers=_auth(fam.payer.token))
        assert fresh.status_code == 201, fresh.text
        fam.delegate.pair(fresh.json()["pairing_code"])
        stopped = http.post(f"/v1/grants/{paired[2]}/revoke", headers=_auth(fam.payer.token))
        assert stopped.status_code == 200, stopped.text
        fam.delegate.pair(offer.pairing_code)  # the place the stop freed
        listed = http.get("/v1/grants", headers=_auth(fam.delegate.token)).json()["grants"]
    running = {g["id"] for g in listed if g["status"] == "active"}
    assert running == set(paired) - {paired[2]} | {offer.id}
    for who in (fam, other, third):
        who.close()


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



def test_a_stranger_cannot_revive_offers_past_the_cap_nor_spam_the_childs_stream(
    server: ServerProcess,
) -> None:
    """Attack review 36b, finding 2: offers let run out stopped counting, and their payer
    set them running again (a loosening: the stranger's own password), so a stranger kept
    30 running offers in the first hour (cap 10), 720 a day; each change of an offer was a
    "grant" event on the child's stream (300 in 12 s). Now a revived grant passes the caps
    a new one does, and an offer's changes are its payer's news only, until it is paired."""
    fam = victim(server)
    child = fam.delegate.me().name
    stranger = user(server.url, "payer")
    cap = grant_limits.OPEN_PER_PAYER_AND_DELEGATE
    start = int(time.time())
    try:
        with httpx.Client(base_url=server.url, timeout=30) as http:
            first = [http.post("/v1/grants", json={**_body(child), "expires_at": start + 60},
                               headers=_auth(stranger.token)).json()["id"] for _ in range(cap)]
            server.set_clock(start + 120)  # they ran out
            stranger.sign_in(stranger.me().name, PASSWORD)  # a fresh proof at the new time
            more = [http.post("/v1/grants", json=_body(child), headers=_auth(stranger.token))
                    for _ in range(cap)]
            assert [r.status_code for r in more] == [201] * cap
            revived = [http.patch(f"/v1/grants/{g}", json={"expires_at": None},
                                  headers=_auth(stranger.token)) for g in first]
            for n in range(20):
                http.patch(f"/v1/grants/{more[0].json()['id']}", headers=_auth(stranger.token),
                           json={"limits": {"per_payment": 100, "daily": 100 + n,
                                            "monthly": 100}})
    finally:
        server.set_clock(None)
    assert {r.status_code for r in revived} == {409}, [r.text for r in revived]
    assert all(r.json()["error"]["code"] == "too_many_grants" for r in revived)
    offers = set(first) | {r.json()["id"] for r in more}
    heard = [e for e in _events(fam.delegate)
             if e.type == "grant" and e.data["grant"]["id"] in offers]
    assert heard == []  # offers: their payer's news alone
    fam.close()
    stranger.close()
