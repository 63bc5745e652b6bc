"""What may be bought, as the parent's grant form reads it.

Found using the demo: switching "Anything, except what is ticked" (alcohol, tobacco and
gambling ticked) to "Only what is ticked" kept the ticks and flipped their meaning, and
saved "only alcohol, tobacco, gambling" without a word. Now switching the reading flips the
ticks, so what may be bought stays the same until the parent changes a tick. And the form
had no Snacks or Drinks, two of the demo till's own categories: a parent could neither
allow nor block them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kinpay.client import Client
from tests.server.helpers import user
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, grant_form

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
NEVER = {"alcohol", "tobacco", "gambling"}  # the form's default "except" ticks


def ticked(form: Any) -> set[str]:
    return {c for c, box in form.category_boxes.items() if box.isChecked()}


def test_switching_the_reading_keeps_what_may_be_bought(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    child = user(sqlite_world["server_url"], "delegate")
    name = child.me().name
    child.close()
    payer, form = grant_form(qtbot, make_window, sqlite_world)
    everything = set(form.category_boxes)
    assert ticked(form) == NEVER and form.mode_blocked.isChecked()
    qtbot.mouseClick(form.mode_allowed, Qt.MouseButton.LeftButton)
    assert form.mode_allowed.isChecked()
    assert ticked(form) == everything - NEVER  # the same things, read the other way
    form.category_boxes["electronics"].setChecked(False)  # and one more off, on purpose
    qtbot.keyClicks(form.delegate, name)
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: payer.stack.currentWidget() is payer.pairing, timeout=WAIT_MS)
    with Client(sqlite_world["server_url"], token=sqlite_world["payer"]["token"]) as api:
        (grant,) = [g for g in api.grants() if g.delegate == name]
    assert set(grant.allowed_categories or []) == everything - NEVER - {"electronics"}

    # The saved allowance opens as saved; back to "Anything, except": the ticks flip back.
    payer.go_home()
    qtbot.waitUntil(lambda: grant.id in payer.home.grant_cards, timeout=WAIT_MS)
    payer.change_grant(grant.id)
    assert form.mode_allowed.isChecked()
    assert ticked(form) == everything - NEVER - {"electronics"}
    qtbot.mouseClick(form.mode_blocked, Qt.MouseButton.LeftButton)
    assert ticked(form) == NEVER | {"electronics"}


def test_every_category_the_till_sells_can_be_ticked(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    """The demo till's catalogue (assets/catalogue.json) against the form's list."""
    catalogue = json.loads((ROOT / "assets" / "catalogue.json").read_text(encoding="utf-8"))
    sold = {c["id"] for c in catalogue["categories"]}
    assert {"snacks", "drinks"} <= sold  # the two the form lacked
    _payer, form = grant_form(qtbot, make_window, sqlite_world)
    assert sold <= set(form.category_boxes)
