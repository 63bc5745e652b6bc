"""The manager PIN: who may refund and change the settings. No Qt.

Only a salted PBKDF2-SHA256 hash is kept (in settings.ini, 0600), so reading the file does
not give the PIN away. Wrong tries are counted: after `MAX_TRIES` in a row the terminal
waits `LOCK_S` before it takes another, so four or six digits can't be run through at the
counter.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable

from pos_app.core.errors import PinError as PinError  # re-exported: pin.PinError
from pos_app.core.errors import PinsDiffer as PinsDiffer  # re-exported: pin.PinsDiffer

ITERATIONS = 200_000
MIN_DIGITS = 4
MAX_DIGITS = 12
MAX_TRIES = 5
LOCK_S = 30.0
SCHEME = "pbkdf2_sha256"


def check_new(pin: str) -> str:
    pin = pin.strip()
    if not (pin.isascii() and pin.isdigit() and MIN_DIGITS <= len(pin) <= MAX_DIGITS):
        raise PinError(f"a manager PIN is {MIN_DIGITS} to {MAX_DIGITS} digits")
    return pin


def hash_pin(pin: str, *, iterations: int = ITERATIONS) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", check_new(pin).encode(), salt, iterations)
    return f"{SCHEME}${iterations}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, iterations, salt, digest = stored.split("$")
        if scheme != SCHEME or not 1 <= int(iterations) <= 10 * ITERATIONS:
            return False
        got = hashlib.pbkdf2_hmac("sha256", pin.strip().encode(), bytes.fromhex(salt),
                                  int(iterations))
    except ValueError:
        return False
    return hmac.compare_digest(got.hex(), digest)


class Guard:
    """Counts wrong tries against one stored hash and locks for a while after too many."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._wrong = 0
        self._locked_until = 0.0

    def locked_for_s(self) -> float:
        return max(0.0, self._locked_until - self._clock())

    def try_pin(self, pin: str, stored: str) -> bool:
        if self.locked_for_s() > 0:
            return False
        if verify_pin(pin, stored):
            self._wrong = 0
            return True
        self._wrong += 1
        if self._wrong >= MAX_TRIES:
            self._wrong = 0
            self._locked_until = self._clock() + LOCK_S
        return False
