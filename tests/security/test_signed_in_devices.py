"""Attack and defence: a parent's phone is lost, or a laptop left signed in (a child at
home, a thief holds it). Before, the parent could only end every session at once and could
not see which were open. Now `GET /v1/sessions` lists the account's devices (what each
called itself, where it signed in from, when, when last used) and `DELETE
/v1/sessions/{id}` ends one: the device ended is told why (401 `signed_out_remotely`) and
its open event stream ends. The one holding a stolen session can't use this to sign the
parent's other devices out and keep its own (that needs the password proven in the last
15 minutes), nor reach another account's sessions. On SQLite and PostgreSQL."""

from __future__ import annotations

import secrets

import httpx
import pytest

from kinpay.client import Client
from kinpay.client_sessions import session_tag
from tests.security.test_stolen_session import open_stream, rest_of
from tests.server.helpers import PASSWORD, db_rows, move_clock, server_now, user
from tests.servers import ServerProcess

LATER_S = 15 * 60 + 1  # past the minutes a password proof lasts (docs/security.md)
SEEN_EVERY_S = 5 * 60  # "last used" is marked to within this (docs/security.md)


def bearer(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def sign_in(url: str, name: str, device: str) -> Client:
    client = Client(url)
    client.sign_in(name, PASSWORD, device=device)
    return client


def listed(client: Client) -> dict[str, dict[str, object]]:
    """The account's devices as `client` sees them, by id."""
    r = httpx.get(f"{client.base_url}/v1/sessions", headers=bearer(client.token))
    assert r.status_code == 200, r.text
    return {s["id"]: s for s in r.json()["sessions"]}


def end(client: Client, session_id: str) -> httpx.Response:
    return httpx.delete(f"{client.base_url}/v1/sessions/{session_id}",
                        headers=bearer(client.token))


def code(r: httpx.Response) -> str:
    return str(r.json()["error"]["code"])


def three_devices(server: ServerProcess) -> tuple[str, Client, Client, Client]:
    """One parent signed in on a phone, a laptop and a tablet."""
    name = f"parent-{secrets.token_hex(4)}"
    user(server.url, "payer", name).close()
    return (name, sign_in(server.url, name, "Mei's phone"),
            sign_in(server.url, name, "kitchen laptop · Ubuntu 24.04"),
            sign_in(server.url, name, "tablet"))


def test_the_list_says_what_each_device_is_and_which_is_this_one(
        server: ServerProcess) -> None:
    started = server_now(server.url)
    _name, phone, laptop, tablet = three_devices(server)
    first = user(server.url, "payer")  # another account: not in this one's list
    mine = listed(phone)
    # The user() helper's own sign-in (no device name) and the three named ones.
    devices = sorted(str(s["device"]) for s in mine.values())
    assert devices == ["", "Mei's phone", "kitchen laptop · Ubuntu 24.04", "tablet"]
    assert session_tag(str(phone.token)) in mine  # listed by its sign-in event's tag
    assert [s["device"] for s in mine.values() if s["current"]] == ["Mei's phone"]
    assert [s["device"] for s in listed(laptop).values() if s["current"]] == [
        "kitchen laptop · Ubuntu 24.04"]
    for s in mine.values():
        assert s["address"] == "127.0.0.1"
        assert started <= int(str(s["started_at"])) <= server_now(server.url)
        assert int(str(s["expires_at"])) == int(str(s["started_at"])) + 12 * 3600
    assert session_tag(str(first.token)) not in mine
    for c in (phone, laptop, tablet, first):
        c.close()


def test_the_parent_signs_the_lost_laptop_out_and_keeps_the_rest(
        server: ServerProcess) -> None:
    _name, phone, laptop, tablet = three_devices(server)
    laptop_id = session_tag(str(laptop.token))
    with open_stream(server.url, laptop.token) as laptops_stream:
        r = end(phone, laptop_id)  # the phone signed in just now: its password is fresh
        assert r.status_code == 204, r.text
        # The laptop's open stream ends; its next request says why.
        assert rest_of(laptops_stream) == []
    me = httpx.get(f"{server.url}/v1/me", headers=bearer(laptop.token))
    assert me.status_code == 401 and code(me) == "signed_out_remotely"
    assert laptop_id not in listed(phone)
    # The phone and the tablet are still signed in.
    for c in (phone, tablet):
        assert httpx.get(f"{server.url}/v1/me", headers=bearer(c.token)).status_code == 200
    # Ending it again: it has ended already.
    again = end(phone, laptop_id)
    assert again.status_code == 404 and code(again) == "no_such_session"
    for c in (phone, laptop, tablet):
        c.close()


def test_a_stolen_session_cannot_sign_the_parents_other_devices_out(
        server: ServerProcess) -> None:
    """The thief holds the laptop, long after the parent last typed the password there: it
    may not end the parent's phone (keeping itself as the only way in)."""
    _name, phone, laptop, tablet = three_devices(server)
    move_clock(server.url, LATER_S)
    for victim in (phone, tablet):
        r = end(laptop, session_tag(str(victim.token)))
        assert r.status_code == 403 and code(r) == "reauth_required", r.text
        assert httpx.get(f"{server.url}/v1/me", headers=bearer(victim.token)).status_code == 200
    # The parent, on the phone, proves the password and signs the laptop out.
    phone.reauth(PASSWORD)
    assert end(phone, session_tag(str(laptop.token))).status_code == 204
    gone = httpx.get(f"{server.url}/v1/me", headers=bearer(laptop.token))
    assert gone.status_code == 401 and code(gone) == "signed_out_remotely"
    # Any session may end itself by its id without the password (a sign-out).
    assert end(tablet, session_tag(str(tablet.token))).status_code == 204
    assert httpx.get(f"{server.url}/v1/me", headers=bearer(tablet.token)).status_code == 401
    for c in (phone, laptop, tablet):
        c.close()


def test_another_accounts_sessions_are_out_of_reach(server: ServerProcess) -> None:
    """The child's account (or any other) can't end the parent's sessions, even with its
    own password fresh, nor see them: another account's session is unknown, as one that
    never was."""
    _name, phone, laptop, tablet = three_devices(server)
    child = user(server.url, "delegate")
    other_parent = user(server.url, "payer")
    for stranger in (child, other_parent):
        r = end(stranger, session_tag(str(phone.token)))
        assert r.status_code == 404 and code(r) == "no_such_session"
        assert session_tag(str(phone.token)) not in listed(stranger)
        r = end(phone, session_tag(str(stranger.token)))
        assert r.status_code == 404 and code(r) == "no_such_session"
    assert httpx.get(f"{server.url}/v1/me", headers=bearer(phone.token)).status_code == 200
    for c in (phone, laptop, tablet, child, other_parent):
        c.close()


@pytest.mark.parametrize("session_id", [
    "..%2Fsessions", "x" * 33, "ABCDEF012345", "0123 456", "%00", "current%2F..",
])
def test_a_hostile_session_id_is_refused_cleanly(server: ServerProcess,
                                                  session_id: str) -> None:
    _name, phone, laptop, tablet = three_devices(server)
    r = end(phone, session_id)
    assert r.status_code in (400, 404, 422), r.text
    assert "error" in r.json()
    assert len(listed(phone)) == 4  # nothing ended
    for c in (phone, laptop, tablet):
        c.close()


@pytest.mark.parametrize("device", [
    "Mum\u202eenohp",  # a right-to-left override: reads as another name
    "phone\u200b",  # a zero-width space
    "line\nbreak",
    "x" * 65,
])
def test_a_device_name_that_would_not_show_as_it_is_is_refused(
        server: ServerProcess, device: str) -> None:
    name = f"parent-{secrets.token_hex(4)}"
    user(server.url, "payer", name).close()
    r = httpx.post(f"{server.url}/v1/sessions",
                   json={"name": name, "password": PASSWORD, "device": device})
    assert r.status_code == 422, r.text


def test_last_used_follows_use_to_within_minutes(server: ServerProcess, db_url: str) -> None:
    _name, phone, laptop, tablet = three_devices(server)
    laptop_id = session_tag(str(laptop.token))
    before = int(str(listed(phone)[laptop_id]["seen_at"]))
    # Used again within the minutes: not written again.
    move_clock(server.url, 60)
    httpx.get(f"{server.url}/v1/me", headers=bearer(laptop.token)).raise_for_status()
    assert int(str(listed(phone)[laptop_id]["seen_at"])) == before
    # Used past them: marked with the server's time of that use.
    used = move_clock(server.url, SEEN_EVERY_S)
    httpx.get(f"{server.url}/v1/me", headers=bearer(laptop.token)).raise_for_status()
    assert int(str(listed(phone)[laptop_id]["seen_at"])) == used
    stored = db_rows(db_url, "SELECT seen_at FROM sessions WHERE tag = ?", (laptop_id,))
    assert stored == [(used,)]
    # The asking device first, then the most recently used.
    assert list(listed(phone))[:2] == [session_tag(str(phone.token)), laptop_id]
    assert list(listed(laptop))[:2] == [laptop_id, session_tag(str(phone.token))]
    for c in (phone, laptop, tablet):
        c.close()
