"""Building blocks for server tests: families made through the real API."""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import psycopg

from kinpay import schemas
from kinpay.client import Client, new_idempotency_key
from kinpay.device import Device
from tests.servers import ServerProcess, run_kinpay

PASSWORD = "correct horse battery"


@dataclass
class Family:
    payer: Client
    delegate: Client
    grant: schemas.GrantCreated
    device: Device

    def close(self) -> None:
        self.payer.close()
        self.delegate.close()


def bearer(token: str | None) -> dict[str, str]:
    """The Authorization header of a session's or a terminal's token."""
    return {"Authorization": f"Bearer {token}"}


def sign_in(url: str, name: str) -> str:
    """A new session of the account `name` (password PASSWORD): its token."""
    r = httpx.post(f"{url}/v1/sessions", json={"name": name, "password": PASSWORD}, timeout=30)
    assert r.status_code == 201, r.text
    return str(r.json()["token"])


def user(url: str, role: str, name: str | None = None) -> Client:
    client = Client(url)
    name = name or f"{role}-{secrets.token_hex(4)}"
    client.sign_up(name, PASSWORD, role)
    client.sign_in(name, PASSWORD)
    return client


def family(
    url: str,
    *,
    balance: int = 100_000,
    limits: tuple[int, int, int] = (5_000, 10_000, 100_000),
    **rules: Any,
) -> Family:
    payer = user(url, "payer")
    delegate = user(url, "delegate")
    rules.setdefault("offline_cap", min(2_000, limits[0]))
    if balance:
        payer.top_up(balance, rules.get("currency", "CNY"))
    req = schemas.GrantCreate(
        delegate=delegate.me().name,
        limits=schemas.Limits(per_payment=limits[0], daily=limits[1], monthly=limits[2]),
        **rules,
    )
    grant = payer.create_grant(req)
    device = delegate.pair(grant.pairing_code)
    return Family(payer=payer, delegate=delegate, grant=grant, device=device)


def terminal(db: str, url: str, merchant: str | None = None, category: str = "grocery") -> Client:
    out = run_kinpay(
        "terminal", "add", "--db", db, "--merchant", merchant or f"shop-{secrets.token_hex(3)}",
        "--category", category,
    )
    return Client(url, token=json.loads(out.stdout)["api_key"])


def pay(
    term: Client,
    code: str,
    amount: int,
    *,
    currency: str = "CNY",
    key: str | None = None,
    items: list[schemas.Item] | None = None,
) -> schemas.Payment:
    payment, _ = term.pay(
        code, amount, currency, idempotency_key=key or new_idempotency_key(), items=items
    )
    return payment


def now() -> int:
    return int(time.time())


def last_noon(zone: str = "Asia/Shanghai") -> int:
    """The latest 12:00 in `zone` that has passed: a moment with half a day on either side
    of it, for a test whose few minutes of story must fall within one of the zone's days."""
    local = datetime.fromtimestamp(now(), ZoneInfo(zone))
    noon = local.replace(hour=12, minute=0, second=0, microsecond=0)
    if noon > local:
        noon -= timedelta(days=1)
    return int(noon.timestamp())


def check_ledger(db: str) -> dict[str, Any]:
    out = run_kinpay("check", "--db", db, "--json", check=False)
    report: dict[str, Any] = json.loads(out.stdout)
    report["exit"] = out.returncode
    return report


def payer_balance(fam: Family, currency: str = "CNY") -> int:
    for b in fam.payer.account().balances:
        if b.currency == currency:
            return b.balance
    return 0


__all__ = ["ServerProcess"]


def server_now(url: str) -> int:
    """The server's clock (a test server's may have been moved: `move_clock`)."""
    return int(httpx.get(f"{url}/v1/health").json()["now"])


def move_clock(url: str, by_s: int) -> int:
    """A test server's clock `by_s` later (time passing, as the server sees it); the new
    time. Only a server started with `--test-clock` takes it."""
    now = server_now(url) + by_s
    httpx.put(f"{url}/v1/_test/clock", json={"now": now}).raise_for_status()
    return now


def db_rows(db: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The rows of `sql` (with ? marks) read straight from a server's database, as tuples,
    on either engine: what a test checks beside the API's answers."""
    if db.startswith("postgresql://"):
        with psycopg.connect(db) as conn:
            return list(conn.execute(sql.replace("?", "%s"), params).fetchall())
    conn_ = sqlite3.connect(db)
    try:
        return list(conn_.execute(sql, params).fetchall())
    finally:
        conn_.close()
