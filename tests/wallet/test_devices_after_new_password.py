"""Live test 34 §13: after Change password, the message said every other device was signed
out, and Signed-in devices under it still listed two other sessions, each with "Sign out",
until Refresh was tapped. The list is read again once the password is changed. Real
clicks, a real server."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kinpay.client_sessions import session_tag
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS
from tests.wallet.test_signed_in_devices import rows
from tests.wallet.test_stolen_phone import NEW_PASSWORD, click, fill, two_windows

pytestmark = pytest.mark.gui


def test_a_new_password_takes_the_signed_out_devices_off_the_list(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
) -> None:
    payer, other = two_windows(qtbot, make_window, sqlite_world)
    assert other.payer is not None
    mine = session_tag(payer.session.token)
    others = session_tag(other.payer.session.token)
    qtbot.waitUntil(lambda: {mine, others} <= set(rows(payer)), timeout=WAIT_MS)
    assert len(rows(payer)) == 3  # this window, the other, and the seed's own sign-in
    card = payer.settings_page.account
    fill(payer, sqlite_world["payer"]["password"], NEW_PASSWORD, NEW_PASSWORD)
    click(qtbot, card.change)
    qtbot.waitUntil(lambda: card.message.text().startswith("Password changed."),
                    timeout=WAIT_MS)
    # No Refresh tapped: only this device is left, and it has no "Sign out".
    qtbot.waitUntil(lambda: set(rows(payer)) == {mine}, timeout=WAIT_MS)
    assert rows(payer)[mine].sign_out is None
