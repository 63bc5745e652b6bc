"""The grant form shows what is wrong where the parent is looking. Found live in the
demo's parent window (600x617): a parent scrolled down to the form's foot and tapped Save
with 12.345 as the limit for one payment; the message came next to that field, far above,
out of sight, and the screen stayed at the foot: Save seemed to do nothing. Now the form
scrolls to the first field that is wrong and puts the cursor in it."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, grant_form

pytestmark = pytest.mark.gui
DEMO_PLACE = (600, 617)  # the parent's window in the demo on a 1366x768 screen


def seen(widget: QWidget, scroll: QScrollArea) -> bool:
    """Whether all of `widget` is inside the scroll area's visible part."""
    viewport = scroll.viewport()
    where = QRect(widget.mapTo(viewport, widget.rect().topLeft()), widget.size())
    return widget.isVisible() and viewport.rect().contains(where)


def test_save_at_the_foot_brings_the_wrong_field_into_sight(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    payer, form = grant_form(qtbot, make_window, sqlite_world, DEMO_PLACE)
    assert payer.stack.currentWidget() is form
    scroll = form.findChild(QScrollArea)
    assert scroll is not None
    form.delegate.setText("lily")
    per_payment = form.amounts["per_payment"]
    per_payment.setText("12.345")
    bar = scroll.verticalScrollBar()
    bar.setValue(bar.maximum())  # the parent scrolled down to Save
    qtbot.wait(50)
    assert seen(form.save, scroll) and not seen(per_payment, scroll)
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    message = form.errors["per_payment"]
    assert message.text() == "CNY has 2 decimals at most."
    assert seen(message, scroll) and seen(per_payment, scroll)
    assert payer.window().focusWidget() is per_payment  # the cursor is in it
    assert payer.stack.currentWidget() is form  # nothing was sent
    # The server's answer too: no child by that name, the message by the name at the top.
    per_payment.setText("12.50")
    form.delegate.setText("lilly")
    bar.setValue(bar.maximum())
    qtbot.wait(50)
    assert not seen(form.delegate, scroll)
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    message = form.errors["delegate"]
    qtbot.waitUntil(lambda: message.text() != "", timeout=WAIT_MS)
    assert message.text() == "There is no child with that kinpay name. Check the spelling."
    assert seen(message, scroll) and seen(form.delegate, scroll)
