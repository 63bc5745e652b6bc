"""Item 3. Idempotency: the same key 10 times in a row and 32 times at once gives one
payment and identical answers; the same key with another amount gives 409, every time."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.reliability.kit import families, peek, report, scale, terminals
from tests.server.helpers import check_ledger, now, payer_balance
from tests.servers import ServerProcess

pytestmark = pytest.mark.soak

ROUNDS = scale(2, 25)
SERIAL = 10
CONCURRENT = 32


def test_one_key_one_payment_identical_answers_and_409_for_another_body(
    server: ServerProcess, engine: str
) -> None:
    [fam] = families(server.url, 1, balance=10_000_000, limits=(5_000, 10_000_000, 100_000_000))
    # A terminal per round: the server's flood guard allows a client 90 requests at once.
    terms = terminals(server.db, server.url, ROUNDS)
    url = f"{server.url}/v1/payments"
    extra_payments = distinct_answers = not_replayed = conflicts_missed = 0
    requests = 0
    before = payer_balance(fam)
    charged = 0
    with httpx.Client(timeout=30) as http:
        for round_, term in enumerate(terms):
            for mode in ("serial", "concurrent"):
                t = now()
                code = fam.device.code_at(t)
                fam.device.bump(t)
                amount = 100 + round_
                key = f"idem-{uuid.uuid4().hex}"
                headers = {"Authorization": f"Bearer {term.token}", "Idempotency-Key": key}
                body = {"code": code, "amount": amount, "currency": "CNY"}
                if mode == "serial":
                    answers = [http.post(url, headers=headers, json=body) for _ in range(SERIAL)]
                else:
                    gate = threading.Barrier(CONCURRENT)

                    def once(_i: int, h: dict[str, str] = headers,
                             b: dict[str, object] = body, g: threading.Barrier = gate
                             ) -> httpx.Response:
                        g.wait(10)
                        with httpx.Client(timeout=30) as own:
                            return own.post(url, headers=h, json=b)

                    with ThreadPoolExecutor(max_workers=CONCURRENT) as pool:
                        answers = list(pool.map(once, range(CONCURRENT)))
                requests += len(answers)
                assert {a.status_code for a in answers} == {201}
                distinct_answers += len({a.content for a in answers}) - 1
                # Exactly one answer is the original; every other one says it is a replay.
                not_replayed += sum(
                    1 for a in answers if a.headers.get("Idempotent-Replayed") != "true"
                ) - 1
                if answers[0].json()["status"] == "approved":
                    charged += amount
                with peek(server.db) as c:
                    rows = c.scalar(
                        "SELECT COUNT(*) FROM payments WHERE idem_key = ?", (key,)
                    )
                    transfers = c.scalar(
                        "SELECT COUNT(*) FROM transfers t JOIN payments p ON p.id = t.ref_id"
                        " WHERE p.idem_key = ?", (key,)
                    )
                extra_payments += int(rows) - 1 + int(transfers) - 1
                # The same key with another amount (and with another code): 409 each time.
                for other in ({**body, "amount": amount + 1}, {**body, "code": "KP1:00"}):
                    for _ in range(3):
                        r = http.post(url, headers=headers, json=other)
                        requests += 1
                        if r.status_code != 409 or r.json()["error"]["code"] != (
                            "idempotency_conflict"
                        ):
                            conflicts_missed += 1
    report("03", "requests sent", requests, engine=engine)
    report("03", "extra payments or transfers", extra_payments, engine=engine)
    report("03", "answers differing from the first", distinct_answers, engine=engine)
    report("03", "another body not answered 409", conflicts_missed, engine=engine)
    assert extra_payments == 0
    assert distinct_answers == 0
    assert not_replayed == 0
    assert conflicts_missed == 0
    assert payer_balance(fam) == before - charged
    assert check_ledger(server.db)["ok"]
    fam.close()
    for term in terms:
        term.close()
