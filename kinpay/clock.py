"""The server's time on a device whose own clock is wrong.

A code is dated by the tablet that shows it and judged by the server's clock: one dated
more than a minute ahead is refused as from the future, one dated a rotation or two behind
as expired. A cheap tablet's clock is often minutes off (set by hand, no network for
weeks, a flat battery), and then every code it shows is declined. So the tablet learns
how far its clock is from the server's whenever it reaches the server, keeps that offset
(it survives a restart and weeks offline) and dates its codes by its own clock plus it.

An offset under `TOLERATED_S` is not applied: the server takes such codes as they are,
and a clock that is right stays exactly as it was (the server's time comes in whole
seconds).
"""

from __future__ import annotations

import time
from collections.abc import Callable

Clock = Callable[[], float]

# Below this the device's own clock is used as it is: a code 20 s slow still has at least
# 10 s to reach the server (it is valid for one to two rotations of 30 s), and one 20 s
# fast is well inside the minute ahead the server accepts.
TOLERATED_S = 20
# Further than this from the server's clock is not believed (a reading that is not one).
MOST_S = 10 * 365 * 86_400


class ServerClock:
    """The device's clock (`wall`) corrected by the offset last learnt from the server.
    Call it for the time, as one calls `time.time`."""

    def __init__(self, wall: Clock = time.time, *, offset_s: int = 0) -> None:
        self._wall = wall
        self._offset_s = offset_s if abs(offset_s) <= MOST_S else 0

    @property
    def wall(self) -> Clock:
        """The device's own clock."""
        return self._wall

    @property
    def offset_s(self) -> int:
        """Seconds added to the device's clock: the server's time minus the device's."""
        return self._offset_s

    def __call__(self) -> float:
        return self._wall() + self._offset_s

    def learn(self, server_now_s: int, *, at: float | None = None) -> bool:
        """The server said its time is `server_now_s` when the device's clock read `at`
        (just now when None): True when the offset in use changed."""
        measured = server_now_s - (self._wall() if at is None else at)
        if abs(measured) > MOST_S:
            return False
        offset = round(measured) if abs(measured) >= TOLERATED_S else 0
        if offset == self._offset_s or (offset and self._offset_s
                                        and abs(offset - self._offset_s) <= 1):
            return False  # the same, within the second the server's answer is rounded to
        self._offset_s = offset
        return True
