"""Idle event streams of free accounts cost the server work (attack review 37): each open
stream read the database every half second and at every commit of anyone's (512 idle
streams: a parent's list 2.5 ms -> 254 ms). Now the process looks once for all its streams
(server_stub/stream_hub.py: each user's last event id, and which sessions ended, in one
read) and wakes only the streams that have something. What must hold still, with many
streams open and other families paying: a stream hears its own user's events, and only
those; a stream whose session was signed out everywhere ends."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest

from kinpay.client import Client
from kinpay.device import Device
from tests.security.conftest import shop_key, victim
from tests.server.helpers import PASSWORD, bearer, now, pay, user
from tests.servers import Postgres, ServerProcess

IDLE = 20  # other accounts' idle streams (the address's bound is 32)
READ_S = 20.0  # the longest a read waits for a line (pings come every 3 s)
MOST_LINES = 40  # a stream read no further: ~20 pings, a minute



def _open(http: httpx.Client, held: ExitStack, token: str | None) -> Iterator[str]:
    """An open stream's lines, after its opening frame."""
    r = held.enter_context(http.stream("GET", "/v1/events", headers=bearer(token)))
    assert r.status_code == 200, r.read()
    lines = r.iter_lines()
    opening = [next(lines) for _ in range(3)]  # the opening frame: the stream is live
    assert opening[0] == "retry: 1000" and opening[1].startswith("id: "), opening
    return lines


def _code(device: Device) -> str:
    t = now()
    code = device.code_at(t)
    device.bump(t)
    return code


def _events_until_payment(lines: Iterator[str], payment_id: str) -> list[dict[str, Any]]:
    """The events a stream sends up to the payment `payment_id`'s; fails with what it had
    when the stream ends or goes on without it for MOST_LINES lines."""
    seen: list[dict[str, Any]] = []
    for n, line in enumerate(lines):
        if line.startswith("data:"):
            seen.append(json.loads(line[5:]))
            if seen[-1]["type"] == "payment" and seen[-1]["data"]["id"] == payment_id:
                return seen
        if n >= MOST_LINES:
            break
    raise AssertionError(f"the stream never sent payment {payment_id}; it sent {seen}")


def _lines_until_pings(lines: Iterator[str], pings: int) -> list[str]:
    """What a stream sends until its `pings`-th ping (3 s apart), at most MOST_LINES."""
    got: list[str] = []
    for line in lines:
        got.append(line)
        if sum(x == ": ping" for x in got) >= pings or len(got) >= MOST_LINES:
            return got
    raise AssertionError(f"the stream ended; it sent {got}")


def test_a_stream_hears_its_users_payment_among_many_streams_and_nobody_elses(
    server: ServerProcess,
) -> None:
    shop = Client(server.url, token=shop_key(server))
    target = victim(server)
    busy = [victim(server) for _ in range(2)]
    bystander = user(server.url, "payer")
    idle = [user(server.url, "delegate") for _ in range(IDLE)]
    timeout = httpx.Timeout(30, read=READ_S)
    with httpx.Client(base_url=server.url, timeout=timeout,
                      limits=httpx.Limits(max_connections=None)) as http, ExitStack() as held:
        for c in idle:
            _open(http, held, c.token)
        for b in busy:
            _open(http, held, b.payer.token)
        mine = _open(http, held, target.payer.token)
        theirs = _open(http, held, bystander.token)
        others = [pay(shop, _code(b.device), 100) for b in busy for _ in range(3)]
        assert [p.status for p in others] == ["approved"] * 6
        paid = pay(shop, _code(target.device), 250)
        assert paid.status == "approved"
        # The target's stream: its payment, and none of the other families'.
        heard = _events_until_payment(mine, paid.id)
        assert [e["data"]["id"] for e in heard if e["type"] == "payment"] == [paid.id]
        # The bystander, who has no events, is sent none of theirs: pings only.
        sent = _lines_until_pings(theirs, 2)
        assert [x for x in sent if x not in (": ping", "")] == [], sent
    for c in (shop, bystander, *idle):
        c.close()
    for v in (target, *busy):
        v.close()


def test_signing_out_everywhere_ends_a_stream_among_many(server: ServerProcess) -> None:
    idle = [user(server.url, "delegate") for _ in range(IDLE)]
    owner = user(server.url, "payer")
    phone = Client(server.url)
    phone.sign_in(owner.me().name, PASSWORD)
    timeout = httpx.Timeout(30, read=READ_S)
    with httpx.Client(base_url=server.url, timeout=timeout,
                      limits=httpx.Limits(max_connections=None)) as http, ExitStack() as held:
        for c in idle:
            _open(http, held, c.token)
        stream = _open(http, held, phone.token)
        watching = _open(http, held, idle[0].token)  # another account's stays
        assert http.delete("/v1/sessions", headers=bearer(owner.token)).status_code == 204
        for n, _ in enumerate(stream):
            assert n < MOST_LINES, "the signed-out session's stream stayed open"
        assert http.get("/v1/events", headers=bearer(phone.token)).status_code == 401
        assert next(watching) in (": ping", "")  # still open: its pings come
    for c in (owner, phone, *idle):
        c.close()


@pytest.mark.postgres
def test_a_stream_hears_what_another_server_process_commits(
    postgres: Postgres, tmp_path: Path,
) -> None:
    """Two servers on one PostgreSQL database (a shop's several): the hub of the one that
    holds the stream sees the other's commit at its next look (no commit of its own wakes
    it). The account signs in on the other server: the stream hears of it ("signed_in")."""
    db = postgres.create_db(f"hub_{secrets.token_hex(4)}")
    one, other = (ServerProcess(db=db, log_path=tmp_path / f"server{n}.log", demo=False)
                  for n in (1, 2))
    one.start()
    try:
        other.start()
        owner = user(one.url, "payer")
        timeout = httpx.Timeout(30, read=READ_S)
        with httpx.Client(base_url=one.url, timeout=timeout) as http, ExitStack() as held:
            lines = _open(http, held, owner.token)
            phone = Client(other.url)
            phone.sign_in(owner.me().name, PASSWORD)
            for n, line in enumerate(lines):
                if line.startswith("data:") and '"signed_in"' in line:
                    break
                assert n < MOST_LINES, "the other server's sign-in never reached the stream"
            else:
                raise AssertionError("the stream ended before the other server's sign-in")
            phone.close()
        owner.close()
    finally:
        other.stop()
        one.stop()
