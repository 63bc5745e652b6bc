"""Rate limits against guessing and flooding, per terminal and per device.

In memory, per server process: a sliding window of failures. A terminal that sends too
many invalid codes is told to wait (429 with Retry-After); a device whose numeric code is
guessed wrong too often stops accepting numeric codes for a while, wherever they come from.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass

from server_stub.errors import TooMany


class FailureWindow:
    def __init__(self, *, limit: int, window_s: float, lockout_s: float) -> None:
        self.limit = limit
        self.window_s = window_s
        self.lockout_s = lockout_s
        self._fails: dict[str, deque[float]] = {}
        self._locked_until: dict[str, float] = {}
        self._in_flight: dict[str, int] = {}
        self._lock = threading.Lock()

    def retry_after_s(self, key: str) -> int:
        """0 if `key` may go on, otherwise the seconds it must wait."""
        with self._lock:
            until = self._locked_until.get(key, 0.0)
        left = until - time.monotonic()
        return int(left) + 1 if left > 0 else 0

    def begin(self, key: str) -> int:
        """Reserve one attempt for `key` before it is judged: 0 if it may go on, otherwise
        the seconds to wait. Attempts still being judged count as failures until `end`, so
        a burst sent all at once gets no more attempts than a series would."""
        now = time.monotonic()
        with self._lock:
            left = self._locked_until.get(key, 0.0) - now
            if left > 0:
                return int(left) + 1
            q = self._fails.get(key)
            while q and q[0] < now - self.window_s:
                q.popleft()
            if (len(q) if q else 0) + self._in_flight.get(key, 0) >= self.limit:
                return 1
            self._in_flight[key] = self._in_flight.get(key, 0) + 1
        return 0

    def end(self, key: str, *, failed: bool) -> None:
        """The attempt reserved by `begin` was judged: a failure, or not."""
        with self._lock:
            left = self._in_flight.get(key, 0) - 1
            if left > 0:
                self._in_flight[key] = left
            else:
                self._in_flight.pop(key, None)
        if failed:
            self.fail(key)

    def fail(self, key: str) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._fails) > 100_000:
                self._fails.clear()
            q = self._fails.setdefault(key, deque(maxlen=self.limit))
            while q and q[0] < now - self.window_s:
                q.popleft()
            q.append(now)
            if len(q) >= self.limit:
                self._locked_until[key] = now + self.lockout_s
                q.clear()


@dataclass
class NumericAttempt:
    """A numeric code being judged, counted against its terminal and its device."""

    limits: Limits
    terminal: str
    device: str

    def end(self, *, failed: bool) -> None:
        self.limits.terminal_numeric.end(self.terminal, failed=failed)
        self.limits.device_numeric.end(self.device, failed=failed)


class Limits:
    def __init__(self) -> None:
        # 20 invalid codes a minute from one terminal is no cashier's mistake.
        self.terminal_invalid = FailureWindow(limit=20, window_s=60, lockout_s=60)
        # Numeric guesses: 5 wrong a terminal in 5 minutes, 10 wrong a device in an hour.
        self.terminal_numeric = FailureWindow(limit=5, window_s=300, lockout_s=300)
        self.device_numeric = FailureWindow(limit=10, window_s=3600, lockout_s=3600)

    def numeric_attempt(self, terminal: str, device: str) -> NumericAttempt:
        """Reserve a numeric guess for this terminal and device, or raise TooMany."""
        wait = self.terminal_numeric.begin(terminal)
        if not wait:
            wait = self.device_numeric.begin(device)
            if wait:
                self.terminal_numeric.end(terminal, failed=False)
        if wait:
            raise TooMany("too many wrong numeric codes: scan the QR code", wait)
        return NumericAttempt(self, terminal, device)
