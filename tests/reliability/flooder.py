"""A terminal flooding the server, as its own process: `python -m tests.reliability.flooder
URL TOKEN SECONDS THREADS [AT_LEAST]`. Sends payment requests with garbage codes and history
reads as fast as it can for SECONDS, and on until it has sent AT_LEAST requests (a slow,
loaded machine must still flood beyond the server's burst), never longer than SECONDS +
OVERTIME_S; then prints how it was answered (JSON)."""

from __future__ import annotations

import json
import sys
import threading
import time
import uuid
from collections import Counter

import httpx

MAX_REQUESTS = 200_000  # a bound on top of the time bound
OVERTIME_S = 60.0  # the most it runs past SECONDS to send AT_LEAST


def main() -> None:
    url, token, seconds, threads = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
    at_least = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    if not url.startswith("http://127.0.0.1:"):
        raise SystemExit("the flooder only targets 127.0.0.1")
    counts: Counter[int] = Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    hard_deadline = deadline + OVERTIME_S
    budget = MAX_REQUESTS // threads

    def hammer(i: int) -> None:
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=url, timeout=10) as http:
            for n in range(budget):
                clock = time.monotonic()
                with lock:
                    sent = sum(counts.values())
                if clock >= hard_deadline or (clock >= deadline and sent >= at_least):
                    return
                try:
                    if n % 2:
                        r = http.get("/v1/payments", headers=headers, params={"scope": "merchant"})
                    else:
                        r = http.post(
                            "/v1/payments",
                            headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
                            json={"code": "KP1:FLOOD", "amount": 1, "currency": "CNY"},
                        )
                    status = r.status_code
                except httpx.HTTPError:
                    status = 0
                with lock:
                    counts[status] += 1

    workers = [threading.Thread(target=hammer, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(seconds + OVERTIME_S + 30)
    print(json.dumps({str(k): v for k, v in counts.items()}))


if __name__ == "__main__":
    main()
