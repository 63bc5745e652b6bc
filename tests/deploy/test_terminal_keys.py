"""§2 Terminal keys and sessions, across two server processes on one PostgreSQL database:
a revoked or rotated key, or a signed-out session, stops working at once in both."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from kinpay.client import Client
from kinpay.errors import Unauthorized
from tests.server.helpers import family, now, pay, user
from tests.servers import Postgres, ServerProcess, run_kinpay

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def two_servers(
    postgres: Postgres, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[ServerProcess, ServerProcess]]:
    # A name of its own: in a shuffled order the module's fixture may be set up again in
    # the same worker (CI at 4d8afc7: "database terminal_keys already exists").
    db = postgres.create_db(f"terminal_keys_{secrets.token_hex(4)}")
    folder = tmp_path_factory.mktemp("two")
    with pytest.MonkeyPatch.context() as env:
        # Both processes (and the commands below) share one key store, as they must.
        env.setenv("KINPAY_KEYS_DIR", str(folder / "keys"))
        a = ServerProcess(db=db, log_path=folder / "a.log").start()
        b = ServerProcess(db=db, log_path=folder / "b.log").start()
        try:
            yield a, b
        finally:
            a.stop()
            b.stop()


def _add_terminal(db: str) -> tuple[str, str]:
    out = json.loads(run_kinpay("terminal", "add", "--db", db, "--merchant", "Keys Shop",
                                "--category", "grocery").stdout)
    return out["terminal_id"], out["api_key"]


def _works(url: str, key: str) -> bool:
    with Client(url, token=key, retries=0) as c:
        try:
            c.terminal()
        except Unauthorized:
            return False
        return True


def test_rotate_then_revoke_acts_at_once_in_both_processes(
    two_servers: tuple[ServerProcess, ServerProcess]
) -> None:
    a, b = two_servers
    terminal_id, old_key = _add_terminal(a.db)
    # Both processes have just answered this key (anything cached would be warm now).
    assert _works(a.url, old_key) and _works(b.url, old_key)

    out = run_kinpay("terminal", "rotate", terminal_id, "--db", a.db)
    new_key = json.loads(out.stdout)["api_key"]
    assert new_key != old_key and new_key.startswith(old_key[:4])
    assert "only this once" in out.stderr
    # No waiting: the very next request to either process.
    assert not _works(a.url, old_key) and not _works(b.url, old_key)
    assert _works(a.url, new_key) and _works(b.url, new_key)

    fam = family(a.url)
    with Client(b.url, token=new_key) as till:
        t = now()
        assert pay(till, fam.device.code_at(t), 300).status == "approved"
    fam.close()

    run_kinpay("terminal", "revoke", terminal_id, "--db", b.db)
    assert not _works(a.url, new_key) and not _works(b.url, new_key)
    listed = json.loads(run_kinpay("terminal", "list", "--db", a.db).stdout)["terminals"]
    mine = [t for t in listed if t["terminal_id"] == terminal_id]
    assert [t["status"] for t in mine] == ["revoked"]
    assert mine[0]["key_rotated_at"] is not None and mine[0]["revoked_at"] is not None
    # A revoked terminal can't be given a new key behind the operator's back.
    again = run_kinpay("terminal", "rotate", terminal_id, "--db", a.db, check=False)
    assert again.returncode != 0 and "no active terminal" in again.stderr
    assert "Traceback" not in again.stderr


def test_unknown_terminal_is_a_clear_error(two_servers: tuple[ServerProcess, ServerProcess],
                                           tmp_path: Path) -> None:
    a, _ = two_servers
    done = run_kinpay("terminal", "revoke", "no-such-terminal", "--db", a.db, check=False)
    assert done.returncode != 0 and "no terminal no-such-terminal" in done.stderr
    assert "Traceback" not in done.stderr


def test_sign_out_acts_at_once_in_the_other_process(
    two_servers: tuple[ServerProcess, ServerProcess]
) -> None:
    a, b = two_servers
    payer = user(a.url, "payer")
    token = payer.token
    with Client(b.url, token=token) as on_b:
        assert on_b.me().role == "payer"  # process B has seen the session
        payer.request("DELETE", "/v1/sessions/current")  # sign out on process A
        with pytest.raises(Unauthorized):
            on_b.me()
    payer.close()


KEYS_POLL_S = 10.0  # a bound on the wait for a rotation to be seen (the server says ≤ 1 s)


def _key_ids(url: str) -> set[str]:
    with Client(url) as c:
        return {k.key_id for k in c.keys()}


def test_signing_key_rotation_reaches_both_processes(
    two_servers: tuple[ServerProcess, ServerProcess]
) -> None:
    import time

    a, b = two_servers
    old_fam = family(a.url)
    [old_id] = _key_ids(a.url)
    assert _key_ids(b.url) == {old_id}
    new_id = json.loads(run_kinpay("keys", "rotate", "--db", a.db).stdout)["key_id"]
    deadline = time.monotonic() + KEYS_POLL_S
    while time.monotonic() < deadline and not (
        _key_ids(a.url) == _key_ids(b.url) == {old_id, new_id}
    ):
        time.sleep(0.2)
    assert _key_ids(a.url) == _key_ids(b.url) == {old_id, new_id}
    new_fam = family(b.url)  # paired by process B after the rotation
    assert new_fam.device.cert.key_id.hex() == new_id
    _tid, key = _add_terminal(a.db)
    with Client(a.url, token=key) as till_a, Client(b.url, token=key) as till_b:
        t = now()
        assert pay(till_a, new_fam.device.code_at(t), 120).status == "approved"
        assert pay(till_b, old_fam.device.code_at(t), 130).status == "approved"
    old_fam.close()
    new_fam.close()
