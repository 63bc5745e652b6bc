"""The manager PIN: who may refund and change the settings. No Qt.

What keeps the PIN is settings.ini's 0600 in the till's 0700 folder, nothing more: the
same file holds the terminal's API key, worth more than the PIN. A salted PBKDF2-SHA256
hash is kept there, not the PIN, so it is not read at a glance (over a shoulder, in a
backup listing); it does not keep the PIN from whoever can read the file: 4 to 12 digits
are tried in minutes to hours on one core (attack review 33 reversed a 4-digit one in 12
minutes).

What the hash can't, the counter does at the till: after `MAX_TRIES` wrong tries in a row
the terminal waits `LOCK_S` before it takes another, so four or six digits can't be run
through at the counter. The count and the lock are kept in the till's folder
(`TRIES_FILE`, 0600), so closing and starting the till again does not give new tries. A
record that is missing counts as none; one that can't be read locks for `LOCK_S`, as
tries used up do (never more tries than a fresh count, never a lock without end); a lock
is never held longer than `LOCK_S` from now (a clock set back).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable
from pathlib import Path

from kinpay.device import save_json_private
from pos_app.core.errors import PinError as PinError  # re-exported: pin.PinError
from pos_app.core.errors import PinsDiffer as PinsDiffer  # re-exported: pin.PinsDiffer

ITERATIONS = 200_000
MIN_DIGITS = 4
MAX_DIGITS = 12
MAX_TRIES = 5
LOCK_S = 30.0
SCHEME = "pbkdf2_sha256"
TRIES_FILE = "pin-tries.json"  # the wrong-try count and the lock, in the till's folder


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
    """Counts wrong tries against one stored hash and locks for a while after too many;
    with a `folder`, the count and the lock outlive the process (TRIES_FILE there).

    `clock` is wall-clock seconds (time.time): a lock must end at the same moment after a
    restart, which a monotonic clock, reset at boot, can't say."""

    def __init__(self, folder: Path | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._path = None if folder is None else Path(folder) / TRIES_FILE
        self._wrong = 0
        self._locked_until = 0.0
        self._load()

    def _load(self) -> None:
        if self._path is None:
            return
        try:
            raw = json.loads(self._path.read_text(encoding="utf-8"))
            wrong, until = raw["wrong"], raw["locked_until"]
            if not (isinstance(wrong, int) and isinstance(until, int | float)
                    and 0 <= wrong < MAX_TRIES and until >= 0):
                raise ValueError("not a count of tries")
        except FileNotFoundError:
            return  # no wrong try yet
        except (OSError, ValueError, KeyError, TypeError):
            # Damaged (or unreadable): as if the tries were used up, for one lock's time.
            self._wrong, self._locked_until = 0, self._clock() + LOCK_S
            self._save()
            return
        self._wrong, self._locked_until = wrong, float(until)

    def _save(self) -> None:
        if self._path is None:
            return
        try:
            save_json_private(self._path, {"wrong": self._wrong,
                                           "locked_until": self._locked_until})
        except OSError:
            pass  # a disk that won't save: the count in memory still holds while it runs

    def locked_for_s(self) -> float:
        left = self._locked_until - self._clock()
        if left > LOCK_S:  # the clock was set back: never a lock longer than LOCK_S
            self._locked_until = self._clock() + LOCK_S
            self._save()
            left = LOCK_S
        return max(0.0, left)

    def try_pin(self, pin: str, stored: str) -> bool:
        if self.locked_for_s() > 0:
            return False
        if verify_pin(pin, stored):
            if self._wrong:
                self._wrong = 0
                self._save()
            return True
        self._wrong += 1
        if self._wrong >= MAX_TRIES:
            self._wrong = 0
            self._locked_until = self._clock() + LOCK_S
        self._save()
        return False
