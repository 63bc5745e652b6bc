"""The grant form's end date: only a date kinpay can take. Found trying dates in the
parent's form: "Ends on" went to 31 Dec 9999; with 1 Jan 2150 picked, Save said "That
amount is too large." under the date (kinpay's times end in 2100, and the form put the
limit's words on it). A past date went to the server to be refused. The date now runs
from today to the last day kinpay takes, in the parent's own time zone."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from kinpay.client import Client
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, grant_form, save_new_grant

pytestmark = pytest.mark.gui
LAST_S = 4_102_444_800  # 1 Jan 2100 00:00 UTC, the latest time kinpay's API takes


def test_a_far_end_date_stops_at_the_last_day_kinpay_takes(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    payer, form = grant_form(qtbot, make_window, sqlite_world)
    form.delegate.setText("lily")
    qtbot.mouseClick(form.expiry_on, Qt.MouseButton.LeftButton)
    assert form.expiry.isEnabled()
    form.expiry.setDate(QDate(2150, 1, 1))  # as the calendar would give it
    # The day before the one 2100 begins in, here: it ends at that midnight, local time.
    last = datetime.fromtimestamp(LAST_S).date()
    assert form.expiry.date().toPython() == last - timedelta(days=1)
    form.expiry.setDate(QDate(2001, 1, 1))
    assert form.expiry.date() == QDate.currentDate()
    form.expiry.setDate(QDate(2150, 1, 1))
    save_new_grant(qtbot, payer)  # lily's second: asked, given
    qtbot.waitUntil(lambda: payer.stack.currentWidget() is payer.pairing, timeout=WAIT_MS)
    assert not form.errors["expiry"].isVisible()
    with Client(sqlite_world["server_url"], token=sqlite_world["payer"]["token"]) as client:
        ends = sorted(g.expires_at or 0 for g in client.grants())
    assert 0 < ends[-1] <= LAST_S
    assert datetime.fromtimestamp(ends[-1] - 1).date() == last - timedelta(days=1)
