"""A handheld USB scanner types the code as keystrokes and then Enter (a keyboard wedge).

On the amount screen digits belong to the keypad, so a wedge is told apart by what it
types first: a kinpay QR text starts with "KP1:", which no keypad key makes. The buffer
starts on a letter, takes every key that follows quickly, and hands the text over on
Enter. A pause longer than `gap_s` (a person pressing a letter by accident) drops it.
No Qt here.
"""

from __future__ import annotations

import time
from collections.abc import Callable

MAX_CHARS = 1024  # a kinpay code has 318; anything longer is not a code
DEFAULT_GAP_S = 0.5


class Wedge:
    def __init__(self, *, gap_s: float = DEFAULT_GAP_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.gap_s = gap_s
        self._clock = clock
        self._chars: list[str] = []
        self._last = 0.0

    @property
    def active(self) -> bool:
        if self._chars and self._clock() - self._last > self.gap_s:
            self._chars.clear()
        return bool(self._chars)

    def feed(self, text: str) -> bool:
        """Offer typed text; True if the wedge took it (so the keypad must not)."""
        if not text or not text.isprintable():
            return False
        if not self.active:
            if not text[0].isalpha():
                return False
        if len(self._chars) + len(text) > MAX_CHARS:
            self._chars.clear()
            return True
        self._chars.extend(text)
        self._last = self._clock()
        return True

    def enter(self) -> str | None:
        """Enter was pressed: the collected text, if a scan was being typed."""
        if not self.active:
            return None
        text = "".join(self._chars)
        self._chars.clear()
        return text

    def reset(self) -> None:
        self._chars.clear()
