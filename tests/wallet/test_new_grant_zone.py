"""Live QA 36 §16: on a machine set to UTC, "Give spending money" said "Days, times and the
daily limit follow UTC" and made the allowance so, while the parent's account and the
seeded allowance follow China (Shanghai) Time: a CNY allowance whose day ended at 08:00
Beijing time. A new allowance follows the parent's own account's zone (GET /v1/me), and
the note says the device's is another. Real server, real form."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kinpay.client import Client
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, grant_form, save_new_grant
from wallet_app.payer import grant_form as form_module
from wallet_app.zone import zone_words

pytestmark = pytest.mark.gui
MACHINE_ZONE = "Europe/London"  # not the account's: the form must not follow it


def test_a_new_allowance_follows_the_parents_own_zone_not_the_machines(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = sqlite_world
    with Client(world["server_url"], token=world["payer"]["token"]) as api:
        home = api.me().timezone
    assert home != MACHINE_ZONE
    monkeypatch.setattr(form_module, "device_zone", lambda: MACHINE_ZONE)
    payer, form = grant_form(qtbot, make_window, world)
    # The account's zone heard (a form opened before the answer shows the device's).
    qtbot.waitUntil(lambda: getattr(payer.session, "home_zone", "-") is not None,
                    timeout=WAIT_MS)
    payer.go_home()
    qtbot.mouseClick(payer.home.new_grant, Qt.MouseButton.LeftButton)
    assert form.zone_note.text() == (
        f"Days, times and the daily limit follow {zone_words(home)}. "
        f"This device is on {zone_words(MACHINE_ZONE)}."), form.zone_note.text()
    form.delegate.setText("lily")
    save_new_grant(qtbot, payer)
    qtbot.waitUntil(lambda: payer.stack.currentWidget() is payer.pairing, timeout=WAIT_MS)
    with Client(world["server_url"], token=world["payer"]["token"]) as api:
        newest = max(api.grants(), key=lambda g: g.created_at)
    assert newest.timezone == home, f"the new allowance follows {newest.timezone}"
