"""Waiting reads of an approval are capped per principal (security.md row 70), as event
streams are: a till (or a family's account) held 500 long polls of 25 s open, each read
again at every commit, and another family's reads went from 4 ms to 122 ms."""

from __future__ import annotations

import threading
import time

import httpx

from kinpay.client import Client, new_idempotency_key
from tests.security.conftest import shop_key, victim
from tests.server.helpers import PASSWORD
from tests.servers import ServerProcess

MOST_WAITING = 4  # docs/security.md row 70
WAIT_S = 60.0  # bounds on waiting, not verdicts


def test_a_till_holds_at_most_four_waiting_reads(server: ServerProcess) -> None:
    fam = victim(server, limits=(1_000, 50_000, 100_000))
    key = shop_key(server)
    with Client(server.url, token=key) as till:
        now = int(time.time())
        declined, _ = till.pay(fam.device.code_at(now), 1_500, "CNY",
                               idempotency_key=new_idempotency_key())
        approval = till.ask(declined.id)
    url = f"{server.url}/v1/approvals/{approval.id}"
    auth = {"Authorization": f"Bearer {key}"}
    answers: list[int] = []

    def wait() -> None:
        """One waiting read, asked again while the cap refuses it (the probe below may
        hold a place for a second)."""
        with httpx.Client(timeout=WAIT_S) as own:
            deadline = time.monotonic() + WAIT_S
            while time.monotonic() < deadline:
                r = own.get(url, params={"wait_s": 25}, headers=auth)
                if r.status_code != 429:
                    answers.append(r.status_code)
                    return
                time.sleep(0.2)

    waiting = [threading.Thread(target=wait) for _ in range(MOST_WAITING)]
    for t in waiting:
        t.start()
    refused = None
    with httpx.Client(timeout=WAIT_S) as http:
        deadline = time.monotonic() + WAIT_S
        while refused is None and time.monotonic() < deadline:
            probe = http.get(url, params={"wait_s": 1}, headers=auth)
            if probe.status_code == 429:
                refused = probe
            else:  # it held a place for its second: let the waiters take theirs
                time.sleep(0.5)
        assert refused is not None, f"a fifth waiting read was never refused in {WAIT_S} s"
        assert refused.json()["error"]["code"] == "rate_limited"
        assert int(refused.headers["Retry-After"]) > 0
        # A plain read still answers.
        assert http.get(url, headers=auth).json()["status"] == "pending"
        fam.payer.reauth(PASSWORD)
        fam.payer.answer_approval(approval.id, allow=True)
        for t in waiting:
            t.join(WAIT_S)
        assert answers == [200] * MOST_WAITING
        # The waits ended: the till may wait again.
        again = http.get(url, params={"wait_s": 1}, headers=auth)
        assert (again.status_code, again.json()["status"]) == (200, "allowed")
    fam.close()
