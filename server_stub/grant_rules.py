"""Whether a change to a grant's rules adds spending power: what a stolen session may not
do without the password again (auth.require_proof), while tightening stays one tap.

A change loosens the rules when any payment the old rules refused the new ones could
allow, rule by rule: a higher limit or offline cap, a category allowed or unblocked, a
minute of the week the windows did not cover (no windows: every minute), a later end or
none, partial approvals turned on.
"""

from __future__ import annotations

from kinpay import schemas

MINUTES_A_DAY = 24 * 60


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def week_minutes(windows: list[schemas.TimeWindow]) -> set[int]:
    """The minutes of the week (0: Monday 00:00) the windows let payments through; every
    minute when there are none (the payment rules' reading: payments.py)."""
    if not windows:
        return set(range(7 * MINUTES_A_DAY))
    covered: set[int] = set()
    for w in windows:
        start, end = _minutes(w.start), _minutes(w.end)
        for day in w.days:
            covered.update(range(day * MINUTES_A_DAY + start, day * MINUTES_A_DAY + end))
    return covered


def _takes(rules: schemas.GrantRules, category: str) -> bool:
    allowed = rules.allowed_categories
    return (allowed is None or category in allowed) and category not in rules.blocked_categories


def categories_loosened(old: schemas.GrantRules, new: schemas.GrantRules) -> bool:
    """A shop's category the new rules take and the old refused (categories are open-ended
    names: "every category" then a list is looser for every name not on it)."""
    if new.allowed_categories is None and old.allowed_categories is not None:
        return True
    candidates = (new.allowed_categories if new.allowed_categories is not None
                  else old.blocked_categories)
    return any(_takes(new, c) and not _takes(old, c) for c in candidates)


def loosened(old: schemas.GrantRules, new: schemas.GrantRules) -> list[str]:
    """What the new rules allow that the old did not, named (empty: nothing)."""
    found = [f"the {name} limit" for name in ("per_payment", "daily", "monthly")
             if getattr(new.limits, name) > getattr(old.limits, name)]
    if new.offline_cap > old.offline_cap:
        found.append("the offline cap")
    if categories_loosened(old, new):
        found.append("the categories")
    if new.windows != old.windows and week_minutes(new.windows) - week_minutes(old.windows):
        found.append("the time windows")
    if old.expires_at is not None and (new.expires_at is None
                                       or new.expires_at > old.expires_at):
        found.append("the end date")
    if new.allow_partial and not old.allow_partial:
        found.append("partial approvals")
    return found
