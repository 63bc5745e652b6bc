"""Attacks on the trust boundary (issue 11), run the way an attacker would: over HTTP against a
real `kinpay server` on 127.0.0.1, started as a shop runs it (no demo mode), on SQLite and on
PostgreSQL. Money comes in only through the operator's `kinpay fund`."""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from kinpay import schemas
from kinpay.client import Client
from kinpay.device import Device
from tests.server.helpers import PASSWORD, user
from tests.servers import ServerProcess, run_kinpay


@pytest.fixture(scope="module")
def server(
    db_url: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[ServerProcess]:
    """A shop's server: no demo mode (no top-up), the test clock on 127.0.0.1 only.

    Passwords are hashed at full strength (scrypt N=2^17, about 0.65 s of CPU a hash) where
    the attack is on passwords: a module that sets FULL_PASSWORD_HASHING = True
    (test_sign_in.py). The other attacks don't depend on the hash's cost, and their
    families would spend minutes of the suite hashing. A module's SERVER_ARGS are added to
    the server's command line."""
    log = tmp_path_factory.mktemp("server") / "server.log"
    full = bool(getattr(request.module, "FULL_PASSWORD_HASHING", False))
    extra = list(getattr(request.module, "SERVER_ARGS", []))  # a module's own server flags
    proc = ServerProcess(db=db_url, log_path=log, demo=False, fast_passwords=not full,
                         extra_args=extra).start()
    try:
        yield proc
    finally:
        proc.stop()


@dataclass
class Victim:
    """A family the attacker goes after: a funded payer, a delegate and a paired tablet."""

    payer: Client
    delegate: Client
    grant: schemas.GrantCreated
    device: Device

    def close(self) -> None:
        self.payer.close()
        self.delegate.close()


def fund(db: str, payer: str, amount: str, currency: str = "CNY") -> dict[str, Any]:
    """The operator's act: `kinpay fund`."""
    out = run_kinpay("fund", "--db", db, "--payer", payer, "--amount", amount,
                     "--currency", currency, "--reason", "test family's allowance")
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def victim(server: ServerProcess, *, balance: str = "1000.00",
           limits: tuple[int, int, int] = (5_000, 10_000, 100_000), **rules: Any) -> Victim:
    payer = user(server.url, "payer")
    delegate = user(server.url, "delegate")
    fund(server.db, payer.me().name, balance)
    rules.setdefault("offline_cap", min(2_000, limits[0]))
    grant = payer.create_grant(schemas.GrantCreate(
        delegate=delegate.me().name,
        limits=schemas.Limits(per_payment=limits[0], daily=limits[1], monthly=limits[2]),
        **rules,
    ))
    device = delegate.pair(grant.pairing_code)
    return Victim(payer=payer, delegate=delegate, grant=grant, device=device)


def shop_key(server: ServerProcess, category: str = "grocery") -> str:
    """A terminal's API key, as the operator issues one to a shop."""
    out = run_kinpay("terminal", "add", "--db", server.db, "--merchant",
                     f"shop-{secrets.token_hex(3)}", "--category", category)
    return str(json.loads(out.stdout)["api_key"])


def post_payment(http: httpx.Client, url: str, key: str, body: Any, *,
                 idem: str | bytes | None = None, **headers: str) -> httpx.Response:
    sent = {"Authorization": f"Bearer {key}",
            "Idempotency-Key": idem if idem is not None else uuid.uuid4().hex, **headers}
    if isinstance(body, bytes | str):
        return http.post(f"{url}/v1/payments", content=body, headers=sent)
    return http.post(f"{url}/v1/payments", json=body, headers=sent)


def balance_of(client: Client, currency: str = "CNY") -> int:
    return sum(b.balance for b in client.account().balances if b.currency == currency)


__all__ = ["PASSWORD"]
