"""The server's clock. Tests may set it (server started with --test-clock)."""

from __future__ import annotations

import threading
import time


class Clock:
    def __init__(self) -> None:
        self._fixed_s: int | None = None
        self._lock = threading.Lock()

    def now_s(self) -> int:
        fixed = self._fixed_s
        return int(time.time()) if fixed is None else fixed

    def set(self, now_s: int | None) -> None:
        with self._lock:
            self._fixed_s = now_s
