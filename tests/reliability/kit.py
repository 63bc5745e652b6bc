"""What every reliability test shares: the quick/soak scale, the figures each test reports,
and fast builders for terminals, families and database peeks.

A test runs in its quick form under `make test` and in its long form under `make soak`
(KINPAY_SOAK=1): the same code with bigger counts and longer times, never a skip. Each
test asserts its invariant (a figure that must be 0) and reports what it measured with
`report()`: the figures go to a JSON file (KINPAY_RELIABILITY_OUT, by default
tests/reliability/.last-figures.json, one section per form) and to the end of the run's
output, and docs/reliability.md is filled from them.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar
from uuid import uuid4

from kinpay import schemas
from kinpay.client import Client
from server_stub import auth, ledger, security
from server_stub.db import Conn, Database
from tests.server.helpers import PASSWORD, Family, family

T = TypeVar("T")

SOAK = os.environ.get("KINPAY_SOAK") == "1"
FORM = "soak" if SOAK else "quick"
OUT = Path(
    os.environ.get("KINPAY_RELIABILITY_OUT")
    or Path(__file__).resolve().parent / ".last-figures.json"
)
_lock = threading.Lock()
reported: list[tuple[str, str, Any]] = []  # (item, name, value) this process reported
# One id per pytest run, shared with pytest-xdist's workers (they inherit the environment
# of the process that starts them): figures of this run replace the last run's section,
# and several workers add to one section instead of wiping each other's.
RUN_ID = os.environ.setdefault("KINPAY_TEST_RUN", uuid4().hex)


def scale(quick: T, soak: T) -> T:
    """The quick form's number under `make test`, the long form's under `make soak`."""
    return soak if SOAK else quick


@contextmanager
def _figures() -> Iterator[dict[str, Any]]:
    """The figures file, read and rewritten under a lock that holds across processes."""
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with _lock, open(OUT.with_name(OUT.name + ".lock"), "a+") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            data = json.loads(OUT.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        if not isinstance(data, dict):
            data = {}
        yield data
        fd, tmp = tempfile.mkstemp(dir=OUT.parent, prefix=".figures-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1, sort_keys=True)
        os.replace(tmp, OUT)


def report(item: str, name: str, value: Any, *, engine: str | None = None) -> None:
    """Record one figure of issue item `item` (e.g. "01") for docs/reliability.md."""
    key = f"{name} [{engine}]" if engine else name
    reported.append((item, key, value))
    with _figures() as data:
        section = data.get(FORM)
        if not isinstance(section, dict) or section.get("_run_id") != RUN_ID:
            section = data[FORM] = {"_run_id": RUN_ID}  # this run's first figure
        section.setdefault(item, {})[key] = value
        section["_at"] = time.strftime("%Y-%m-%d %H:%M:%S")


def this_runs_figures() -> list[tuple[str, str, Any]]:
    """Every figure this run reported, from every worker: (item, name, value)."""
    with _figures() as data:
        section = data.get(FORM)
    if not isinstance(section, dict) or section.get("_run_id") != RUN_ID:
        return []
    return [(item, name, value)
            for item, figures in sorted(section.items()) if not item.startswith("_")
            for name, value in figures.items()]


def _commit() -> str:
    """The commit the run's code was loaded from (read when this module is imported)."""
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
            cwd=Path(__file__).resolve().parent, timeout=10, check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


_COMMIT_AT_START = _commit()


def mark_run(passed: bool, exitstatus: int, collected: int, failed: int) -> None:
    """At the end of a run that reported figures: whether every test passed, so that the
    page generator (tests/reliability/page.py) takes figures only from a run that did."""
    with _figures() as data:
        section = data.get(FORM)
        if not isinstance(section, dict) or section.get("_run_id") != RUN_ID:
            return
        section["_run"] = {
            "passed": passed, "exitstatus": exitstatus, "tests": collected, "failed": failed,
            "at": time.strftime("%Y-%m-%d %H:%M:%S"), "commit": _COMMIT_AT_START,
            "items": sorted(k for k in section if not k.startswith("_")),
        }


def terminals(
    db: str, url: str, n: int, *, merchant: str | None = None, category: str = "grocery"
) -> list[Client]:
    """`n` terminals registered in one transaction (as `kinpay terminal add` does, faster)."""
    database = Database(db)
    conn = database.connect()
    keys = []
    try:
        conn.begin()
        for i in range(n):
            name = merchant or f"shop-{os.urandom(4).hex()}-{i}"
            _tid, key = auth.add_terminal(
                conn, merchant=name, category=category, currency="CNY", now_s=int(time.time())
            )
            keys.append(key)
        conn.execute("COMMIT")
    finally:
        conn.close()
    return [Client(url, token=k) for k in keys]


def families(url: str, n: int, **kwargs: Any) -> list[Family]:
    """`n` families made through the API, a few at a time (sign-up hashes are slow)."""
    with ThreadPoolExecutor(max_workers=min(8, n)) as pool:
        return list(pool.map(lambda _i: family(url, **kwargs), range(n)))


_PW_HASH: list[str] = []


def quick_families(
    db: str,
    url: str,
    n: int,
    *,
    balance: int = 100_000,
    limits: tuple[int, int, int] = (5_000, 10_000, 100_000),
    **rules: Any,
) -> list[Family]:
    """`n` families whose users, sessions and top-ups are written straight to the database
    (one password hash for all: scrypt is slow on purpose); grants and pairing go through
    the API as usual. For tests that need many families fast."""
    if not _PW_HASH:
        _PW_HASH.append(security.hash_password(PASSWORD))
    database = Database(db)
    conn = database.connect()
    made: list[tuple[str, str, str, str]] = []  # delegate name, payer token, delegate token
    at = int(time.time())
    try:
        conn.begin()
        for _ in range(n):
            tokens = []
            names = []
            for role in ("payer", "delegate"):
                name = f"{role}-{os.urandom(5).hex()}"
                user = auth.sign_up(
                    conn,
                    req=schemas.SignUp(name=name, password=PASSWORD, role=role),  # type: ignore[arg-type]
                    pw_hash=_PW_HASH[0],
                    now_s=at,
                )
                token, _ = auth.start_session(conn, user_id=user.id, now_s=at)
                tokens.append(token)
                names.append(name)
                if role == "payer" and balance:
                    ledger.post(
                        conn, kind="top_up",
                        debit=ledger.account_id(conn, "funding", ledger.FUNDING_OWNER, "CNY"),
                        credit=ledger.account_id(conn, "payer", user.id, "CNY"),
                        amount=balance, currency="CNY", ref_id=security.new_id(), now_s=at,
                        allow_negative=True,
                    )
            made.append((names[1], tokens[0], tokens[1], names[0]))
        conn.execute("COMMIT")
    finally:
        conn.close()
    rules.setdefault("offline_cap", min(2_000, limits[0]))

    def finish(item: tuple[str, str, str, str]) -> Family:
        delegate_name, payer_token, delegate_token, _payer = item
        payer, delegate = Client(url, token=payer_token), Client(url, token=delegate_token)
        grant = payer.create_grant(schemas.GrantCreate(
            delegate=delegate_name,
            limits=schemas.Limits(per_payment=limits[0], daily=limits[1], monthly=limits[2]),
            **rules,
        ))
        device = delegate.pair(grant.pairing_code)
        return Family(payer=payer, delegate=delegate, grant=grant, device=device)

    with ThreadPoolExecutor(max_workers=min(8, n)) as pool:
        return list(pool.map(finish, made))


@contextmanager
def peek(db: str) -> Iterator[Conn]:
    """A direct connection to the server's database, for reading what it really holds."""
    conn = Database(db).connect()
    try:
        yield conn
    finally:
        conn.close()


def close_all(*groups: Any) -> None:
    for group in groups:
        for c in group:
            c.close()


def api_balance(client: Client, currency: str = "CNY") -> int:
    """The balance the server answers for `client`'s own account (payer, delegate or, for a
    terminal's token, its merchant) through the API; 0 when it has none in `currency`."""
    for b in client.account().balances:
        if b.currency == currency:
            return b.balance
    return 0
