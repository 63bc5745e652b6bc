"""Item 11. Offline upload: batches uploaded twice, out of order, at once from two threads,
or cut off halfway (the answer lost): every payment settled once; the offline exposure
never beyond the caps (the terminal's, under concurrent acceptance, and the certificate's).

Item 12. Terminal crash: the POS (pos_app's offline queue, in its own process) killed with
payments in its queue, while accepting and in the middle of a forward: after restarts every
payment is forwarded and settled exactly once."""

from __future__ import annotations

import json
import queue
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from kinpay import schemas
from kinpay.client import Client
from kinpay.errors import OutcomeUnknown
from pos_app import offline
from pos_app.store import Store
from tests.proxy import HoldingProxy
from tests.reliability.kit import close_all, peek, quick_families, report, scale, terminals
from tests.server.helpers import check_ledger, now, payer_balance
from tests.servers import ROOT, ServerProcess

pytestmark = pytest.mark.soak

ROUNDS = scale(2, 20)
BATCH = scale(12, 40)
POS_KILLS = scale(3, 20)
POS_PAYMENTS = 5_000  # a bound: the process is killed long before


def items_for(fams: list, n: int, at: int) -> list[schemas.OfflinePayment]:
    out = []
    for i in range(n):
        fam = fams[i % len(fams)]
        code = fam.device.code_at(at)
        fam.device.bump(at)
        out.append(schemas.OfflinePayment(
            id=f"off-{uuid.uuid4().hex}", code=code, amount=100 + i, currency="CNY",
            accepted_at=at,
        ))
    return out


def settled_once(db: str, terminal_token: str, ids: list[str]) -> tuple[int, int]:
    """(payments not stored exactly once, approved ones without exactly one transfer)."""
    marks = ",".join("?" * len(ids))
    with peek(db) as c:
        rows = c.all(
            f"SELECT p.idem_key, COUNT(*) AS n, SUM(CASE WHEN p.status = 'approved' THEN"
            f" (SELECT COUNT(*) FROM transfers t WHERE t.ref_id = p.id) - 1 ELSE 0 END) AS x"
            f" FROM payments p WHERE p.idem_key IN ({marks}) GROUP BY p.idem_key", ids,
        )
    found = {r["idem_key"]: (int(r["n"]), int(r["x"] or 0)) for r in rows}
    not_once = sum(1 for i in ids if found.get(i, (0, 0))[0] != 1)
    bad_transfers = sum(abs(x) for _n, x in found.values())
    return not_once, bad_transfers


def test_offline_batches_twice_out_of_order_cut_off_settle_once(
    server: ServerProcess, engine: str
) -> None:
    fams = quick_families(server.db, server.url, 3, balance=10_000_000,
                          limits=(5_000, 10_000_000, 100_000_000), offline_cap=2_000)
    [term] = terminals(server.db, server.url, 1)
    before = sum(payer_balance(f) for f in fams)
    all_ids: list[str] = []
    expected = 0
    uploads = 0
    proxy = HoldingProxy(target_port=server.port, hold_s=2.0).start()
    try:
        cut = Client(proxy.url, token=term.token, timeout_s=0.5, retries=0)
        for _ in range(ROUNDS):
            batch = items_for(fams, BATCH, now() - 5)
            all_ids += [i.id for i in batch]
            # Cut off halfway: the server takes the batch, the answer never arrives.
            proxy.hold_next = 1
            with pytest.raises(OutcomeUnknown):
                cut.offline_batch(batch[: BATCH // 2])
            first = {p.id: p for p in term.offline_batch(batch)}
            uploads += 2
            expected += sum(p.amount for p in first.values() if p.status == "approved")
            # Twice, out of order, and twice at once.
            shuffled = random.Random(len(all_ids)).sample(batch, len(batch))
            again = term.offline_batch(shuffled)
            with ThreadPoolExecutor(max_workers=2) as pool:
                twins = list(pool.map(term.offline_batch, [batch, shuffled]))
            uploads += 3
            for answer in (again, *twins):
                assert {p.id: p for p in answer} == first
        cut.close()
    finally:
        proxy.stop()
    # Beyond the certificate's offline cap: declined at upload, never settled.
    over = items_for(fams, 3, now() - 5)
    over = [o.model_copy(update={"amount": 2_001}) for o in over]
    over_results = term.offline_batch(over)
    over_settled = sum(1 for p in over_results if p.status == "approved")
    not_once, bad_transfers = settled_once(server.db, str(term.token), all_ids)
    charged = before - sum(payer_balance(f) for f in fams)
    report("11", "offline payments uploaded", len(all_ids), engine=engine)
    report("11", "uploads (cut off, repeated, reordered, concurrent)", uploads, engine=engine)
    report("11", "payments not settled exactly once", not_once + bad_transfers, engine=engine)
    report("11", "settled beyond the certificate's offline cap", over_settled, engine=engine)
    assert not_once == bad_transfers == over_settled == 0
    assert charged == expected
    assert check_ledger(server.db)["ok"]
    term.close()
    for f in fams:
        f.close()


def test_concurrent_offline_acceptance_never_passes_the_terminals_caps(
    server: ServerProcess, engine: str, tmp_path: Path
) -> None:
    [fam] = quick_families(server.db, server.url, 1, offline_cap=2_000)
    [term] = terminals(server.db, server.url, 1)
    cache = offline.KeyCache(tmp_path / "keys")
    cache.save_keys(term.keys())
    cache.save_revocations(term.revocations())  # a till takes nothing offline without it
    rules = offline.RiskRules(floor_limit_minor=2_000, max_count_per_grant=3,
                              max_sum_per_grant_minor=5_000)
    worst_count = worst_sum = 0
    for r in range(scale(3, 30)):
        store = Store(tmp_path / f"pos-{r}.db")
        t = now()
        texts = []
        for _ in range(16):
            texts.append(fam.device.code_at(t))
            fam.device.bump(t)
        gate = threading.Barrier(16)

        def take(i: int, s: Store = store, c: list[str] = texts, g: threading.Barrier = gate,
                 t: int = t) -> bool:
            g.wait(10)
            try:
                return offline.accept_offline(
                    s, cache, rules, key=f"k{i}", text=c[i], amount=1_500, currency="CNY",
                    items=[], reference=None, now_s=t,
                ).accepted
            finally:
                s.close()

        with ThreadPoolExecutor(max_workers=16) as pool:
            accepted = sum(pool.map(take, range(16)))
        queued = store.by_status("queued")
        worst_count = max(worst_count, len(queued))
        worst_sum = max(worst_sum, sum(q.amount for q in queued))
        assert accepted == len(queued)
        store.close()
    report("11", "most queued offline for one grant (cap 3 payments, 5,000)",
           f"{worst_count} payments, {worst_sum}", engine=engine)
    assert worst_count <= rules.max_count_per_grant
    assert worst_sum <= rules.max_sum_per_grant_minor
    term.close()
    fam.close()


WAIT_S = 60.0  # a bound on waiting for what the terminal process prints


class Pos:
    """pos_forwarder as its own process, its output read line by line as it comes, so the
    test waits for what the process says (never a sleep) before it kills it."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.pos_forwarder", *args],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            start_new_session=True,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        self.ended = False  # the end of its output was read
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.strip())
        self.lines.put(None)  # end of output

    def wait_for(self, wanted: str, count: int = 1) -> bool:
        """Read until `count` lines starting with `wanted` were printed; False if the
        process ended first. Fails the test if it says nothing for WAIT_S."""
        found = sum(1 for line in self.seen if line.startswith(wanted))
        while found < count:
            line = self.lines.get(timeout=WAIT_S)
            if line is None:
                self.ended = True
                return False
            self.seen.append(line)
            found += line.startswith(wanted)
        return True

    def kill(self) -> list[str]:
        """kill -9, then every line it printed before it died."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        return self.close()

    def close(self) -> list[str]:
        """Wait for the process to end; every line it printed."""
        self.proc.wait(timeout=WAIT_S)
        self.reader.join(WAIT_S)
        while not self.ended:
            line = self.lines.get(timeout=WAIT_S)
            if line is None:
                self.ended = True
            else:
                self.seen.append(line)
        assert self.proc.stdout is not None
        self.proc.stdout.close()
        return self.seen


def _payments_stored(db: str) -> int:
    with peek(db) as c:
        return int(c.scalar("SELECT COUNT(*) FROM payments"))


def _until(condition: Any, what: str) -> None:
    """Poll a condition the test can observe (bounded), instead of sleeping a guess."""
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, f"waited {WAIT_S} s for {what}"
        time.sleep(0.01)


@pytest.mark.timeout(scale(300, 1800))
def test_a_killed_terminal_forwards_every_payment_exactly_once(
    server: ServerProcess, engine: str, tmp_path: Path
) -> None:
    fams = quick_families(server.db, server.url, 4, balance=10_000_000,
                          limits=(5_000, 10_000_000, 100_000_000))
    [term] = terminals(server.db, server.url, 1)
    devices = []
    for i, f in enumerate(fams):
        path = tmp_path / f"device-{i}.json"
        f.device.save(path)
        devices.append(str(path))
    store_path = tmp_path / "pos" / "journal.db"
    keys_dir = tmp_path / "pos"
    offline.KeyCache(keys_dir).save_keys(term.keys())
    offline.KeyCache(keys_dir).save_revocations(term.revocations())  # needed offline too
    before = sum(payer_balance(f) for f in fams)
    rng = random.Random(12)
    # Killed while accepting: every key it printed (told the cashier) must be queued.
    pos = Pos("accept", str(store_path), str(keys_dir), json.dumps(devices), str(POS_PAYMENTS))
    # Killed once it has told the cashier of a random number of accepted payments (it keeps
    # accepting while the kill is on its way: those it printed count too).
    assert pos.wait_for("pos-", rng.randint(100, 300)), "the terminal stopped accepting"
    told = [line for line in pos.kill() if line.startswith("pos-")]
    store = Store(store_path)
    queued = [row.key for row in store.by_status("queued")]
    store.close()
    lost_from_queue = len(set(told) - set(queued))
    # Killed in the middle of forwards: a slow link holds each answer back.
    proxy = HoldingProxy(target_port=server.port, hold_s=0.6).start()
    kills = 0
    try:
        for _ in range(POS_KILLS):
            proxy.hold_next = 10**6
            stored = _payments_stored(server.db)
            pos = Pos("forward", str(store_path), proxy.url, str(term.token))
            if pos.wait_for("forwarding") and rng.random() < 0.7:
                # The server has settled the batch; its answer is held back in the proxy.
                _until(lambda s=stored, p=pos: _payments_stored(server.db) > s or (
                    p.proc.poll() is not None), "the server to store the batch")
            kills += pos.proc.poll() is None
            pos.kill()
        proxy.hold_next = 0
    finally:
        proxy.stop()
    pos = Pos("forward", str(store_path), server.url, str(term.token))
    assert pos.wait_for("done"), pos.seen[-5:]
    pos.close()
    store = Store(store_path)
    rows = {r.key: r for status in ("approved", "declined") for r in store.by_status(status)}
    left = store.count("queued") + store.count("pending")
    store.close()
    not_once, bad_transfers = settled_once(server.db, str(term.token), queued)
    approved = [k for k in queued if rows.get(k) and rows[k].status == "approved"]
    charged = before - sum(payer_balance(f) for f in fams)
    expected = sum(rows[k].amount for k in approved)
    report("12", "payments queued by the terminal killed while accepting", len(queued),
           engine=engine)
    report("12", "kills mid-forward", kills, engine=engine)
    report("12", "accepted payments missing from the queue", lost_from_queue, engine=engine)
    report("12", "payments not settled exactly once", not_once + bad_transfers + left,
           engine=engine)
    assert lost_from_queue == 0
    assert not_once == bad_transfers == left == 0
    assert charged == expected
    assert kills > 0 and 0 < len(queued) < POS_PAYMENTS
    assert check_ledger(server.db)["ok"]
    close_all([term])
    for f in fams:
        f.close()
