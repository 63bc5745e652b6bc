"""A stranger at a till types wrong numbers for the child's typed (numeric) code until the
server switches it off: the payer is told at once (activity line and notification), the
grant's card says until when and offers to turn it back on, and doing so lifts the lockout
on the server (issue 11 §9: "the payer is told of a lockout and can lift it")."""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kinpay import codes
from kinpay.client import Client
from kinpay.device import Device
from server_stub.limits import DEVICE_NUMERIC
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, pay, payer_signed_in

pytestmark = pytest.mark.gui


def wrong_number(device_no: int, rng: random.Random) -> str:
    """A well-formed typed code for the device with a made-up one-time password."""
    otp = f"{rng.randrange(10**codes.OTP_DIGITS):0{codes.OTP_DIGITS}d}"
    body = f"{device_no:09d}{rng.randrange(10)}{otp}"
    return body + codes._luhn_digit(body)


def test_the_payer_sees_a_typed_code_lockout_and_lifts_it(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
) -> None:
    url, grant_id = sqlite_world["server_url"], sqlite_world["grant"]["id"]
    window = make_window("payer", server_url=url, role="payer")
    shell = payer_signed_in(qtbot, window, sqlite_world)
    card = shell.home.grant_cards[grant_id]
    assert card.unlock is None  # nothing is locked yet: no button

    device_no = Device.load(Path(sqlite_world["delegate"]["device"])).device_no
    rng = random.Random(7)
    answers = [pay(sqlite_world, wrong_number(device_no, rng), 100)
               for _ in range(DEVICE_NUMERIC.limit)]
    assert [a.decline_code for a in answers] == ["code_invalid"] * DEVICE_NUMERIC.limit

    qtbot.waitUntil(lambda: any(line.key.startswith("device:")
                                for line in shell.activity.lines), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: shell.home.grant_cards[grant_id].unlock is not None,
                    timeout=WAIT_MS)
    card = shell.home.grant_cards[grant_id]
    with Client(url, token=sqlite_world["payer"]["token"]) as payer:
        locked = payer.grant(grant_id).numeric_locked_until
    assert locked is not None and locked > time.time()
    note = card.findChild(QLabel, "numericLocked")
    assert note is not None and note.isVisibleTo(card)
    assert time.strftime("%H:%M", time.localtime(locked)) in note.text()

    assert card.unlock is not None
    qtbot.mouseClick(card.unlock, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.home.grant_cards[grant_id].unlock is None, timeout=WAIT_MS)
    with Client(url, token=sqlite_world["payer"]["token"]) as payer:
        assert payer.grant(grant_id).numeric_locked_until is None
