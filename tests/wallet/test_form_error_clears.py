"""A field's message goes when the parent corrects the field. Found live (the demo, 600 px
wide): 'abc' for one payment and '-5' for a day, Save: each field red with its message;
the parent typed 30 and 60, and both still read '“abc” isn't an amount' and '“-5” isn't
an amount', red, under the right numbers, until Save was tapped again."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import grant_form

pytestmark = pytest.mark.gui


def test_correcting_a_field_takes_its_message_away_and_leaves_the_others(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    payer, form = grant_form(qtbot, make_window, sqlite_world, (600, 617))
    assert payer.stack.currentWidget() is form
    qtbot.keyClicks(form.delegate, "lily")
    per_payment, per_day = form.amounts["per_payment"], form.amounts["daily"]
    for edit, text in ((per_payment, "abc"), (per_day, "-5")):
        edit.selectAll()
        qtbot.keyClicks(edit, text)
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    one, day = form.errors["per_payment"], form.errors["daily"]
    assert one.isVisibleTo(form) and one.text() == "“abc” isn't an amount. Use digits, like 12.50."
    assert day.isVisibleTo(form) and day.text() == "An amount can't be less than 0."
    assert per_payment.property("invalid") == "true"
    # The parent corrects the payment's limit: its message goes, the day's stays.
    per_payment.setFocus()
    per_payment.selectAll()
    qtbot.keyClicks(per_payment, "30")
    assert per_payment.text() == "30"
    assert one.text() == ""  # its room stays until the next Save (test_error_room_stays)
    assert per_payment.property("invalid") == "false"
    assert day.isVisibleTo(form) and day.text() == "An amount can't be less than 0."
    assert per_day.property("invalid") == "true"
    # The same for the child's name.
    form.delegate.selectAll()
    qtbot.keyClicks(form.delegate, "nobody-here")
    per_day.selectAll()
    qtbot.keyClicks(per_day, "60")
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    who = form.errors["delegate"]
    qtbot.waitUntil(lambda: who.isVisibleTo(form))
    assert who.text() == "There is no child with that kinpay name. Check the spelling."
    qtbot.keyClicks(form.delegate, "x")
    assert who.text() == ""
    assert form.delegate.property("invalid") == "false"
