"""Item 1. Crash: `kill -9` the server again and again under 32 concurrent terminals that
retry each payment (same Idempotency-Key, same body) until it is answered. Afterwards: the
total of all balances unchanged, every acknowledged payment present exactly once, no
duplicate ledger rows, every retry answered with the original payment. Each figure 0 off."""

from __future__ import annotations

import json
import random
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.reliability.kit import api_balance, peek, quick_families, report, scale, terminals
from tests.server.helpers import Family, check_ledger, now
from tests.servers import Postgres, ServerProcess

pytestmark = pytest.mark.soak

CLIENTS = 32
KILLS = scale(2, 20)
UP_S = scale((0.8, 1.6), (1.0, 4.0))  # how long the server runs between two kills
GIVE_UP_S = 120.0  # a payment not answered in this long fails the test
START_MINOR = 10_000_000  # each payer's balance before the run


@dataclass
class Till:
    """One terminal's loop: pay, and retry the same request until it is answered."""

    url: str
    token: str
    fam: Family
    index: int
    stop: threading.Event
    acked: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> first answer
    bodies: dict[str, dict[str, Any]] = field(default_factory=dict)
    retried: int = 0
    retries_mismatched: int = 0
    failures: list[str] = field(default_factory=list)

    def run(self) -> None:
        rng = random.Random(self.index)
        with httpx.Client(timeout=httpx.Timeout(5.0, connect=1.0)) as http:
            n = 0
            while not self.stop.is_set():
                t = now()
                code = self.fam.device.code_at(t)
                self.fam.device.bump(t)
                key = f"crash-{self.index}-{n}-{uuid.uuid4().hex[:6]}"
                body = {"code": code, "amount": rng.randint(1, 300), "currency": "CNY"}
                self.bodies[key] = body
                answer = self.send(http, key, body)
                if answer is not None:
                    self.acked[key] = answer
                n += 1

    def send(self, http: httpx.Client, key: str, body: dict[str, Any]) -> dict[str, Any] | None:
        headers = {"Authorization": f"Bearer {self.token}", "Idempotency-Key": key}
        deadline = time.monotonic() + GIVE_UP_S
        tries = 0
        while time.monotonic() < deadline:
            tries += 1
            try:
                r = http.post(f"{self.url}/v1/payments", headers=headers, json=body)
            except httpx.HTTPError:
                time.sleep(0.05)
                continue
            if r.status_code == 503:
                time.sleep(0.05)
                continue
            if r.status_code == 429:  # the flood guard: a real terminal waits as told
                time.sleep(retry_after_s(r))
                continue
            if r.status_code != 201:
                self.failures.append(f"{key}: {r.status_code} {r.text[:200]}")
                return None
            if tries > 1:
                self.retried += 1
            answer: dict[str, Any] = r.json()
            return answer
        self.failures.append(f"{key}: no answer in {GIVE_UP_S} s")
        return None


def retry_after_s(r: httpx.Response) -> float:
    """The wait a 429 asks for, bounded (a terminal never waits longer than a few seconds)."""
    try:
        return min(5.0, max(0.05, float(r.headers.get("Retry-After", "1"))))
    except ValueError:
        return 1.0


def replay(http: httpx.Client, url: str, till: Till, key: str) -> httpx.Response:
    """Send an acknowledged request again, as the terminal would: honouring 429's
    Retry-After (the flood guard counts replays too: 32 terminals replaying thousands of
    payments at full speed are, rightly, a flood), at most 20 times."""
    headers = {"Authorization": f"Bearer {till.token}", "Idempotency-Key": key}
    for _ in range(20):
        r = http.post(f"{url}/v1/payments", headers=headers, json=till.bodies[key])
        if r.status_code != 429:
            return r
        time.sleep(retry_after_s(r))
    return r


def expected_balances(tills: list[Till], start_minor: int) -> tuple[dict[int, int], int]:
    """The test's own record: each payer's balance and the shops' total, computed from the
    answers the tills were given (approved amounts), not from the server's books."""
    payers = {}
    shops = 0
    for till in tills:
        spent = sum(
            till.bodies[k]["amount"] for k, a in till.acked.items() if a["status"] == "approved"
        )
        payers[till.index] = start_minor - spent
        shops += spent
    return payers, shops


def _crash_run(server: ServerProcess, engine: str) -> None:
    started = time.monotonic()
    fams = quick_families(server.db, server.url, CLIENTS, balance=START_MINOR,
                    limits=(5_000, 10_000_000, 100_000_000))
    terms = terminals(server.db, server.url, CLIENTS)
    with peek(server.db) as c:
        total_before = int(c.scalar("SELECT SUM(balance) FROM accounts WHERE kind <> 'funding'"))
    print(f"families and terminals made in {time.monotonic() - started:.1f} s")
    stop = threading.Event()
    tills = [
        Till(server.url, str(t.token), f, i, stop)
        for i, (t, f) in enumerate(zip(terms, fams, strict=True))
    ]
    threads = [threading.Thread(target=till.run, daemon=True) for till in tills]
    for th in threads:
        th.start()
    rng = random.Random(1)
    for _ in range(KILLS):
        time.sleep(rng.uniform(*UP_S))
        server.stop(kill=True)
        time.sleep(rng.uniform(0.0, 0.3))
        server.start()
    time.sleep(UP_S[0])
    stop.set()
    for th in threads:
        th.join(GIVE_UP_S + 10)
    assert not any(th.is_alive() for th in threads)

    # Every acknowledged payment, asked again: the original answer, exactly.
    def replays(till: Till) -> int:
        bad = 0
        with httpx.Client(timeout=10) as http:
            for key, answer in till.acked.items():
                r = replay(http, server.url, till, key)
                if r.status_code != 201 or r.json() != answer or (
                    r.headers.get("Idempotent-Replayed") != "true"
                ):
                    bad += 1
        return bad

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:  # one per till: its own bucket
        replay_mismatch = sum(pool.map(replays, tills))
    # The server's answers, through the API, against the test's own record.
    want_payers, want_shops = expected_balances(tills, START_MINOR)
    got_payers = {till.index: api_balance(till.fam.payer) for till in tills}
    got_shops = sum(api_balance(t) for t in terms)
    server.stop()

    print(f"run and replays done at {time.monotonic() - started:.1f} s")
    acked = {(key, a["id"]): a for till in tills for key, a in till.acked.items()}
    with peek(server.db) as c:
        rows = c.all("SELECT id, idem_key, status, amount, response FROM payments")
        dup_refs = int(c.scalar(
            "SELECT COUNT(*) FROM (SELECT ref_id FROM transfers GROUP BY ref_id"
            " HAVING COUNT(*) > 1) d"
        ))
        approved_without_one_transfer = int(c.scalar(
            "SELECT COUNT(*) FROM payments p WHERE p.status = 'approved' AND"
            " (SELECT COUNT(*) FROM transfers t WHERE t.ref_id = p.id) <> 1"
        ))
        total_after = int(c.scalar("SELECT SUM(balance) FROM accounts WHERE kind <> 'funding'"))
        total_all = int(c.scalar("SELECT SUM(balance) FROM accounts"))
    by_key: dict[str, list[Any]] = {}
    for r in rows:
        by_key.setdefault(r["idem_key"], []).append(r)
    missing = duplicated = changed = 0
    for (key, pid), answer in acked.items():
        found = by_key.get(key, [])
        if len(found) != 1:
            missing += len(found) == 0
            duplicated += len(found) > 1
            continue
        if found[0]["id"] != pid or json.loads(found[0]["response"]) != {
            k: v for k, v in answer.items() if k != "refunded"
        }:
            changed += 1
    approved = sum(1 for a in acked.values() if a["status"] == "approved")
    retries = sum(t.retried for t in tills)
    failures = [f for t in tills for f in t.failures]
    ledger = check_ledger(server.db)
    report("01", "kills", KILLS, engine=engine)
    report("01", "payments acknowledged", len(acked), engine=engine)
    report("01", "of them approved", approved, engine=engine)
    report("01", "requests retried across a kill", retries, engine=engine)
    report("01", "change in the total of all balances", total_after - total_before
           + total_all, engine=engine)
    report("01", "acknowledged payments missing", missing, engine=engine)
    report("01", "acknowledged payments stored twice or changed", duplicated + changed,
           engine=engine)
    report("01", "duplicate ledger rows", dup_refs + approved_without_one_transfer,
           engine=engine)
    report("01", "retries not answered with the original", replay_mismatch, engine=engine)
    off_record = sum(got_payers[i] != want for i, want in want_payers.items())
    report("01", "balances off the test's own record (API)", off_record
           + (got_shops != want_shops), engine=engine)
    for f in fams:
        f.close()
    for t in terms:
        t.close()
    assert not failures, failures[:5]
    assert total_all == 0
    # Money only moved from payers to shops: the total outside funding is unchanged.
    assert total_after == total_before
    assert missing == duplicated == changed == 0
    assert dup_refs == approved_without_one_transfer == 0
    assert replay_mismatch == 0
    assert got_payers == want_payers  # every payer: start - the approved answers it was given
    assert got_shops == want_shops
    assert ledger["ok"], ledger["problems"]
    assert KILLS and retries > 0  # the kills really landed mid-traffic
    assert approved > CLIENTS


@pytest.mark.timeout(scale(300, 2400))
def test_kill_9_under_32_terminals_loses_and_doubles_nothing(tmp_path: Path) -> None:
    server = ServerProcess(db=str(tmp_path / "kinpay.db"), log_path=tmp_path / "server.log")
    server.start()
    try:
        _crash_run(server, "sqlite")
    finally:
        server.stop()


@pytest.mark.postgres
@pytest.mark.timeout(scale(300, 2400))
def test_kill_9_under_32_terminals_on_postgres(postgres: Postgres, tmp_path: Path) -> None:
    db = postgres.create_db(f"crash_{uuid.uuid4().hex[:8]}")
    server = ServerProcess(db=db, log_path=tmp_path / "server.log")
    server.start()
    try:
        _crash_run(server, "postgres")
    finally:
        server.stop()
