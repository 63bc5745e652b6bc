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

from server_stub import security
from server_stub.app import create_app
from tests.server.helpers import PASSWORD
from tests.servers import ServerProcess, app_in_process

FULL_PASSWORD_HASHING = True
SERVER_ARGS = ["--sign-ups-per-hour", "2"]
BURST = 20
FLOOD = 12


@pytest.fixture(scope="module")
def engine() -> str:
    return "sqlite"


def _from(address: str) -> httpx.Client:
    return httpx.Client(timeout=120, transport=httpx.HTTPTransport(local_address=address))


def _sign_up(url: str, address: str) -> int:
    with _from(address) as http:
        return http.post(f"{url}/v1/users", json={
            "name": f"burst-{secrets.token_hex(4)}", "password": PASSWORD,
            "role": "payer"}).status_code


@pytest.fixture
def counted_hashes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[
        tuple[str, list[int]]]:
    """The real app (full-strength hashes, two sign-ups an hour an address) under uvicorn
    on 127.0.0.1 in this process; every password hash it makes goes through a spy that
    counts it and calls the real `security.hash_password`."""
    made: list[int] = []
    real_hash = security.hash_password

    def counting(password: str) -> str:
        made.append(1)
        return real_hash(password)

    monkeypatch.setattr(security, "hash_password", counting)
    with app_in_process(create_app(str(tmp_path / "kinpay.db"), sign_ups_per_hour=2)) as url:
        yield url, made


def test_a_sign_up_burst_is_refused_before_hashing(
    counted_hashes: tuple[str, list[int]],
) -> None:
    url, made = counted_hashes
    with ThreadPoolExecutor(BURST) as pool:
        answers = list(pool.map(lambda _: _sign_up(url, "127.0.0.2"), range(BURST)))
    assert answers.count(201) == 2, answers
    assert answers.count(429) == BURST - 2, answers
    # Two accounts made, two hashes: hashing every request would have made twenty.
    assert len(made) == 2, f"{BURST} sign-ups for 2 accounts made {len(made)} password hashes"


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
