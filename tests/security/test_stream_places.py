"""A stranger holds event streams with many free accounts (attack review 37): a stream is
bounded per session (2) and per user (4), but sign-ups are free, so one address held as
many streams as it made accounts, and each one cost the server a read every half second
and at every commit of anyone's. Now one client address holds at most 32 at once
(routes/accounts.py MAX_STREAMS_PER_ADDRESS; the process MAX_STREAMS): a session's further
stream past it is refused 429 with Retry-After; a session's first takes the place of the oldest
stream of the user holding the most there, so whoever fills the bound loses its own first,
and a parent whose wallet shares the address (a NAT, a proxy) still gets its stream."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack

import httpx
import pytest

from server_stub.events import StreamSlot, StreamSlots
from server_stub.routes.accounts import MAX_STREAMS_PER_SESSION, MAX_STREAMS_PER_USER
from tests.server.helpers import bearer, sign_in, user
from tests.servers import ServerProcess

# What this test holds the server to: one address's streams at once (ADDRESS_BOUND).
ADDRESS_BOUND = 32
READ_S = 20.0  # the longest a test waits for a line (pings come every 3 s)
MOST_LINES = 40  # a stream read no further: ~20 pings, a minute
FREED_TRIES = 100  # asks, 0.1 s apart, for the place a closed stream gave back


@pytest.fixture(scope="module")
def engine() -> str:
    return "sqlite"  # the address, not storage




def _until_end(lines: Iterator[str]) -> str:
    """"ended" when the stream ends within MOST_LINES lines, else "open"."""
    for n, _ in enumerate(lines):
        if n >= MOST_LINES:
            return "open"
    return "ended"


def test_one_address_holds_at_most_its_streams_and_a_closed_one_frees_a_place(
    server: ServerProcess,
) -> None:
    # The stranger: accounts of 2 sessions x 2 streams, up to the address's bound but one.
    per_account = MAX_STREAMS_PER_USER
    assert per_account == 2 * MAX_STREAMS_PER_SESSION
    accounts = (ADDRESS_BOUND - 1) // per_account
    sessions = []
    for _ in range(accounts):
        c = user(server.url, "payer")
        sessions += [str(c.token), sign_in(server.url, c.me().name)] * MAX_STREAMS_PER_SESSION
        c.close()
    rest = user(server.url, "delegate")
    left = ADDRESS_BOUND - 1 - len(sessions)  # 3: the last account's, 2 sessions
    last_sessions = [str(rest.token), sign_in(server.url, rest.me().name)]
    sessions += [last_sessions[n % 2] for n in range(left)]
    # One more account's session takes the last place with its first stream.
    asker = user(server.url, "payer")
    timeout = httpx.Timeout(30, read=READ_S)
    with httpx.Client(base_url=server.url, timeout=timeout,
                      limits=httpx.Limits(max_connections=None)) as http, ExitStack() as held:
        streams = [held.enter_context(http.stream("GET", "/v1/events", headers=bearer(t)))
                   for t in [*sessions, str(asker.token)]]
        assert [s.status_code for s in streams] == [200] * ADDRESS_BOUND
        # The address holds its bound: the asking session's second stream is refused.
        with http.stream("GET", "/v1/events", headers=bearer(str(asker.token))) as more:
            assert more.status_code == 429, f"stream {ADDRESS_BOUND + 1} was let in"
            more.read()
            assert int(more.headers["Retry-After"]) > 0
            assert "one address" in more.json()["error"]["message"]
        # A stream closed gives its place back.
        streams[0].close()
        again = None
        for _ in range(FREED_TRIES):
            asked = held.enter_context(http.stream("GET", "/v1/events",
                                                   headers=bearer(str(asker.token))))
            if asked.status_code == 200:
                again = asked
                break
            asked.read()
            asked.close()
            time.sleep(0.1)
        assert again is not None, "the place of the closed stream was never given back"
        # Full again: a new session's first stream (a parent at the same address) is let in,
        # in the place of the oldest stream of the account holding the most (the stranger's
        # second account: its first's stream was the one closed).
        parent = user(server.url, "payer")
        mine = held.enter_context(http.stream("GET", "/v1/events",
                                              headers=bearer(str(parent.token))))
        assert mine.status_code == 200, mine.read()
        assert _until_end(streams[per_account].iter_lines()) == "ended", \
            "no stream gave its place to the parent's first"
        parent.close()
    rest.close()
    asker.close()


def _slots(*held: tuple[str, str, str], most: int) -> tuple[StreamSlots, list[StreamSlot]]:
    places = StreamSlots()
    opened = []
    for user_id, session, address in held:
        slot = places.open(user_id, session, 4, 2, address=address, per_address=3,
                           process_most=most)
        assert isinstance(slot, StreamSlot), slot
        opened.append(slot)
    return places, opened


def test_a_full_process_gives_a_first_stream_the_place_of_the_heaviest_addresss() -> None:
    """The process's bound (MAX_STREAMS, 2048: too many connections for a test to open),
    the same rule with small numbers: past it, a session's further stream is refused, and a
    session's first takes the place of the oldest stream of the heaviest user at the
    address holding the most; the strangers' addresses hold the most."""
    places, opened = _slots(("s1", "a", "10.0.0.1"), ("s2", "b", "10.0.0.1"),
                            ("s3", "c", "10.0.0.1"), ("s4", "d", "10.0.0.2"),
                            ("s4", "d", "10.0.0.2"), ("parent", "p", "10.0.0.9"), most=6)
    refused = places.open("parent", "p", 4, 2, address="10.0.0.9", per_address=3,
                          process_most=6)
    assert refused == "the server holds as many event streams as it may"
    child = places.open("child", "k", 4, 2, address="10.0.0.9", per_address=3,
                        process_most=6)
    assert isinstance(child, StreamSlot)
    assert [s.ended for s in opened] == [True, False, False, False, False, False]
    assert places.held("s1") == 0 and places.open_from("10.0.0.9") == 2
    places.close(child)
    assert places.open_from("10.0.0.9") == 1
