"""Attack: a parent's session is stolen (a phone left unlocked on the table, a laptop still
signed in: a child at home, a thief), and used after the parent last typed the password.
Before, the session alone did everything for 12 hours: a new allowance for a child account
the thief controls, a pairing code for a tablet of theirs, higher limits and offline cap,
"yes" to a sale at the till, the typed code back on. Bound: each of those acts needs the
password proven in the last 15 minutes (`POST /v1/sessions/current/reauth`, or the
sign-in itself); what only tightens (a lower limit, "no", stopping the allowance) never
waits for it. Guesses through reauth count as sign-in guesses. On SQLite and PostgreSQL,
with the server's test clock moved on as time passes."""

from __future__ import annotations

import secrets
import sqlite3
import uuid
from collections.abc import Iterator

import httpx
import psycopg
import pytest

from kinpay.client import Client
from server_stub.security import token_hash
from tests.security.conftest import Victim, fund, shop_key, victim
from tests.server.helpers import PASSWORD, db_rows, move_clock, server_now, user
from tests.servers import ServerProcess

FRESH_S = 15 * 60  # the minutes a proof lasts, as docs/security.md states them
LATER_S = FRESH_S + 1


def bearer(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}




@pytest.fixture
def stolen(server: ServerProcess) -> Iterator[Victim]:
    """A family whose parent signed in and set things up, then left the session open:
    16 minutes on, someone else holds it."""
    family = victim(server, limits=(2_000, 5_000, 50_000), offline_cap=1_000,
                    allowed_categories=["grocery", "books", "toys"], blocked_categories=["toys"],
                    windows=[{"days": [0, 1, 2, 3, 4], "start": "07:00", "end": "19:00"}],
                    expires_at=server_now(server.url) + 30 * 86400, allow_partial=False)
    move_clock(server.url, LATER_S)
    try:
        yield family
    finally:
        family.close()


@pytest.fixture
def stolen_plain(server: ServerProcess) -> Iterator[Victim]:
    """The same, with an allowance of limits only (any shop, any hour): for sales."""
    family = victim(server, limits=(2_000, 5_000, 50_000))
    move_clock(server.url, LATER_S)
    try:
        yield family
    finally:
        family.close()


def refused(r: httpx.Response) -> None:
    assert r.status_code == 403, r.text
    assert r.json()["error"]["code"] == "reauth_required"


def grant_rules(db: str, grant_id: str) -> str:
    return str(db_rows(db, "SELECT rules FROM grants WHERE id = ?", (grant_id,))[0][0])


# Each loosening the thief might try, as the change the parent's wallet would send.
LOOSER: dict[str, dict[str, object]] = {
    "per-payment limit": {"limits": {"per_payment": 2_500, "daily": 5_000, "monthly": 50_000}},
    "daily limit": {"limits": {"per_payment": 2_000, "daily": 9_000, "monthly": 50_000}},
    "monthly limit": {"limits": {"per_payment": 2_000, "daily": 5_000, "monthly": 90_000}},
    "offline cap": {"offline_cap": 1_500},
    "every category": {"clear_allowed_categories": True},
    "one more category": {"allowed_categories": ["grocery", "books", "toys", "games"]},
    "toys unblocked": {"blocked_categories": []},
    "no time windows": {"windows": []},
    "Saturday too": {"windows": [{"days": [0, 1, 2, 3, 4, 5], "start": "07:00",
                                  "end": "19:00"}]},
    "an hour later": {"windows": [{"days": [0, 1, 2, 3, 4], "start": "07:00",
                                   "end": "20:00"}]},
    "a later end": {"expires_at": 4_102_444_800},
    "no end": {"expires_at": None},
    "partial approvals": {"allow_partial": True},
}

# And what only tightens: never held back.
TIGHTER: dict[str, dict[str, object]] = {
    "lower limits": {"limits": {"per_payment": 1_000, "daily": 3_000, "monthly": 40_000}},
    "lower offline cap": {"offline_cap": 500},
    "fewer categories": {"allowed_categories": ["grocery"]},
    "books blocked too": {"blocked_categories": ["toys", "books"]},
    "shorter hours": {"windows": [{"days": [0, 1, 2], "start": "08:00", "end": "17:00"}]},
}


def test_a_stale_session_cannot_add_spending_power(
    server: ServerProcess, stolen: Victim
) -> None:
    url, token = server.url, stolen.payer.token
    grant_id = stolen.grant.id
    thiefs_child = user(url, "delegate")
    with httpx.Client(timeout=30, headers=bearer(token)) as http:
        before = grant_rules(server.db, grant_id)
        grants_before = len(http.get(f"{url}/v1/grants").json()["grants"])

        refused(http.post(f"{url}/v1/grants", json={
            "delegate": thiefs_child.me().name,
            "limits": {"per_payment": 2_000, "daily": 5_000, "monthly": 50_000}}))
        for change in LOOSER.values():
            refused(http.patch(f"{url}/v1/grants/{grant_id}", json=change))
        refused(http.post(f"{url}/v1/grants/{grant_id}/pairing"))
        refused(http.post(f"{url}/v1/grants/{grant_id}/numeric-unlock"))

        # Nothing of it happened: no new grant, the rules as the parent left them, no
        # pairing code waiting for a tablet (the set-up's was used).
        assert len(http.get(f"{url}/v1/grants").json()["grants"]) == grants_before
        assert grant_rules(server.db, grant_id) == before
        assert db_rows(server.db, "SELECT pairing_hash FROM grants WHERE id = ?",
                       (grant_id,)) == [(None,)]
    thiefs_child.close()


def test_tightening_never_waits_for_the_password(server: ServerProcess, stolen: Victim) -> None:
    url, grant_id = server.url, stolen.grant.id
    with httpx.Client(timeout=30, headers=bearer(stolen.payer.token)) as http:
        ends = http.get(f"{url}/v1/grants/{grant_id}").json()["expires_at"]
        earlier = {"an earlier end": {"expires_at": ends - 86_400}}
        for name, change in {**TIGHTER, **earlier}.items():
            r = http.patch(f"{url}/v1/grants/{grant_id}", json=change)
            assert r.status_code == 200, (name, r.text)
        grant = http.get(f"{url}/v1/grants/{grant_id}").json()
        assert grant["limits"] == {"per_payment": 1_000, "daily": 3_000, "monthly": 40_000}
        assert grant["offline_cap"] == 500 and grant["expires_at"] == ends - 86_400
        assert grant["allowed_categories"] == ["grocery"]
        assert grant["blocked_categories"] == ["toys", "books"]
        r = http.post(f"{url}/v1/grants/{grant_id}/revoke")
        assert r.status_code == 200 and r.json()["status"] == "revoked"


def test_the_password_again_opens_them_for_fifteen_minutes(
    server: ServerProcess, stolen: Victim
) -> None:
    url, grant_id = server.url, stolen.grant.id
    raise_daily = LOOSER["daily limit"]
    with httpx.Client(timeout=30, headers=bearer(stolen.payer.token)) as http:
        wrong = http.post(f"{url}/v1/sessions/current/reauth", json={"password": "not it"})
        assert wrong.status_code == 403 and wrong.json()["error"]["code"] == "wrong_password"
        refused(http.patch(f"{url}/v1/grants/{grant_id}", json=raise_daily))

        assert http.post(f"{url}/v1/sessions/current/reauth",
                         json={"password": PASSWORD}).status_code == 204
        r = http.patch(f"{url}/v1/grants/{grant_id}", json=raise_daily)
        assert r.status_code == 200 and r.json()["limits"]["daily"] == 9_000
        pairing = http.post(f"{url}/v1/grants/{grant_id}/pairing")
        assert pairing.status_code == 201 and pairing.json()["pairing_code"]

        move_clock(url, FRESH_S - 60)  # 14 minutes on: still proven
        r = http.patch(f"{url}/v1/grants/{grant_id}", json=LOOSER["offline cap"])
        assert r.status_code == 200 and r.json()["offline_cap"] == 1_500

        move_clock(url, 120)  # 16 minutes after the proof: asked again
        refused(http.patch(f"{url}/v1/grants/{grant_id}", json=LOOSER["monthly limit"]))

        # The parent signing in again elsewhere (a fresh proof there) proves nothing here.
        with Client(url) as elsewhere:
            elsewhere.sign_in(stolen.payer.me().name, PASSWORD)
            assert elsewhere.new_pairing(grant_id).pairing_code
        refused(http.patch(f"{url}/v1/grants/{grant_id}", json=LOOSER["monthly limit"]))


def test_a_fresh_sign_in_needs_no_second_proof(server: ServerProcess) -> None:
    """The parent who has just signed in (typed the password) is not asked again."""
    family = victim(server)
    try:
        with httpx.Client(timeout=30, headers=bearer(family.payer.token)) as http:
            r = http.patch(f"{server.url}/v1/grants/{family.grant.id}",
                           json={"limits": {"per_payment": 6_000, "daily": 12_000,
                                            "monthly": 100_000}})
            assert r.status_code == 200, r.text
    finally:
        family.close()


def test_yes_at_the_till_needs_the_password_no_does_not(
    server: ServerProcess, stolen_plain: Victim
) -> None:
    """The child holds the parent's unlocked phone and says "yes" to their own sale."""
    url, stolen = server.url, stolen_plain
    key = shop_key(server)
    with httpx.Client(timeout=30) as http:
        def ask(amount: int) -> str:
            now = server_now(url)
            code = stolen.device.code_at(now)
            stolen.device.bump(now)
            r = http.post(f"{url}/v1/payments", headers={
                **bearer(key), "Idempotency-Key": uuid.uuid4().hex}, json={
                "code": code, "amount": amount, "currency": "CNY"})
            assert r.status_code == 201 and r.json()["decline_code"] == "limit_per_payment"
            asked = http.post(f"{url}/v1/approvals", headers=bearer(key),
                              json={"payment_id": r.json()["id"]})
            assert asked.status_code == 201, asked.text
            return str(asked.json()["id"])

        first, second = ask(3_000), ask(3_500)
        parent = bearer(stolen.payer.token)
        refused(http.post(f"{url}/v1/approvals/{first}/answer", headers=parent,
                          json={"allow": True}))
        assert http.get(f"{url}/v1/approvals/{first}",
                        headers=bearer(key)).json()["status"] == "pending"
        no = http.post(f"{url}/v1/approvals/{second}/answer", headers=parent,
                       json={"allow": False})
        assert no.status_code == 200 and no.json()["status"] == "refused"

        assert http.post(f"{url}/v1/sessions/current/reauth", headers=parent,
                         json={"password": PASSWORD}).status_code == 204
        yes = http.post(f"{url}/v1/approvals/{first}/answer", headers=parent,
                        json={"allow": True})
        assert yes.status_code == 200 and yes.json()["status"] == "allowed"


def test_guessing_through_reauth_is_a_sign_in_guess(server: ServerProcess) -> None:
    """A thief holding the session and guessing the password gets a sign-in's 10 guesses,
    and then the name is locked for sign-in too."""
    name = f"payer-{secrets.token_hex(4)}"
    owner = user(server.url, "payer", name)
    fund(server.db, name, "10.00")
    with httpx.Client(timeout=30, headers=bearer(owner.token)) as http:
        answers = [http.post(f"{server.url}/v1/sessions/current/reauth",
                             json={"password": f"guess {i}"}).status_code for i in range(12)]
        assert answers[:10] == [403] * 10 and answers[10:] == [429, 429]
        # Even the right password is refused now, here and at sign-in.
        assert http.post(f"{server.url}/v1/sessions/current/reauth",
                         json={"password": PASSWORD}).status_code == 429
    r = httpx.post(f"{server.url}/v1/sessions", json={"name": name, "password": PASSWORD})
    assert r.status_code == 429
    owner.close()


def test_a_session_from_before_the_upgrade_proves_it_again(
    server: ServerProcess
) -> None:
    """Sessions started before this release have no proof recorded (NULL): asked."""
    family = victim(server)
    try:
        db_write(server.db, "UPDATE sessions SET proved_at = NULL WHERE token_hash = ?",
                      (token_hash(str(family.payer.token)),))
        with httpx.Client(timeout=30, headers=bearer(family.payer.token)) as http:
            refused(http.post(f"{server.url}/v1/grants/{family.grant.id}/pairing"))
            assert http.get(f"{server.url}/v1/me").status_code == 200  # still signed in
    finally:
        family.close()


def db_write(db: str, sql: str, params: tuple[object, ...]) -> None:
    if db.startswith("postgresql://"):
        with psycopg.connect(db) as conn:
            conn.execute(sql.replace("?", "%s"), params)
        return
    conn_ = sqlite3.connect(db)
    try:
        with conn_:
            conn_.execute(sql, params)
    finally:
        conn_.close()


def test_a_clock_set_back_a_little_keeps_a_fresh_proof(server: ServerProcess) -> None:
    """Found in a fresh-clone run: a test clock set a second behind the sign-in's made the
    sign-in's own proof "not yet", and a new allowance was refused (so would a server
    clock corrected back). A proof up to the window ahead still counts."""
    family = victim(server)
    try:
        move_clock(server.url, -60)
        with httpx.Client(timeout=30, headers=bearer(family.payer.token)) as http:
            r = http.post(f"{server.url}/v1/grants/{family.grant.id}/pairing")
            assert r.status_code == 201, r.text
    finally:
        family.close()
        move_clock(server.url, 60)
