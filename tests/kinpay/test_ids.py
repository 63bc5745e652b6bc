"""Row ids and idempotency keys (kinpay.ids): 32 lowercase hex, in the order they were made
to the millisecond, with 80 random bits after the time."""

from __future__ import annotations

import re
import time

from kinpay.client import new_idempotency_key
from kinpay.ids import ordered_id
from server_stub.security import new_id

HEX32 = re.compile(r"[0-9a-f]{32}")


def test_ids_made_later_sort_later_and_name_their_millisecond() -> None:
    before_ms = time.time_ns() // 1_000_000
    ids = []
    for _ in range(5):
        ids.append(ordered_id())
        time.sleep(0.002)  # the next one in a later millisecond
    after_ms = time.time_ns() // 1_000_000
    assert all(HEX32.fullmatch(i) for i in ids), ids
    assert ids == sorted(ids) and len(set(ids)) == 5
    stamps = [int(i[:12], 16) for i in ids]
    assert before_ms <= stamps[0] < stamps[-1] <= after_ms


def test_ids_of_one_millisecond_differ_in_their_random_part() -> None:
    ids = [ordered_id() for _ in range(2000)]
    assert len(set(ids)) == 2000
    tails = {i[12:] for i in ids}
    assert len(tails) == 2000  # 80 random bits: no two alike, even within a millisecond


def test_the_server_and_the_till_make_their_ids_this_way() -> None:
    for make in (new_id, new_idempotency_key):
        first = make()
        time.sleep(0.002)
        second = make()
        assert HEX32.fullmatch(first) and HEX32.fullmatch(second)
        assert first < second, (make.__name__, first, second)
