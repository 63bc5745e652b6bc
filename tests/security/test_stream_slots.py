"""A thief with the parent's password holds the account's event streams (attack review 36,
finding 2): streams were counted per user, 4 at once, first come first served, so two of
the thief's sessions holding 4 left the parent's wallet refused 429 at every retry: no
"someone signed in" notice (row 46), no payment notices, while the thief's streams heard
them live. Now a session holds at most 2 and a session asking when all are held takes the
place of the oldest stream of the session holding the most: the parent's wallet always
gets its stream, and the thief's stream it replaced ends (its client comes back from its
last event id)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import httpx

from server_stub.routes.accounts import MAX_STREAMS_PER_SESSION, MAX_STREAMS_PER_USER
from tests.server.helpers import bearer, sign_in, user
from tests.servers import ServerProcess

READ_S = 20.0  # the longest a test waits for a line (pings come every 3 s)
MOST_LINES = 40  # a stream read no further: ~20 pings, a minute (events come in 3 lines)




def _until(lines: Iterator[str], wanted: str) -> str:
    """Reads a stream's lines until one holds `wanted` ("found"), the stream ends
    ("ended") or MOST_LINES were read ("open"); each read is bounded by the client's."""
    for n, line in enumerate(lines):
        if wanted in line:
            return "found"
        if n >= MOST_LINES:
            return "open"
    return "ended"


def test_a_thief_holding_the_streams_cannot_keep_the_parent_from_its_own(
    server: ServerProcess,
) -> None:
    parent = user(server.url, "payer")
    name = parent.me().name
    thief = [sign_in(server.url, name) for _ in range(2)]  # two sessions of the thief's
    timeout = httpx.Timeout(30, read=READ_S)
    with httpx.Client(base_url=server.url, timeout=timeout) as http, ExitStack() as held:
        streams = [held.enter_context(http.stream("GET", "/v1/events", headers=bearer(t)))
                   for t in thief for _ in range(MAX_STREAMS_PER_SESSION)]
        assert [s.status_code for s in streams] == [200] * MAX_STREAMS_PER_USER
        with http.stream("GET", "/v1/events", headers=bearer(thief[0])) as third:
            assert third.status_code == 429  # a session's own bound
        mine = held.enter_context(http.stream("GET", "/v1/events",
                                              headers=bearer(str(parent.token))))
        assert mine.status_code == 200, mine.read()
        # The thief's oldest stream of a session holding the most gave its place: it ends.
        assert _until(streams[0].iter_lines(), "signed_in") == "ended"
        # The parent's stream hears the account's news: a new sign-in.
        sign_in(server.url, name)
        assert _until(mine.iter_lines(), '"signed_in"') == "found"
    parent.close()
