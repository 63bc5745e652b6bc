"""The child's tablet says what the allowance lets them buy.

Found using the demo: the code screen said only how much was left today, so a child could
not know that a ¥40 toy or a beer would be refused until the till said so. It now says the
most one payment may be, the kinds of things allowed or not, the hours and the end date,
and follows the parent's changes. Real server, real widgets.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kinpay import schemas
from tests.servers import free_port
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, parent_and_tablet
from wallet_app.app import WalletWindow

pytestmark = pytest.mark.gui


def open_now(zone: str, windows: list[tuple[Any, str, str]]) -> bool:
    """The test's own reading of the hours: is it now one of (days, start, end) there?"""
    local = datetime.now(ZoneInfo(zone))
    hhmm = local.strftime("%H:%M")
    return any(local.weekday() in days and start <= hhmm < end for days, start, end in windows)


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
        windows=[schemas.TimeWindow(days=[0, 1, 2, 3, 4], start="07:00", end="12:00"),
                 schemas.TimeWindow(days=[5, 6], start="09:00", end="18:00")]))
    # The hours themselves (live use: "Only at the times Mei chose" told the child nothing,
    # and the parent's card said "1 time window"); "Not now" outside them.
    only = "Only" if open_now(payer.last_created.timezone, [
        (range(5), "07:00", "12:00"), ((5, 6), "09:00", "18:00")]) else "Not now: only"
    qtbot.waitUntil(lambda: rules.text() == (
        "You can pay up to ¥30.00 at a time\nOnly for: Books, Snacks\n"
        f"{only} Mon–Fri 07:00–12:00; Sat, Sun 09:00–18:00"), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: any(
        "Mon–Fri 07:00–12:00; Sat, Sun 09:00–18:00" in label.text()
        for label in payer.home.findChildren(QLabel)), timeout=WAIT_MS)


def test_the_tablet_keeps_the_rules_for_a_start_without_the_server(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    """Found in use: a tablet started where it could not reach the server (in the car, at
    a shop with no signal) showed no rules until its first sync. It shows the last ones it
    heard for its allowance."""
    _parent, _payer, kid = parent_and_tablet(qtbot, make_window, sqlite_world, (520, 900))
    expected = "You can pay up to ¥50.00 at a time\nNot for: Alcohol, Tobacco, Gambling"
    qtbot.waitUntil(lambda: kid.code_screen.rules.text() == expected, timeout=WAIT_MS)
    tablet = kid.window()
    assert isinstance(tablet, WalletWindow)
    tablet.shutdown()
    tablet.close()
    # The same tablet (its data folder) started again, with no server to reach.
    again = make_window("tablet", server_url=f"http://127.0.0.1:{free_port()}",
                        role="delegate")
    shell = again.delegate
    assert shell is not None and shell.source is not None  # its code is on screen
    qtbot.waitUntil(lambda: shell.code_screen.rules.isVisible(), timeout=WAIT_MS)
    assert shell.code_screen.rules.text() == expected
    assert not shell.online


def test_outside_its_hours_the_tablet_says_not_now(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    """Found live: at 15:26, outside Mon–Fri 07:00–15:00, the tablet showed the hours, a
    working code and "¥52.50 left today", and nothing said "not now"."""
    _parent, payer, kid = parent_and_tablet(qtbot, make_window, sqlite_world, (520, 900))
    rules = kid.code_screen.rules
    qtbot.waitUntil(lambda: rules.isVisible(), timeout=WAIT_MS)
    assert payer.last_created is not None
    grant = payer.last_created
    # Only on another day of the week than today, where the allowance keeps its time.
    other = (datetime.now(ZoneInfo(grant.timezone)).weekday() + 1) % 7
    payer.session.client.change_grant(grant.id, schemas.GrantChange(
        windows=[schemas.TimeWindow(days=[other], start="00:00", end="24:00")]))
    day = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][other]
    qtbot.waitUntil(lambda: rules.text().endswith(f"\nNot now: only {day} 00:00–24:00"),
                    timeout=WAIT_MS)
    # Every day, all day (more spending power: the password again).
    payer.session.client.reauth(sqlite_world["payer"]["password"])
    payer.session.client.change_grant(grant.id, schemas.GrantChange(
        windows=[schemas.TimeWindow(days=list(range(7)), start="00:00", end="24:00")]))
    qtbot.waitUntil(lambda: rules.text().endswith("\nOnly Mon–Sun 00:00–24:00"),
                    timeout=WAIT_MS)
