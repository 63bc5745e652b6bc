"""The child's tablet says what the allowance lets them buy.

Found using the demo: the code screen said only how much was left today, so a child could
not know that a ¥40 toy or a beer would be refused until the till said so. It now says the
most one payment may be, the kinds of things allowed or not, the hours and the end date,
and follows the parent's changes. Real server, real widgets.
"""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kinpay import schemas
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, parent_and_tablet

pytestmark = pytest.mark.gui


def test_the_tablet_shows_the_allowance_rules_and_follows_changes(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    _parent, payer, kid = parent_and_tablet(qtbot, make_window, sqlite_world, (520, 900))
    rules = kid.code_screen.rules
    # The form's defaults: ¥50.00 a payment; alcohol, tobacco and gambling not allowed.
    qtbot.waitUntil(lambda: rules.isVisible() and rules.text() == (
        "You can pay up to ¥50.00 at a time\nNot for: Alcohol, Tobacco, Gambling"),
        timeout=WAIT_MS)
    assert payer.last_created is not None
    grant_id = payer.last_created.id  # the allowance the tablet was paired to
    payer.session.client.change_grant(grant_id, schemas.GrantChange(
        limits=schemas.Limits(per_payment=3_000, daily=10_000, monthly=100_000),
        allowed_categories=["books", "snacks"],
        windows=[schemas.TimeWindow(days=[5, 6], start="09:00", end="18:00")]))
    qtbot.waitUntil(lambda: rules.text() == (
        "You can pay up to ¥30.00 at a time\nOnly for: Books, Snacks\n"
        "Only at the times Mei chose"), timeout=WAIT_MS)
