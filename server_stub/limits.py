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


class RateLimiter:
    """A token bucket per key (a client's bearer token): `rate_per_s` requests a second on
    average, up to `burst` at once. Checked before a request reaches the routes, so a
    client that floods costs the server one dictionary look-up per excess request."""

    def __init__(self, *, rate_per_s: float, burst: int, max_keys: int = 100_000) -> None:
        if rate_per_s <= 0 or burst < 1:
            raise ValueError("a rate limit needs a positive rate and a burst of at least 1")
        self.rate_per_s = rate_per_s
        self.burst = burst
        self.max_keys = max_keys
        self._buckets: dict[bytes, tuple[float, float]] = {}  # key -> (tokens, at)
        self._lock = threading.Lock()

    def take(self, key: bytes) -> float:
        """0 if `key` may make a request now, otherwise the seconds until it may."""
        now = time.monotonic()
        with self._lock:
            tokens, at = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - at) * self.rate_per_s)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                return (1.0 - tokens) / self.rate_per_s
            if len(self._buckets) >= self.max_keys and key not in self._buckets:
                self._buckets.clear()
            self._buckets[key] = (tokens - 1.0, now)
            return 0.0


def parse_rate(text: str) -> RateLimiter | None:
    """"RATE/BURST" (e.g. "30/90") as a limiter; "0" or "" turns the limit off."""
    text = text.strip()
    if text in ("", "0", "off"):
        return None
    rate, _, burst = text.partition("/")
    try:
        rate_per_s = float(rate)
        return RateLimiter(rate_per_s=rate_per_s, burst=int(burst or 3 * rate_per_s))
    except ValueError:
        raise ValueError(f"a rate limit is RATE/BURST, e.g. 30/90, not {text!r}") from None

