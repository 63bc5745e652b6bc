"""kinpay.clock: the offset a tablet learns from the server, and when it applies one."""

from __future__ import annotations

from kinpay.clock import MOST_S, TOLERATED_S, ServerClock

WALL = 1_800_000_000.4  # the tablet's own clock, fixed for the test


def _clock(offset_s: int = 0) -> ServerClock:
    return ServerClock(lambda: WALL, offset_s=offset_s)


def test_an_offset_beyond_the_tolerance_is_learnt_and_applied() -> None:
    clock = _clock()
    assert clock() == WALL
    assert clock.learn(int(WALL) + 300) is True  # the server is 5 minutes ahead
    assert clock.offset_s == 300
    assert clock() == WALL + 300
    assert clock.learn(int(WALL) - 3_600) is True  # the tablet is an hour fast
    assert clock() == WALL - 3_600


def test_a_clock_within_the_tolerance_is_left_as_it_is() -> None:
    clock = _clock()
    for off in (0, 1, -1, TOLERATED_S - 1, -(TOLERATED_S - 1)):
        assert clock.learn(int(WALL) + off) is False
        assert clock() == WALL
    # Learnt once, then the tablet's clock was set right: back to its own.
    clock = _clock(offset_s=120)
    assert clock.learn(int(WALL) + 2) is True
    assert clock.offset_s == 0 and clock() == WALL


def test_the_second_a_reading_is_rounded_to_changes_nothing() -> None:
    clock = _clock(offset_s=300)
    assert clock.learn(int(WALL) + 301) is False  # 300.6 measured: the same offset
    assert clock.learn(int(WALL) + 299) is False
    assert clock.offset_s == 300
    assert clock.learn(int(WALL) + 305) is True
    assert clock.offset_s == 305


def test_a_reading_that_is_no_time_is_not_believed() -> None:
    clock = _clock(offset_s=60)
    assert clock.learn(0) is False
    assert clock.learn(int(WALL) + MOST_S + 10) is False
    assert clock.offset_s == 60
    assert _clock(offset_s=MOST_S + 1).offset_s == 0  # a saved value that can't be one
