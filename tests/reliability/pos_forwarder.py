"""The terminal's offline queue driven as its own process, so a test can kill -9 it:

    python -m tests.reliability.pos_forwarder accept STORE KEYS_DIR DEVICES_JSON N
        accepts N offline payments (codes from the device files), printing each key as
        soon as accept_offline has returned: what the cashier was told was accepted
    python -m tests.reliability.pos_forwarder forward STORE URL TOKEN
        forwards the queue, batch after batch, until it is empty (bounded), saying
        "forwarding N" (N queued) before each batch and "done" at the end
"""

from __future__ import annotations

import json
import sys
import time
import uuid
from pathlib import Path

from kinpay.client import Client
from kinpay.device import Device
from pos_app import offline, settle
from pos_app.core import offline as core_offline
from pos_app.store import Store

RULES = offline.RiskRules(floor_limit_minor=2_000, max_count_per_grant=1_000,
                          max_sum_per_grant_minor=10**7)
# What is under test is the queue across a kill, not the caps: the till's own hold of an
# allowance's offline day total (2 x its cap, pos_app/core/offline.py) is lifted as its risk
# rules are, so it accepts hundreds; the server judges each on upload as ever.
core_offline.OFFLINE_DAY_CAPS = 10**6
MAX_ROUNDS = 1_000


def accept(store_path: str, keys_dir: str, devices_json: str, n: int) -> None:
    store = Store(Path(store_path))
    cache = offline.KeyCache(Path(keys_dir))
    devices = [Device.load(Path(p)) for p in json.loads(devices_json)]
    for i in range(n):
        device = devices[i % len(devices)]
        t = int(time.time())
        code = device.code_at(t)
        device.bump(t)
        key = f"pos-{uuid.uuid4().hex}"
        decision = offline.accept_offline(
            store, cache, RULES, key=key, text=code, amount=100 + i % 50, currency="CNY",
            items=[], reference=None, now_s=t,
        )
        if decision.accepted:
            print(key, flush=True)
        else:
            print(f"declined {decision.reason}", flush=True)


def forward(store_path: str, url: str, token: str) -> None:
    store = Store(Path(store_path))
    client = Client(url, token=token, timeout_s=10.0, retries=0)
    for _ in range(MAX_ROUNDS):
        queued = store.count("queued")
        if queued == 0:
            print("done", flush=True)
            return
        print(f"forwarding {queued}", flush=True)  # the test waits for this, then kills
        settle.forward(client, store)
    raise SystemExit("the queue did not empty")


if __name__ == "__main__":
    if sys.argv[1] == "accept":
        accept(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    else:
        forward(sys.argv[2], sys.argv[3], sys.argv[4])
