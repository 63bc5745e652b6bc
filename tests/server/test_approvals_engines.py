"""Exactly once under retries (issue 15 §1), on SQLite and PostgreSQL: eight completes of one
allowed sale at once, with the sale's key, are one charge; the ledger still adds up."""

from __future__ import annotations

import threading

import httpx

from kinpay.client import Client, new_idempotency_key
from tests.server.helpers import check_ledger, family, now, payer_balance
from tests.servers import ServerProcess

RACERS = 8


def test_concurrent_completes_with_one_key_charge_once(
    server: ServerProcess, term: Client
) -> None:
    fam = family(server.url, limits=(1_000, 100_000, 1_000_000))
    try:
        key = new_idempotency_key()
        code = fam.device.code_at(now())
        declined, _ = term.pay(code, 3_000, "CNY", idempotency_key=key)
        asked = term.ask(declined.id)
        fam.payer.answer_approval(asked.id, allow=True)
        before = payer_balance(fam)
        answers: list[tuple[int, str]] = []
        lock = threading.Lock()
        start = threading.Barrier(RACERS)

        def complete() -> None:
            start.wait(5)
            r = httpx.post(f"{server.url}/v1/approvals/{asked.id}/complete",
                           json={"amount": 3_000, "currency": "CNY"},
                           headers={"Authorization": f"Bearer {term.token}",
                                    "Idempotency-Key": key}, timeout=10)
            with lock:
                answers.append((r.status_code, r.json()["id"]))

        threads = [threading.Thread(target=complete) for _ in range(RACERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(15)
        assert len(answers) == RACERS
        assert {status for status, _ in answers} == {201}
        assert len({pid for _, pid in answers}) == 1
        assert payer_balance(fam) == before - 3_000
        assert fam.payer.grant(fam.grant.id).spending.today == 3_000
        report = check_ledger(server.db)
        assert report["ok"] and report["exit"] == 0
    finally:
        fam.close()
