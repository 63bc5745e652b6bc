"""Password hashing as a shared resource (attack review 35, finding 4).

The server hashes two passwords at once a process (scrypt, 128 MiB and ~0.5 s each).
- A burst of sign-ups from one address was hashed whole before the per-hour count was
  taken: 200 at once cost 86 s of CPU for 19 accounts. Bound: the address's slot is taken
  first; a request without one is refused (429 `too_many_accounts`) before any hashing.
- Whoever kept the hashing busy (sign-ins with unknown names cost a hash too) made
  everyone else's sign-in wait behind all of it: 20 s and more, where a wallet gives up
  after 3 s. Bound: the password routes take turns between client addresses (the front
  door's PasswordGate): another address's sign-in goes in after at most one from each
  address ahead of it, the flood's queue bounded (429/503 with Retry-After beyond it).
Full-strength hashing, so the cost is the real one.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.server.helpers import PASSWORD
from tests.servers import ServerProcess

FULL_PASSWORD_HASHING = True
SERVER_ARGS = ["--sign-ups-per-hour", "2"]
BURST = 20
FLOOD = 12


@pytest.fixture(scope="module")
def engine() -> str:
    return "sqlite"


def _from(address: str) -> httpx.Client:
    return httpx.Client(timeout=120, transport=httpx.HTTPTransport(local_address=address))


def _cpu_ticks(pid: int) -> int:
    """The server process's CPU time so far (user + system), in clock ticks (/proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def _sign_up(url: str, address: str) -> int:
    with _from(address) as http:
        return http.post(f"{url}/v1/users", json={
            "name": f"burst-{secrets.token_hex(4)}", "password": PASSWORD,
            "role": "payer"}).status_code


def test_a_sign_up_burst_is_refused_before_hashing(server: ServerProcess) -> None:
    assert server.proc is not None
    pid = server.proc.pid
    # What one sign-up costs the server (its hash, mostly), from an address of its own.
    at = _cpu_ticks(pid)
    assert _sign_up(server.url, "127.0.0.4") == 201
    one = max(_cpu_ticks(pid) - at, 1)
    at = _cpu_ticks(pid)
    with ThreadPoolExecutor(BURST) as pool:
        answers = list(pool.map(lambda _: _sign_up(server.url, "127.0.0.2"), range(BURST)))
    spent = _cpu_ticks(pid) - at
    assert answers.count(201) == 2, answers
    assert answers.count(429) == BURST - 2, answers
    # Two accounts made, so about two hashes: hashing every request would cost twenty.
    assert spent < 6 * one, (f"{BURST} sign-ups for 2 accounts cost the server as much CPU"
                             f" as {spent / one:.0f} sign-ups")


@pytest.fixture(scope="module")
def parent(server: ServerProcess) -> Iterator[str]:
    url = server.url
    name = f"parent-{secrets.token_hex(4)}"
    with _from("127.0.0.1") as http:
        made = http.post(f"{url}/v1/users", json={"name": name, "password": PASSWORD,
                                                  "role": "payer"})
        assert made.status_code == 201, made.text
    yield name


def test_a_flood_of_sign_ins_does_not_starve_another_address(server: ServerProcess,
                                                             parent: str) -> None:
    url = server.url
    done = [0]
    started = threading.Event()
    lock = threading.Lock()

    def guess(_: int) -> int:
        started.set()
        with _from("127.0.0.3") as http:  # unknown names: each costs a hash all the same
            got = http.post(f"{url}/v1/sessions", json={
                "name": f"nobody-{secrets.token_hex(4)}", "password": "wrong-password-1"})
        with lock:
            done[0] += 1
        return got.status_code

    with ThreadPoolExecutor(FLOOD) as pool:
        flood = [pool.submit(guess, i) for i in range(FLOOD)]
        started.wait(10)
        while done[0] == 0 and not all(f.done() for f in flood):
            threading.Event().wait(0.05)  # the flood is hashing: the rest of it queued
        before = done[0]
        with _from("127.0.0.1") as http:
            mine = http.post(f"{url}/v1/sessions", json={"name": parent, "password": PASSWORD})
        overtaken = done[0] - before
        codes = [f.result() for f in flood]
    assert mine.status_code == 201, mine.text
    assert overtaken <= 6, (f"the parent's sign-in waited for {overtaken} of another address's"
                            f" {FLOOD} sign-ins (answers {codes})")
    assert set(codes) <= {401, 429, 503}, codes
