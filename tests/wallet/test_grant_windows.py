"""Issue 14 §3: a grant with several time windows keeps them all through the grant form.

The payer's grant gets three windows over the API (as another device of the payer's might
set them); the payer then changes its limits in the real window and saves. The server must
still hold all three, and a window added in the form is the fourth.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kinpay import schemas
from kinpay.client import Client
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, payer_signed_in

pytestmark = pytest.mark.gui

THREE = [
    {"days": [0, 1, 2, 3, 4], "start": "07:00", "end": "08:00"},
    {"days": [0, 1, 2, 3, 4], "start": "15:15", "end": "18:00"},  # not on the half hour
    {"days": [5, 6], "start": "09:00", "end": "24:00"},
]


def _windows(grant: schemas.Grant) -> list[dict[str, Any]]:
    return [w.model_dump() for w in grant.windows]


def test_changing_a_grant_keeps_every_window(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    url, grant_id = sqlite_world["server_url"], sqlite_world["grant"]["id"]
    with Client(url, token=sqlite_world["payer"]["token"]) as api:
        api.change_grant(grant_id, schemas.GrantChange.model_validate({"windows": THREE}))
    parent = make_window("payer", server_url=url, role="payer")
    payer = payer_signed_in(qtbot, parent, sqlite_world)
    qtbot.waitUntil(lambda: len(payer.home.grant_cards[grant_id].grant.windows) == 3,
                    timeout=WAIT_MS)

    change = payer.home.grant_cards[grant_id].findChild(QPushButton, "changeButton")
    qtbot.mouseClick(change, Qt.MouseButton.LeftButton)
    assert payer.stack.currentWidget() is payer.form
    assert payer.form.windows_on.isChecked()
    payer.form.amounts["daily"].setText("120")
    qtbot.mouseClick(payer.form.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: payer.stack.currentWidget() is payer.home, timeout=WAIT_MS)
    with Client(url, token=sqlite_world["payer"]["token"]) as api:
        saved = api.grant(grant_id)
    assert saved.limits.daily == 12_000
    assert _windows(saved) == THREE

    # A fourth window, added in the form, joins the three.
    qtbot.waitUntil(lambda: payer.home.grant_cards[grant_id].grant.limits.daily == 12_000,
                    timeout=WAIT_MS)
    change = payer.home.grant_cards[grant_id].findChild(QPushButton, "changeButton")
    qtbot.mouseClick(change, Qt.MouseButton.LeftButton)
    add = payer.form.findChild(QPushButton, "addWindow")
    assert add is not None and add.isEnabled()
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    row = payer.form.windows.rows[-1]
    for b in row.day_buttons:
        b.setChecked(False)
    qtbot.mouseClick(row.day_buttons[2], Qt.MouseButton.LeftButton)  # Wednesday
    row.start_time.setCurrentText("12:00")
    row.end_time.setCurrentText("13:00")
    qtbot.mouseClick(payer.form.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: payer.stack.currentWidget() is payer.home, timeout=WAIT_MS)
    with Client(url, token=sqlite_world["payer"]["token"]) as api:
        saved = api.grant(grant_id)
    assert _windows(saved) == [*THREE, {"days": [2], "start": "12:00", "end": "13:00"}]
