"""Item 13. Abuse: one terminal floods the server (its own process, many connections). It
is limited (answered 429 beyond its bucket), and every other terminal's payment is still
answered and approved. The others' p99 latency, quiet and under the flood, is measured and
reported (docs/reliability.md), never asserted: a time is a figure, not an invariant."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time

import pytest

from kinpay.client import new_idempotency_key
from server_stub.app import DEFAULT_CLIENT_RATE
from tests.reliability.kit import close_all, quick_families, report, scale, terminals
from tests.server.helpers import Family, now
from tests.servers import ROOT, ServerProcess

pytestmark = pytest.mark.soak

PHASE_S = scale(2.5, 30.0)
SHOPPERS = 4
FLOOD_THREADS = 16
TARGET_RATIO = 2.0  # the issue's target for the others' p99 under a flood: reported only
# An honest till starts at most one sale every TILL_PERIOD_S, however fast the server
# answers: 10 a second, a third of the flood guard's 30 a second per terminal. (Paced by
# start times: a till that slept a fixed 20 ms after each answer reached 30+ a second on a
# fast server and was, rightly, answered 429 in the long form.)
TILL_PERIOD_S = 0.1


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def shop(fams: list[Family], terms: list, seconds: float) -> list[float]:
    """Each quiet terminal pays one sale after another, every one approved (an exception or
    a decline fails the test); returns every latency (ms)."""
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    errors: list[BaseException] = []

    def till(i: int) -> None:
        try:
            sales(i)
        except BaseException as exc:  # re-raised in the test's thread, in shop()
            errors.append(exc)

    def sales(i: int) -> None:
        fam, term = fams[i], terms[i]
        next_start = time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(max(0.0, next_start - time.monotonic()))
            next_start += TILL_PERIOD_S
            t = now()
            code = fam.device.code_at(t)
            fam.device.bump(t)
            started = time.perf_counter()
            payment, _ = term.pay(code, 1, "CNY", idempotency_key=new_idempotency_key())
            took = (time.perf_counter() - started) * 1000
            assert payment.status == "approved", payment.decline_code
            with lock:
                latencies.append(took)

    threads = [threading.Thread(target=till, args=(i,)) for i in range(len(fams))]
    for th in threads:
        th.start()
    for th in threads:
        th.join(seconds + 60)
    assert not any(th.is_alive() for th in threads), "a till never came back"
    assert not errors, errors[:3]
    return latencies


@pytest.mark.timeout(scale(300, 900))
def test_a_flooding_terminal_is_limited_and_the_others_stay_fast(
    server: ServerProcess, engine: str
) -> None:
    fams = quick_families(server.db, server.url, SHOPPERS, balance=10_000_000,
                          limits=(5_000, 10_000_000, 100_000_000))
    terms = terminals(server.db, server.url, SHOPPERS)
    [flood_term] = terminals(server.db, server.url, 1)
    shop(fams, terms, 1.0)  # warm up
    quiet = shop(fams, terms, PHASE_S)
    # The flooder runs at the lowest CPU priority: a real one runs on its own machine, and
    # on this 2-core box its Python client would otherwise starve the server and the tills
    # of CPU, which measures the box, not the server. It still sends hundreds a second.
    # The server's default limit per client: RATE a second, BURST at once. However slow the
    # machine, the flood sends at least twice the burst, so some of it must be refused.
    rate, burst = (float(x) for x in DEFAULT_CLIENT_RATE.split("/"))
    flooder = subprocess.Popen(
        ["nice", "-n", "19", sys.executable, "-m", "tests.reliability.flooder", server.url,
         str(flood_term.token), str(PHASE_S + 1.0), str(FLOOD_THREADS), str(int(2 * burst))],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    flood_started = time.monotonic()
    try:
        time.sleep(0.5)  # pacing, not synchronisation: the tills need not wait for the flood
        loud = shop(fams, terms, PHASE_S)
        out, _ = flooder.communicate(timeout=PHASE_S + 120)
        # An upper bound on how long the flooder's bucket could refill: from before its
        # process started to after it ended. A slow box only makes it longer (looser).
        flood_window_s = time.monotonic() - flood_started
    finally:
        if flooder.poll() is None:
            flooder.kill()
            flooder.wait(10)
    counts = {int(k): v for k, v in json.loads(out).items()}
    flood_total = sum(counts.values())
    limited = counts.get(429, 0)
    ratio = p99(loud) / p99(quiet)
    report("13", "flood requests", flood_total, engine=engine)
    report("13", "flood requests answered 429", limited, engine=engine)
    report("13", "others' p99 quiet (ms)", round(p99(quiet), 1), engine=engine)
    report("13", "others' p99 under the flood (ms)", round(p99(loud), 1), engine=engine)
    report("13", f"p99 ratio (target {TARGET_RATIO})", round(ratio, 2), engine=engine)
    report("13", "others' payments during the flood", len(loud), engine=engine)
    admitted = flood_total - limited
    report("13", "flood requests let through (limit 30/s, burst 90)", admitted, engine=engine)
    # The invariants: the flood is refused beyond its bucket (never more let through than
    # the burst plus what the rate refilled while it ran), answered with 429 or its answer,
    # never a 500; every other till's sale was answered and approved (shop() asserts it).
    assert limited > 0, counts
    assert not [s for s in counts if s >= 500], counts
    assert admitted <= burst + rate * flood_window_s, (counts, flood_window_s)
    assert loud and quiet
    close_all(terms, [flood_term])
    for f in fams:
        f.close()
