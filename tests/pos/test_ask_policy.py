"""The terminal's asking policy (pos_app/core/ask.py), with no Qt and no server: when
"Ask <payer>" is offered, how the countdown reads."""

from __future__ import annotations

import pytest

from kinpay import schemas
from pos_app.core.ask import asking_needs_server, can_ask, countdown_text
from pos_app.core.settle import Outcome


def _declined(askable: bool, kind: str = "declined") -> Outcome:
    payment = schemas.Payment(
        id="p", status="declined", decline_code="limit_daily", amount=6000, currency="CNY",
        payer=schemas.Party(name="mei"), delegate=None, remaining=None, created_at=0,
        askable=askable)
    return Outcome(kind, "k", 6000, "CNY", "", payment, "limit_daily")


@pytest.mark.parametrize(("outcome", "online", "offered"), [
    (_declined(True), True, True),
    (_declined(True), None, True),  # the link hasn't been checked yet: the server answered
    (_declined(True), False, False),  # asking needs the server
    (_declined(False), True, False),  # a decline the payer can't lift
    (_declined(True, kind="approved"), True, False),
    (Outcome("offline_declined", "k", 6000, "CNY", "over the cap"), True, False),
    (None, True, False),
])
def test_ask_is_offered_only_for_a_liftable_decline_with_the_server_there(
    outcome: Outcome | None, online: bool | None, offered: bool
) -> None:
    assert can_ask(outcome, online) is offered


def test_an_offline_decline_says_asking_needs_the_server() -> None:
    assert asking_needs_server(Outcome("offline_declined", "k", 1, "CNY", ""))
    assert not asking_needs_server(_declined(True))


@pytest.mark.parametrize(("seconds", "shown"), [
    (120, "2:00"), (119.2, "2:00"), (119.0, "1:59"), (61, "1:01"), (9.5, "0:10"),
    (0.2, "0:01"), (0, "0:00"), (-5, "0:00"), (300, "5:00"),
])
def test_the_countdown_reads_minutes_and_seconds(seconds: float, shown: str) -> None:
    assert countdown_text(seconds) == shown
