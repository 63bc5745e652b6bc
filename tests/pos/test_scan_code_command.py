"""`kinpay code --device F`: how one tries a till without a tablet (issue 13 §4).

Each call advances the device file's counter under a file lock, as the tablet does after
a payment, so two tries in one 30 s step get two codes the real server approves.
"""

from __future__ import annotations

import json
import stat
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from kinpay import codes
from kinpay.client import Client, new_idempotency_key
from tests.servers import KINPAY, run_kinpay

PARALLEL_CALLS = 6


def _code(device: str, *extra: str) -> str:
    return run_kinpay("code", "--device", device, *extra).stdout.strip()


def _pay(world: dict[str, Any], code: str) -> str:
    with Client(world["server_url"], token=world["merchant"]["api_key"]) as term:
        payment, _ = term.pay(code, 100, "CNY", idempotency_key=new_idempotency_key())
    return payment.status


def test_two_calls_in_one_step_give_two_codes_the_server_approves(
    sqlite_world: dict[str, Any],
) -> None:
    device = sqlite_world["delegate"]["device"]
    now_s = int(time.time())
    step_s = 30
    if now_s % step_s > step_s - 5:  # keep both calls inside one step of the server's clock
        time.sleep(step_s - now_s % step_s + 0.5)
        now_s = int(time.time())
    first = _code(device, "--at", str(now_s))
    second = _code(device, "--at", str(now_s))
    assert first != second
    assert codes.parse_code(first).step == codes.parse_code(second).step
    assert codes.parse_code(second).counter == codes.parse_code(first).counter + 1
    assert _pay(sqlite_world, first) == "approved"
    assert _pay(sqlite_world, second) == "approved"


def test_peek_prints_the_current_code_and_changes_nothing(sqlite_world: dict[str, Any]) -> None:
    device = Path(sqlite_world["delegate"]["device"])
    now_s = str(int(time.time()))
    shown = _code(str(device), "--at", now_s)
    saved = device.read_bytes()
    assert _code(str(device), "--at", now_s, "--peek") == shown
    assert _code(str(device), "--at", now_s, "--peek", "--json") != shown  # JSON, same code
    assert json.loads(_code(str(device), "--at", now_s, "--peek", "--json"))["code"] == shown
    assert device.read_bytes() == saved
    assert stat.S_IMODE(device.stat().st_mode) == 0o600


def test_calls_at_once_never_print_one_code_twice(sqlite_world: dict[str, Any]) -> None:
    device = sqlite_world["delegate"]["device"]
    now_s = str(int(time.time()))

    def call(_: int) -> str:
        done = subprocess.run([*KINPAY, "code", "--device", device, "--at", now_s],
                              capture_output=True, text=True, timeout=60, check=True)
        return done.stdout.strip()

    with ThreadPoolExecutor(PARALLEL_CALLS) as pool:
        printed = list(pool.map(call, range(PARALLEL_CALLS)))
    assert len(set(printed)) == PARALLEL_CALLS
    counters = sorted(codes.parse_code(c).counter for c in printed)
    assert counters == list(range(counters[0], counters[0] + PARALLEL_CALLS))
