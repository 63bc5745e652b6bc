"""The payment route remembers terminals (server_stub/auth.py, TerminalCache) and has the key
checked again inside each payment's transaction. Two server processes on one database,
both with the terminal remembered: a rotated or revoked key, or a shop whose category
changed, acts on the very next payment in each of them."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator

import httpx
import pytest

from kinpay.client import Client, new_idempotency_key
from kinpay.errors import Unauthorized
from tests.server.helpers import Family, family, now, pay, payer_balance
from tests.servers import ServerProcess, run_kinpay


@pytest.fixture(scope="module")
def two(db_url: str, tmp_path_factory: pytest.TempPathFactory
        ) -> Iterator[tuple[ServerProcess, ServerProcess]]:
    folder = tmp_path_factory.mktemp("cache")
    # Both processes sign and check codes with one key store, as they must.
    env = {"KINPAY_KEYS_DIR": str(folder / "keys")}
    a = ServerProcess(db=db_url, log_path=folder / "a.log", env=env).start()
    try:
        b = ServerProcess(db=db_url, log_path=folder / "b.log", env=env).start()
        try:
            yield a, b
        finally:
            b.stop()
    finally:
        a.stop()


def _add(db: str, merchant: str, category: str, *more: str) -> tuple[str, str]:
    out = json.loads(run_kinpay("terminal", "add", "--db", db, "--merchant", merchant,
                                "--category", category, *more).stdout)
    return out["terminal_id"], out["api_key"]


def _code(fam: Family) -> str:
    """A fresh code: the tablet moves on after each one."""
    t = now()
    code = fam.device.code_at(t)
    fam.device.bump(t)
    return code


def _raw_pay(url: str, key: str, idem: str, body: bytes, content_type: str) -> httpx.Response:
    return httpx.post(f"{url}/v1/payments", content=body, timeout=10.0, headers={
        "Authorization": f"Bearer {key}", "Content-Type": content_type, "Idempotency-Key": idem})


def test_rotated_and_revoked_keys_stop_paying_at_once_in_every_process(
    two: tuple[ServerProcess, ServerProcess],
) -> None:
    a, b = two
    terminal_id, old_key = _add(a.db, f"cache-{secrets.token_hex(3)}", "grocery")
    fam = family(a.url)
    start = payer_balance(fam)
    paid = 0
    kept_key = new_idempotency_key()  # a's payment: asked again with the old key below
    for server in (a, b):  # both processes now remember the terminal
        with Client(server.url, token=old_key) as till:
            key = kept_key if server is a else new_idempotency_key()
            got = pay(till, _code(fam), 100, key=key)
            assert (got.status, got.decline_code) == ("approved", None)
            paid += 100

    new_key = json.loads(run_kinpay("terminal", "rotate", terminal_id, "--db", b.db).stdout)[
        "api_key"]
    for server in (a, b):
        with Client(server.url, token=old_key, retries=0) as till:
            with pytest.raises(Unauthorized):
                pay(till, _code(fam), 100)
            # Not even the answer to an earlier request is given again for the old key.
            with pytest.raises(Unauthorized):
                pay(till, _code(fam), 100, key=kept_key)
        # A malformed request with the old key is refused for its key, as before caching.
        bad = _raw_pay(server.url, old_key, new_idempotency_key(), b"x", "text/plain")
        assert bad.status_code == 401, bad.text
        with Client(server.url, token=new_key) as till:
            assert pay(till, _code(fam), 100).status == "approved"
            paid += 100
        # With a key that works the same request is refused for its form.
        bad = _raw_pay(server.url, new_key, new_idempotency_key(), b"x", "text/plain")
        assert bad.status_code == 415, bad.text

    run_kinpay("terminal", "revoke", terminal_id, "--db", a.db)
    for server in (a, b):
        with Client(server.url, token=new_key, retries=0) as till:
            with pytest.raises(Unauthorized):
                pay(till, _code(fam), 100)
    # Only the approved payments moved money: the refused ones changed nothing.
    assert payer_balance(fam) == start - paid
    fam.close()


def test_a_shops_new_category_applies_to_the_next_payment_in_every_process(
    two: tuple[ServerProcess, ServerProcess],
) -> None:
    a, b = two
    shop = f"cache-{secrets.token_hex(3)}"
    _tid, key = _add(a.db, shop, "grocery")
    fam = family(a.url, blocked_categories=["toys"])
    for server in (a, b):
        with Client(server.url, token=key) as till:
            assert pay(till, _code(fam), 100).status == "approved"
    # Another till for the same shop, registered as a toy shop: the shop's category changes.
    _add(a.db, shop, "toys", "--change-category")
    for server in (a, b):
        with Client(server.url, token=key) as till:
            declined = pay(till, _code(fam), 100)
            assert (declined.status, declined.decline_code) == ("declined", "category_blocked")
    fam.close()
