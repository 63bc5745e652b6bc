"""Attack: a parent's session is stolen (a phone left unlocked, a laptop), here a second
sign-in of the same parent. Before, it did everything for up to 12 hours, and the parent had
no way to end it: no new password, no "sign out everywhere" (404/405). Bound: a new password
ends every other session of the account at once (its next request is 401, its open event
stream ends, a new one is refused), the parent's own session stays; signing out everywhere
ends them all, for a parent and for a child. The current password is throttled as a
sign-in is. On SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from kinpay.client import Client
from kinpay.client_sessions import session_tag
from server_stub.limits import SIGN_IN_ACCOUNT
from tests.server.helpers import PASSWORD, user
from tests.servers import ServerProcess, run_kinpay

NEW_PASSWORD = "a new password, long enough"
# The server pings an idle stream every 15 s: a read that waits longer than this for a
# line means the stream stayed open.
STREAM_READ_S = 10.0


def bearer(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def sign_in(http: httpx.Client, url: str, name: str, password: str) -> httpx.Response:
    return http.post(f"{url}/v1/sessions", json={"name": name, "password": password})


def change_password(http: httpx.Client, url: str, token: str | None, current: str,
                    new: str) -> httpx.Response:
    return http.post(f"{url}/v1/me/password", headers=bearer(token),
                     json={"current_password": current, "new_password": new})


def parent_and_thief(server: ServerProcess, role: str = "payer") -> tuple[Client, Client, str]:
    """The owner's session and the thief's: a second sign-in of the same account."""
    name = f"{role}-{secrets.token_hex(4)}"
    owner = user(server.url, role, name)
    thief = Client(server.url)
    thief.sign_in(name, PASSWORD)
    return owner, thief, name


@contextmanager
def open_stream(url: str, token: str | None) -> Iterator[Iterator[str]]:
    """An open event stream's lines, after its opening frame."""
    timeout = httpx.Timeout(10.0, read=STREAM_READ_S)
    with httpx.Client(timeout=timeout) as http, http.stream(
        "GET", f"{url}/v1/events", headers=bearer(token)) as r:
        assert r.status_code == 200
        lines = r.iter_lines()
        assert next(lines) == "retry: 1000"  # the opening frame: the stream is live
        yield lines


def rest_of(lines: Iterator[str]) -> list[str]:
    """The events the stream still sends, up to its end (httpx.ReadTimeout if it stays
    open)."""
    return [line for line in lines if line.startswith("event:")]


def test_a_new_password_ends_the_thiefs_session_and_stream(server: ServerProcess) -> None:
    owner, thief, name = parent_and_thief(server)
    with httpx.Client(timeout=30) as http, open_stream(server.url, thief.token) as stolen:
        assert http.get(f"{server.url}/v1/me", headers=bearer(thief.token)).status_code == 200
        r = change_password(http, server.url, owner.token, PASSWORD, NEW_PASSWORD)
        assert r.status_code == 204
        # The thief's open stream ends (no event of the account's reaches it), ...
        assert rest_of(stolen) == []
        # ... its next request is 401 (saying why), and a new stream is refused.
        me = http.get(f"{server.url}/v1/me", headers=bearer(thief.token))
        assert me.status_code == 401 and me.json()["error"]["code"] == "password_changed"
        grants = http.get(f"{server.url}/v1/grants", headers=bearer(thief.token))
        assert grants.status_code == 401
        again = http.get(f"{server.url}/v1/events", headers=bearer(thief.token))
        assert again.status_code == 401
        # The parent's own session stays, and its stream opens.
        mine = http.get(f"{server.url}/v1/me", headers=bearer(owner.token))
        assert mine.status_code == 200 and mine.json()["name"] == name
        with open_stream(server.url, owner.token):
            pass
        # The old password no longer signs in; the new one does.
        assert sign_in(http, server.url, name, PASSWORD).status_code == 401
        assert sign_in(http, server.url, name, NEW_PASSWORD).status_code == 201
    owner.close()
    thief.close()


def test_a_wrong_current_password_changes_nothing_and_is_throttled(
    server: ServerProcess,
) -> None:
    owner, thief, name = parent_and_thief(server)
    with httpx.Client(timeout=30) as http:
        # The thief holds the session but not the password.
        r = change_password(http, server.url, thief.token, "a guess at it", NEW_PASSWORD)
        assert r.status_code == 403 and r.json()["error"]["code"] == "wrong_password"
        assert http.get(f"{server.url}/v1/me", headers=bearer(owner.token)).status_code == 200
        assert http.get(f"{server.url}/v1/me", headers=bearer(thief.token)).status_code == 200
        assert sign_in(http, server.url, name, NEW_PASSWORD).status_code == 401
        assert sign_in(http, server.url, name, PASSWORD).status_code == 201  # clears the count
        # Counted as failed sign-ins: the limit's worth of guesses (the one above is the
        # session's first; a sign-in's success clears the name's count, not the session's)
        # locks the thief's session, for the right password too.
        codes = [change_password(http, server.url, thief.token, f"guess-{i}",
                                 NEW_PASSWORD).status_code
                 for i in range(SIGN_IN_ACCOUNT.limit)]
        assert codes == [403] * (SIGN_IN_ACCOUNT.limit - 1) + [429]
        locked = change_password(http, server.url, thief.token, PASSWORD, NEW_PASSWORD)
        assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
        # Not the owner's own session (row 63): the owner changes the password, and that
        # ends the thief's session.
        mine = change_password(http, server.url, owner.token, PASSWORD, NEW_PASSWORD)
        assert mine.status_code == 204, mine.text
        assert http.get(f"{server.url}/v1/me", headers=bearer(thief.token)).status_code == 401
        server.set_clock(int(time.time()) + SIGN_IN_ACCOUNT.lockout_s + 1)
        try:
            assert sign_in(http, server.url, name, NEW_PASSWORD).status_code == 201
            assert sign_in(http, server.url, name, PASSWORD).status_code == 401
        finally:
            server.set_clock(None)
    owner.close()
    thief.close()


def test_a_new_password_meets_the_sign_up_rules(server: ServerProcess) -> None:
    owner, thief, name = parent_and_thief(server)
    with httpx.Client(timeout=30) as http:
        for new in ("short", "x" * 129, None):
            r = change_password(http, server.url, owner.token, PASSWORD, new)  # type: ignore[arg-type]
            assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"
        assert http.get(f"{server.url}/v1/me", headers=bearer(thief.token)).status_code == 200
        assert sign_in(http, server.url, name, PASSWORD).status_code == 201
        # Without a session: 401, nothing changed.
        r = change_password(http, server.url, "kps_made_up", PASSWORD, NEW_PASSWORD)
        assert r.status_code == 401
        assert sign_in(http, server.url, name, PASSWORD).status_code == 201
    owner.close()
    thief.close()


def test_signing_out_everywhere_ends_every_session(server: ServerProcess) -> None:
    for role in ("payer", "delegate"):
        owner, thief, name = parent_and_thief(server, role)
        bystander = user(server.url, role)  # another account's session is not touched
        with httpx.Client(timeout=30) as http, open_stream(server.url, thief.token) as stolen:
            r = http.delete(f"{server.url}/v1/sessions", headers=bearer(owner.token))
            assert r.status_code == 204
            assert rest_of(stolen) == []
            for token in (owner.token, thief.token):
                assert http.get(f"{server.url}/v1/me", headers=bearer(token)).status_code == 401
                assert http.get(f"{server.url}/v1/events",
                                headers=bearer(token)).status_code == 401
            assert http.get(f"{server.url}/v1/me",
                            headers=bearer(bystander.token)).status_code == 200
            # The password stays: the owner signs in again.
            assert sign_in(http, server.url, name, PASSWORD).status_code == 201
        for c in (owner, thief, bystander):
            c.close()


def test_the_owner_hears_of_another_sign_in_at_once(server: ServerProcess) -> None:
    """The thief with the password is seen as they get in: the owner's open stream gets the
    sign-in, with the address it came from and a tag of its session that is not the owner's
    (the owner's wallet shows it, and may then change the password: the test above). The
    tag is neither the token nor the hash the server keeps of it. Nobody else hears of it."""
    name = f"payer-{secrets.token_hex(4)}"
    with user(server.url, "payer", name) as owner, user(server.url, "payer") as bystander, \
            Client(server.url) as thief:
        heard(owner, bystander, thief, name)


def heard(owner: Client, bystander: Client, thief: Client, name: str) -> None:
    with open_stream(owner.base_url, owner.token) as owners:
        thief.sign_in(name, PASSWORD)
        assert thief.token is not None and owner.token is not None
        kind, data = next_event(owners)
    assert kind == "account"
    assert data == {"kind": "signed_in", "session": session_tag(thief.token),
                    "address": "127.0.0.1"}
    tag = str(data["session"])
    assert tag != session_tag(owner.token) and len(tag) == 12
    assert tag not in thief.token
    assert tag not in hashlib.sha256(thief.token.encode()).hexdigest()  # the stored hash
    # The bystander's whole history: their own sign-in, and nothing of the owner's account.
    # All the stream holds: what it sends in 4 s (its pings end the read after that).
    seen = list(bystander.events(last_id=0, until=time.monotonic() + 4))
    assert [(e.type, e.data.get("session")) for e in seen] == [
        ("account", session_tag(bystander.token or ""))]


def next_event(lines: Iterator[str]) -> tuple[str, dict[str, object]]:
    """The next event on an open stream: its type and data."""
    for line in lines:
        if line.startswith("data:"):
            event = json.loads(line.removeprefix("data:"))
            return str(event["type"]), dict(event["data"])
    raise AssertionError("the stream ended without an event")


def code_of(http: httpx.Client, url: str, token: str | None) -> tuple[int, str]:
    r = http.get(f"{url}/v1/me", headers=bearer(token))
    return r.status_code, (r.json()["error"]["code"] if r.status_code >= 400 else "")


def test_a_thief_who_changed_the_password_is_undone_by_the_operator(
    server: ServerProcess,
) -> None:
    """The thief changes the password. Before, the parent's devices were only "signed out"
    (the same 401 as an expired session) and the parent was locked out for good: no reset
    anywhere. Now each of the parent's devices is told its session ended because the
    password was changed elsewhere (401 `password_changed`); the operator's `kinpay user
    reset-password` gives the account a new password (printed once), signs everyone out
    (the thief's device is told `password_reset`) and the parent signs in with it; the
    thief's password no longer works. Signing out everywhere is told as such."""
    owner, thief, name = parent_and_thief(server)
    laptop = Client(server.url)
    laptop.sign_in(name, PASSWORD)
    try:
        with httpx.Client(timeout=30) as http:
            assert change_password(http, server.url, thief.token, PASSWORD,
                                   NEW_PASSWORD).status_code == 204
            for device in (owner, laptop):
                assert code_of(http, server.url, device.token) == (401, "password_changed")
            assert sign_in(http, server.url, name, PASSWORD).status_code == 401
            assert code_of(http, server.url, thief.token) == (200, "")

            out = run_kinpay("user", "reset-password", "--db", server.db, "--name", name)
            reset = json.loads(out.stdout)
            assert reset["name"] == name and reset["sessions_ended"] == 1
            assert len(reset["password"]) >= 16
            assert code_of(http, server.url, thief.token) == (401, "password_reset")
            assert sign_in(http, server.url, name, NEW_PASSWORD).status_code == 401
            back = sign_in(http, server.url, name, reset["password"])
            assert back.status_code == 201
            token = back.json()["token"]
            assert code_of(http, server.url, token) == (200, "")

            # Signing out everywhere, from a second device: the first is told so.
            other = sign_in(http, server.url, name, reset["password"]).json()["token"]
            gone = http.delete(f"{server.url}/v1/sessions", headers=bearer(other))
            assert gone.status_code == 204
            assert code_of(http, server.url, token) == (401, "signed_out_everywhere")
            # A token the server never gave is only "not signed in".
            assert code_of(http, server.url, "kps_" + secrets.token_urlsafe(32)) == (
                401, "unauthorized")
    finally:
        for client in (owner, thief, laptop):
            client.close()


def test_resetting_a_name_that_does_not_exist_changes_nothing(server: ServerProcess) -> None:
    out = run_kinpay("user", "reset-password", "--db", server.db, "--name", "nobody-here",
                     check=False)
    assert out.returncode == 2 and out.stdout == ""
    assert "no account named 'nobody-here'" in out.stderr
