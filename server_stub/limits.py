"""Limits against guessing, in the database: every server process shares them, and a
restart forgets nothing.

A `Rule` counts failures per key in a fixed window; at `limit` failures the key is locked
for `lockout_s` (429 with Retry-After). Every function here runs inside a writer job, so
the count and the attempt it judges are one transaction: a burst sent all at once gets no
more attempts than a series would, whatever the number of processes: a failure is counted
by one statement that holds the key's row to the commit (on PostgreSQL payments are
judged side by side, server_stub/db.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from server_stub.db import Conn
from server_stub.front import RateLimiter, parse_rate

__all__ = ["RateLimiter", "parse_rate"]


@dataclass(frozen=True)
class Rule:
    name: str
    limit: int  # failures within window_s that lock the key
    window_s: int
    lockout_s: int


# A throttle's key is the rule and who it counts (an address, a name's hash, an id): all
# of ours are far shorter; the cut only bounds what a row may hold.
MAX_KEY_CHARS = 200
# 20 invalid codes a minute from one terminal is no cashier's mistake.
TERMINAL_INVALID = Rule("invalid-terminal", 20, 60, 60)
# Offline items whose code was used already or is older than the server takes (48 hours):
# 20 in 10 minutes hold the terminal's offline uploads (not its sales) for 10 minutes. An
# honest till that was cut off for days uploads them 20 at a time; a till that replays one
# code under new ids writes at most 20 rows each 20 minutes.
OFFLINE_STALE = Rule("stale-offline-terminal", 20, 600, 600)
# Numeric guesses: 5 wrong from a terminal in 5 minutes; 5 wrong for a device in 12 hours
# switch that device's numeric fallback off for 12 hours (the payer may lift it at once).
TERMINAL_NUMERIC = Rule("numeric-terminal", 5, 300, 300)
DEVICE_NUMERIC = Rule("numeric-device", 5, 12 * 3600, 12 * 3600)
# Sign-in (OWASP's advice: per account and per source, with a lockout that ends by itself).
SIGN_IN_ACCOUNT = Rule("signin-account", 10, 900, 900)
SIGN_IN_ADDRESS = Rule("signin-address", 100, 900, 900)
# Answers that tell whether a name exists (a name must be unique, so they can't be
# hidden): sign-up's "name taken" and a grant's "no such delegate". 20 of those from one
# address in 15 minutes lock that address's sign-ups and new grants, free names and real
# delegates too, for 15 minutes. A sign-up or a grant that is made doesn't count.
NAME_PROBES = Rule("signup-taken", 20, 900, 900)
# Accounts made from one address (`kinpay server --sign-ups-per-hour`): a family, or a class
# setting up together behind one address, makes a few; someone making accounts by the
# thousand (each a revocation-list entry away from growing every till's download, and a
# scrypt hash of the server's CPU) is held to this many an hour. Counted before the password
# is hashed, given back when no account is made: at the limit the address makes no more,
# and hashes nothing more, for the next hour.
SIGN_UPS_PER_HOUR = 20


def sign_ups(per_hour: int) -> Rule | None:
    """The rule for accounts made per address, or None when the limit is off (0)."""
    return Rule("signup-made", per_hour, 3600, 3600) if per_hour > 0 else None


def key_of(rule: Rule, key: str) -> str:
    """The throttle row's key (a statement that reads it beside others names it so)."""
    return f"{rule.name}:{key}"[:MAX_KEY_CHARS]



def wait_of(locked_until: int | None, now_s: int) -> int:
    """0 if a key locked until `locked_until` (None: no row) may try now, otherwise the
    seconds until it may."""
    left = int(locked_until) - now_s if locked_until is not None else 0
    return left if left > 0 else 0


def wait_s(conn: Conn, rule: Rule, key: str, now_s: int) -> int:
    """0 if `key` may try now, otherwise the seconds until it may."""
    row = conn.one("SELECT locked_until FROM throttles WHERE key = ?", (key_of(rule, key),))
    return wait_of(row["locked_until"] if row is not None else None, now_s)


PRUNE_EVERY = 1_000  # failures between two sweeps of rows that no longer matter
PRUNE_AFTER_S = 24 * 3600  # longer than any window or lockout
_failures_seen = [0]


def fail(conn: Conn, rule: Rule, key: str, now_s: int) -> bool:
    """Count one failure; True when it locks the key (only the failure that locks it)."""
    return _count(conn, rule, key, now_s)[0]


def take(conn: Conn, rule: Rule, key: str, now_s: int) -> int:
    """Count one use of `key` (an account made), unless the key is locked: then nothing is
    counted and the answer is the seconds until it may (the caller refuses, which rolls the
    transaction back); 0 when counted. The use that reaches the limit is allowed and locks
    the key for those after it. Exact however many processes make accounts at once: the
    count's statement holds the key's row to the commit and reads what the last committed
    use left, so there is no gap between "may it?" and "counted"."""
    return wait_of(_count(conn, rule, key, now_s)[1], now_s)


def _count(conn: Conn, rule: Rule, key: str, now_s: int) -> tuple[bool, int]:
    """Count one failure or use: whether it locks the key, and until when the key was
    locked before it (0: never; a count while locked is kept by `fail`, and rolled back
    with the refusal by `take`'s caller)."""
    _failures_seen[0] += 1
    if _failures_seen[0] % PRUNE_EVERY == 0:
        # Made-up names and device numbers each leave a row: the table stays bounded by
        # the failures of the last day.
        conn.execute(
            "DELETE FROM throttles WHERE window_start < ? AND locked_until < ?",
            (now_s - PRUNE_AFTER_S, now_s),
        )
    k = key_of(rule, key)
    # Count it in one statement: two failures at once each see the other's (the second
    # waits for the first's row), and a window that has run out starts again from this one.
    rows = conn.all(  # all(): SQLite finishes a statement with RETURNING once it is read out
        "INSERT INTO throttles (key, fails, window_start, locked_until) VALUES (?, 1, ?, 0)"
        " ON CONFLICT (key) DO UPDATE SET"
        " fails = CASE WHEN ? - throttles.window_start >= ? THEN 1"
        " ELSE throttles.fails + 1 END,"
        " window_start = CASE WHEN ? - throttles.window_start >= ? THEN ?"
        " ELSE throttles.window_start END"
        " RETURNING fails, locked_until",
        (k, now_s, now_s, rule.window_s, now_s, rule.window_s, now_s),
    )
    assert len(rows) == 1, "an upsert returns its row"
    locked_until = int(rows[0]["locked_until"])
    locked = int(rows[0]["fails"]) >= rule.limit
    if locked:
        # This failure locks the key; the count starts again for after the lockout.
        conn.execute(
            "UPDATE throttles SET fails = 0, window_start = ?, locked_until = ? WHERE key = ?",
            (now_s, now_s + rule.lockout_s, k),
        )
    return locked, locked_until


def give_back(conn: Conn, rule: Rule, key: str, now_s: int) -> None:
    """Take back a use `take` counted for an attempt that then made nothing. A lock it (or
    one counted after it) set goes with it, the count left one short of the limit; a lock
    of uses that all stood can't be met here (`take` counts nothing while locked). Each
    SET reads the row as it was."""
    conn.execute(
        "UPDATE throttles SET"
        " fails = CASE WHEN locked_until > ? AND fails = 0 THEN ?"
        " WHEN fails > 0 THEN fails - 1 ELSE 0 END,"
        " locked_until = CASE WHEN locked_until > ? AND fails = 0 THEN 0 ELSE locked_until END"
        " WHERE key = ?",
        (now_s, rule.limit - 1, now_s, key_of(rule, key)),
    )


def forgive(conn: Conn, rule: Rule, key: str) -> None:
    """Take back one failure counted before the attempt was judged (it succeeded)."""
    conn.execute(
        "UPDATE throttles SET fails = CASE WHEN fails > 0 THEN fails - 1 ELSE 0 END"
        " WHERE key = ?",
        (key_of(rule, key),),
    )


def clear(conn: Conn, rule: Rule, key: str) -> None:
    conn.execute("DELETE FROM throttles WHERE key = ?", (key_of(rule, key),))
