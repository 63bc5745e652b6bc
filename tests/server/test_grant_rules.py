"""Which changes to a grant's rules add spending power (server_stub/grant_rules.py): those a
stale session may not make without the password again. Each case's answer is written out
here, rule by rule, from what a payment could newly pass."""

from __future__ import annotations

from typing import Any

import pytest

from kinpay import schemas
from server_stub.grant_rules import loosened, week_minutes

BASE: dict[str, Any] = {"limits": {"per_payment": 1_000, "daily": 3_000, "monthly": 9_000}}


def rules(**changes: Any) -> schemas.GrantRules:
    return schemas.GrantRules.model_validate({**BASE, **changes})


def window(days: list[int], start: str, end: str) -> dict[str, Any]:
    return {"days": days, "start": start, "end": end}


WEEKDAYS = [0, 1, 2, 3, 4]

CASES: list[tuple[str, dict[str, Any], dict[str, Any], list[str]]] = [
    ("same", {}, {}, []),
    ("per payment up", {}, {"limits": {"per_payment": 1_001, "daily": 3_000,
                                       "monthly": 9_000}}, ["the per_payment limit"]),
    ("all down", {}, {"limits": {"per_payment": 500, "daily": 2_000, "monthly": 8_000}}, []),
    ("daily up, per payment down", {}, {"limits": {"per_payment": 500, "daily": 3_500,
                                                   "monthly": 9_000}}, ["the daily limit"]),
    ("monthly up", {}, {"limits": {"per_payment": 1_000, "daily": 3_000, "monthly": 9_001}},
     ["the monthly limit"]),
    ("cap up", {"offline_cap": 100}, {"offline_cap": 101}, ["the offline cap"]),
    ("cap down", {"offline_cap": 100}, {"offline_cap": 0}, []),
    # categories: open-ended names
    ("a list where there was none", {}, {"allowed_categories": ["books"]}, []),
    ("no list where there was one", {"allowed_categories": ["books"]}, {},
     ["the categories"]),
    ("a name added to the list", {"allowed_categories": ["books"]},
     {"allowed_categories": ["books", "toys"]}, ["the categories"]),
    ("a name taken off the list", {"allowed_categories": ["books", "toys"]},
     {"allowed_categories": ["books"]}, []),
    ("unblocked", {"blocked_categories": ["toys"]}, {}, ["the categories"]),
    ("blocked", {}, {"blocked_categories": ["toys"]}, []),
    ("unblocked, but not on the list", {"allowed_categories": ["books"],
                                        "blocked_categories": ["toys"]},
     {"allowed_categories": ["books"]}, []),
    ("unblocked and on the list", {"allowed_categories": ["books", "toys"],
                                   "blocked_categories": ["toys"]},
     {"allowed_categories": ["books", "toys"]}, ["the categories"]),
    ("added to the list but blocked", {"allowed_categories": ["books"],
                                       "blocked_categories": ["toys"]},
     {"allowed_categories": ["books", "toys"], "blocked_categories": ["toys"]}, []),
    # windows: minutes of the week
    ("an hour shorter", {"windows": [window(WEEKDAYS, "15:00", "18:00")]},
     {"windows": [window(WEEKDAYS, "15:00", "17:00")]}, []),
    ("a minute earlier", {"windows": [window(WEEKDAYS, "15:00", "18:00")]},
     {"windows": [window(WEEKDAYS, "14:59", "18:00")]}, ["the time windows"]),
    ("Saturday too", {"windows": [window(WEEKDAYS, "15:00", "18:00")]},
     {"windows": [window([*WEEKDAYS, 5], "15:00", "18:00")]}, ["the time windows"]),
    ("no windows: every minute", {"windows": [window(WEEKDAYS, "00:00", "24:00")]},
     {"windows": []}, ["the time windows"]),
    ("windows where there were none", {}, {"windows": [window([0], "00:00", "24:00")]}, []),
    ("the same minutes, cut otherwise", {"windows": [window([0], "08:00", "12:00"),
                                                     window([0], "12:00", "18:00")]},
     {"windows": [window([0], "08:00", "18:00")]}, []),
    ("the whole week in windows, then none", {"windows": [window(list(range(7)), "00:00",
                                                                 "24:00")]},
     {"windows": []}, []),
    # the end
    ("an end where there was none", {}, {"expires_at": 2_000_000_000}, []),
    ("no end where there was one", {"expires_at": 2_000_000_000}, {}, ["the end date"]),
    ("a later end", {"expires_at": 2_000_000_000}, {"expires_at": 2_000_000_001},
     ["the end date"]),
    ("an earlier end", {"expires_at": 2_000_000_000}, {"expires_at": 1_999_999_999}, []),
    ("partial on", {"allow_partial": False}, {"allow_partial": True}, ["partial approvals"]),
    ("partial off", {"allow_partial": True}, {"allow_partial": False}, []),
    ("two at once", {"offline_cap": 100, "allow_partial": False},
     {"offline_cap": 200, "allow_partial": True}, ["the offline cap", "partial approvals"]),
]


@pytest.mark.parametrize(("old", "new", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_what_a_change_loosens(old: dict[str, Any], new: dict[str, Any],
                               expected: list[str]) -> None:
    assert loosened(rules(**old), rules(**new)) == expected


def test_week_minutes_reads_windows_as_payments_do() -> None:
    """Monday 08:00 is minute 480; a window's end is not in it; Sunday's last minute is
    the week's last."""
    monday = week_minutes([schemas.TimeWindow(days=[0], start="08:00", end="09:00")])
    assert min(monday) == 480 and max(monday) == 539 and len(monday) == 60
    sunday = week_minutes([schemas.TimeWindow(days=[6], start="23:00", end="24:00")])
    assert max(sunday) == 7 * 24 * 60 - 1
    assert len(week_minutes([])) == 7 * 24 * 60
