"""A parent or child making an account where the address has made its hour's accounts
(server_stub/limits.py, `--sign-ups-per-hour`) is told what happened and what to do, not
"Too many tries: wait a moment" (the lock lasts an hour). Real server, real page."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kinpay.client import Client
from tests.server.helpers import PASSWORD
from tests.servers import ServerProcess
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS

pytestmark = pytest.mark.gui


@pytest.fixture
def one_an_hour(tmp_path: Path) -> Iterator[ServerProcess]:
    proc = ServerProcess(db=str(tmp_path / "k.db"), log_path=tmp_path / "s.log",
                         sign_ups_per_hour=1).start()
    try:
        yield proc
    finally:
        proc.stop()


def test_the_sign_up_page_says_the_hour_is_used(
    qtbot: QtBot, make_window: WindowFactory, one_an_hour: ServerProcess
) -> None:
    with Client(one_an_hour.url) as first:  # this address's one account of the hour
        first.sign_up(f"dad-{secrets.token_hex(3)}", PASSWORD, "payer")
    window = make_window("payer", server_url=one_an_hour.url, role="payer")
    page = window.sign_in
    page.name.setText(f"mum-{secrets.token_hex(3)}")
    page.password.setText(PASSWORD)
    qtbot.mouseClick(page.create_account, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.error.isVisible(), timeout=WAIT_MS)
    assert page.error.text() == (
        "As many new accounts as an hour allows were made from this network. Try again in "
        "an hour, or sign in to an account you have.")
    assert window.payer is None
