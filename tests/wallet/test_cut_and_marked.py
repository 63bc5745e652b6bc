"""Live test 34 §12, the wallet's part: the currency box's right edge, and the language
and date boxes', were cut by the style's square drop-down button (z11cur, c28, c13); the
grant form said "One payment can't be more than the daily limit…" under the offline
amount, with no field marked (ze23); the reason for being signed out by a password change
elsewhere was clipped top and bottom in its box (ze44). Real windows on a real server."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kinpay.client import Client
from tests.wallet.conftest import WindowFactory
from tests.wallet.fit import clipped
from tests.wallet.flows import WAIT_MS, grant_form, payer_signed_in
from tests.wallet.phone import settle

pytestmark = pytest.mark.gui

SIZES = [(400, 800), (1280, 800)]
EDGE_PX = 6  # the border and its rounding, from each side
SAME_GREY = 40  # what antialiasing may change between the two sides


def lopsided_rows(widget: QWidget) -> list[int]:
    """The rows where the box's right edge is not drawn as its left edge is, mirrored (a
    rounded border both sides, nothing drawn over the right one)."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    w, h = image.width(), image.height()
    bad = []
    for y in range(h):
        for x in range(EDGE_PX):
            left = image.pixelColor(x, y).value()
            right = image.pixelColor(w - 1 - x, y).value()
            if abs(left - right) > SAME_GREY:
                bad.append(y)
                break
    return bad


@pytest.mark.parametrize("size", SIZES)
def test_the_choice_boxes_have_both_edges(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
    size: tuple[int, int],
) -> None:
    payer, form = grant_form(qtbot, make_window, sqlite_world, size)
    form.expiry_on.setChecked(True)
    settle(qtbot, payer.window())
    assert form.currency.isEnabled() and form.expiry.isEnabled()
    assert lopsided_rows(form.currency) == []
    assert lopsided_rows(form.expiry) == []
    qtbot.mouseClick(payer.tab_buttons["settings"], Qt.MouseButton.LeftButton)
    settle(qtbot, payer.window())
    assert lopsided_rows(payer.settings_page.language) == []


def test_a_limit_above_the_next_is_said_at_both(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
) -> None:
    payer, form = grant_form(qtbot, make_window, sqlite_world, (400, 800))
    form.delegate.setText("lily")
    for key, text in (("per_payment", "50"), ("daily", "30"), ("monthly", "1000"),
                      ("offline_cap", "20")):
        form.amounts[key].setText(text)
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    shown = {k: w.text() for k, w in form.errors.items() if w.isVisible()}
    assert shown == {"per_payment": "One payment can't be more than the daily limit (¥30.00)."}
    marked = {k for k, e in form.amounts.items() if e.property("invalid") == "true"}
    assert marked == {"per_payment", "daily"}
    assert payer.stack.currentWidget() is form  # nothing was sent
    # The daily limit above the monthly one: said under the daily one, both marked.
    form.amounts["daily"].setText("2000")
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    shown = {k: w.text() for k, w in form.errors.items() if w.isVisible()}
    assert shown == {"daily": "The daily limit can't be more than the monthly one (¥1,000.00)."}
    marked = {k for k, e in form.amounts.items() if e.property("invalid") == "true"}
    assert marked == {"daily", "monthly"}


@pytest.mark.parametrize("size", SIZES)
def test_the_reason_for_a_sign_out_is_whole(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
    size: tuple[int, int],
) -> None:
    world = sqlite_world
    window = make_window("payer", server_url=world["server_url"], role="payer")
    window.resize(*size)
    payer_signed_in(qtbot, window, world)
    with Client(world["server_url"], token=world["payer"]["token"]) as elsewhere:
        elsewhere.change_password(world["payer"]["password"], "a new one, 2026")
    qtbot.waitUntil(lambda: window.payer is None, timeout=3 * WAIT_MS)
    page = window.sign_in
    assert page.error.text() == (
        "Your password was changed on another device, which signed you out here. If it "
        "wasn't you, ask the kinpay operator to reset it: that signs everyone out.")
    settle(qtbot, window)
    assert clipped(page) == []
