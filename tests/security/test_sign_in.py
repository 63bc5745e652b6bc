"""Attacks on sign-in: 120 wrong passwords for one account in a row, and telling names that
exist from names that don't. Bound: failures are throttled per account and per client
address in the database (429 with Retry-After, across server processes and restarts); an
unknown name costs the same scrypt work as a known one and gets the same answer."""

from __future__ import annotations

import base64
import hashlib
import secrets
import statistics
import time

import httpx
import pytest

from server_stub import security
from server_stub.db import Database
from server_stub.limits import NAME_PROBES, SIGN_IN_ACCOUNT
from tests.security.conftest import PASSWORD
from tests.server.helpers import user
from tests.servers import ServerProcess

# This module's server hashes passwords as a shop's does (tests/security/conftest.py).
FULL_PASSWORD_HASHING = True


def sign_in(http: httpx.Client, url: str, name: str, password: str) -> httpx.Response:
    return http.post(f"{url}/v1/sessions", json={"name": name, "password": password})


def test_120_wrong_passwords_are_throttled_even_after_a_restart(server: ServerProcess) -> None:
    target = user(server.url, "payer")
    name = target.me().name
    with httpx.Client(timeout=30) as http:
        answers = [sign_in(http, server.url, name, f"guess-{i:04d}") for i in range(120)]
        codes = [a.status_code for a in answers]
        assert codes[: SIGN_IN_ACCOUNT.limit] == [401] * SIGN_IN_ACCOUNT.limit
        assert set(codes[SIGN_IN_ACCOUNT.limit :]) == {429}
        retry_after = int(answers[-1].headers["Retry-After"])
        assert 0 < retry_after <= SIGN_IN_ACCOUNT.lockout_s
        # The right password waits too: the attacker can't tell a hit while locked.
        assert sign_in(http, server.url, name, PASSWORD).status_code == 429
        server.stop()
        server.start()
        assert sign_in(http, server.url, name, PASSWORD).status_code == 429
        # Once the lockout has passed, the owner signs in.
        server.set_clock(int(time.time()) + SIGN_IN_ACCOUNT.lockout_s + 1)
        try:
            assert sign_in(http, server.url, name, PASSWORD).status_code == 201
        finally:
            server.set_clock(None)
    target.close()


def test_unknown_and_known_names_look_the_same(server: ServerProcess) -> None:
    owner = user(server.url, "payer")
    known = owner.me().name
    owner.close()
    timings: dict[str, list[float]] = {"known": [], "unknown": []}
    answers: dict[str, set[str]] = {"known": set(), "unknown": set()}
    ghost = f"ghost-{known}"  # a name nobody has
    ghost_codes = []
    with httpx.Client(timeout=30) as http:
        for i in range(SIGN_IN_ACCOUNT.limit + 1):
            # The first tries of each name side by side (each a full password hash); then
            # the unknown name on to its lockout, which must come as a known name's would.
            for kind, name in (("known", known), ("unknown", ghost))[0 if i < 3 else 1:]:
                started = time.perf_counter()
                r = sign_in(http, server.url, name, "wrong password")
                if i < 3:
                    timings[kind].append(time.perf_counter() - started)
                    answers[kind].add(f"{r.status_code} {r.text}")
                if kind == "unknown":
                    ghost_codes.append(r.status_code)
    assert answers["known"] == answers["unknown"] and len(answers["known"]) == 1
    assert ghost_codes == [401] * SIGN_IN_ACCOUNT.limit + [429]
    # The unknown name must cost a password hash too (without one it answered in 1 ms
    # against 54 ms, issue 11). Asserted as what makes the work equal, not as a time: the
    # hash an unknown name is checked against has the parameters of a real user's hash.
    params = lambda stored: stored.split("$")[:4]  # noqa: E731 - scheme, N, r, p
    assert params(security.dummy_hash()) == params(security.hash_password("any"))
    assert params(security.dummy_hash())[0] == "scrypt"
    ratio = statistics.median(timings["unknown"]) / statistics.median(timings["known"])
    print(f"sign-in time, unknown / known name (a figure, not a bound): {ratio:.2f}")


def test_an_old_password_hash_is_replaced_at_the_next_sign_in(server: ServerProcess) -> None:
    """Not an attack: hashes made with weaker parameters are upgraded transparently."""
    owner = user(server.url, "payer")
    name = owner.me().name
    owner.close()
    weak = _hash_with(PASSWORD, n=2**14)
    db = Database(server.db)
    conn = db.connect()
    try:
        conn.execute("UPDATE users SET pw_hash = ? WHERE name = ?", (weak, name))
        with httpx.Client(timeout=30) as http:
            assert sign_in(http, server.url, name, PASSWORD).status_code == 201
        stored = conn.scalar("SELECT pw_hash FROM users WHERE name = ?", (name,))
    finally:
        conn.close()
    assert str(stored).startswith("scrypt$131072$8$1$")
    with httpx.Client(timeout=30) as http:
        assert sign_in(http, server.url, name, PASSWORD).status_code == 201


def _hash_with(password: str, *, n: int) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=8, p=1, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${n}$8$1${b64(salt).decode()}${b64(digest).decode()}"


def test_probing_names_through_sign_up_is_throttled_even_after_a_restart(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The attacker asks to sign up names from a list, to learn from "name taken" which
    exist. Bound: after NAME_PROBES.limit such answers from one address in the window,
    every sign-up from it waits (429, Retry-After), a free name too, so the answers stop
    telling; the count is in the database. Its own server: the lock holds 127.0.0.1."""
    base = tmp_path_factory.mktemp("signup-probe")
    server = ServerProcess(db=str(base / "kinpay.db"), log_path=base / "server.log",
                           demo=False).start()
    try:
        existing = [f"member-{i:02d}-{secrets.token_hex(3)}" for i in range(NAME_PROBES.limit)]
        with httpx.Client(timeout=30) as http:
            def sign_up(name: str) -> httpx.Response:
                return http.post(f"{server.url}/v1/users", json={
                    "name": name, "password": PASSWORD, "role": "payer",
                    "timezone": "Asia/Shanghai"})

            # Accounts that exist, made before the probe: creating them counts nothing.
            assert [sign_up(n).status_code for n in existing] == [201] * len(existing)
            probe = [sign_up(n) for n in existing]  # each answered "taken", counted
            assert [a.json()["error"]["code"] for a in probe] == ["name_taken"] * len(existing)
            after = [sign_up(n) for n in (existing[0], f"free-{secrets.token_hex(4)}")]
            assert [a.status_code for a in after] == [429, 429]
            assert 0 < int(after[1].headers["Retry-After"]) <= NAME_PROBES.lockout_s
            server.stop()
            server.start()
            assert sign_up(f"free-{secrets.token_hex(4)}").status_code == 429
            server.set_clock(int(time.time()) + NAME_PROBES.lockout_s + 1)
            assert sign_up(f"free-{secrets.token_hex(4)}").status_code == 201
    finally:
        server.stop()
