"""Row ids and idempotency keys (kinpay.ids): 32 lowercase hex, in the order they were made
to the millisecond, with 80 random bits after the time. The clock is the test's own, so
nothing here waits or depends on the machine's time."""

from __future__ import annotations

import re

import pytest

from kinpay import ids
from kinpay.client import new_idempotency_key
from server_stub.security import new_id

HEX32 = re.compile(r"[0-9a-f]{32}")
START_NS = 1_796_000_000_123 * 1_000_000  # 2026-11-30, a millisecond's start


def at(monkeypatch: pytest.MonkeyPatch, ns: int) -> None:
    monkeypatch.setattr(ids.time, "time_ns", lambda: ns)


def test_an_id_names_its_millisecond_and_a_later_one_sorts_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = []
    for ms in (0, 1, 2, 1_000, 86_400_000):
        at(monkeypatch, START_NS + ms * 1_000_000 + 999_999)  # late in that millisecond
        made.append(ids.ordered_id())
    assert all(HEX32.fullmatch(i) for i in made), made
    assert made == sorted(made)
    assert [int(i[:12], 16) - 1_796_000_000_123 for i in made] == [0, 1, 2, 1_000, 86_400_000]


def test_ids_of_one_millisecond_differ_in_their_random_part(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    at(monkeypatch, START_NS)
    made = [ids.ordered_id() for _ in range(2_000)]
    assert {i[:12] for i in made} == {f"{1_796_000_000_123:012x}"}
    assert len({i[12:] for i in made}) == 2_000  # 80 random bits: no two alike


def test_the_server_and_the_till_make_their_ids_this_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for make in (new_id, new_idempotency_key):
        at(monkeypatch, START_NS)
        first = make()
        at(monkeypatch, START_NS + 1_000_000)
        second = make()
        assert HEX32.fullmatch(first) and HEX32.fullmatch(second)
        assert first[:12] == f"{1_796_000_000_123:012x}" and first < second, make.__name__
