"""Issue 11 §2, the wallet's side: "Top up (demo)" shows only when the server offers demo
funding (`GET /v1/config` says `"demo_funding": true`); amounts in its messages are
formatted for their currency."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kinpay.client import Client
from kinpay.errors import ApiError
from tests.servers import ServerProcess, seed
from tests.wallet.config_proxy import ConfigProxy
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, payer_signed_in
from wallet_app.payer.dialogs import TopUpDialog
from wallet_app.payer.funding import ServerConfig, fetch_config, top_up_error_text

pytestmark = pytest.mark.gui


@pytest.fixture
def proxy(sqlite_server: ServerProcess) -> Iterator[ConfigProxy]:
    p = ConfigProxy(upstream_port=sqlite_server.port).start()
    try:
        yield p
    finally:
        p.stop()


def test_no_button_on_a_server_without_demo_funding(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    """A shop's server (no --demo) offers no self top-up: a payer can't make money appear,
    and the wallet shows no button for it."""
    server = ServerProcess(db=str(tmp_path / "shop.db"), demo=False).start()
    try:
        world = seed(server.db, tmp_path / "devices", server.url)
        world["server_url"] = server.url
        assert httpx.get(f"{server.url}/v1/config", timeout=5).json()["demo_funding"] is False
        parent = make_window("payer", server_url=server.url, role="payer")
        payer = payer_signed_in(qtbot, parent, world)
        with qtbot.waitSignal(payer.session.config, timeout=WAIT_MS):
            payer.session.load_config()
        assert not payer.home.top_up.isVisible()
        payer.top_up()
        assert payer.dialog is None
    finally:
        server.stop()


def test_the_server_decides_and_the_button_works(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any], proxy: ConfigProxy
) -> None:
    with Client(proxy.url) as client:
        for status, body, expected in (
            (404, b'{"error": {"code": "not_found", "message": "no"}}', False),
            (200, b'{"demo_funding": false}', False),
            (200, b'{"demo_funding": "yes"}', False),
            (200, b'not json', False),
            (200, b'[true]', False),
            (200, b'{"demo_funding": true, "top_up_max_minor": 50000}', True),
        ):
            proxy.config_status, proxy.config_body = status, body
            assert fetch_config(client).demo_funding is expected, body
        assert fetch_config(client).top_up_max_minor == 50_000

    parent = make_window("payer", server_url=proxy.url, role="payer")
    payer = payer_signed_in(qtbot, parent, sqlite_world)
    qtbot.waitUntil(lambda: payer.home.top_up.isVisible(), timeout=WAIT_MS)
    before = payer.home.balance.text()
    qtbot.mouseClick(payer.home.top_up, Qt.MouseButton.LeftButton)
    dialog = payer.dialog
    assert isinstance(dialog, TopUpDialog)
    dialog.amount.setText("600")  # over the ¥500.00 this server allows
    qtbot.mouseClick(dialog.findChild(type(payer.home.top_up), "topUpOk"),
                     Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error.text() == "A demo top-up is at most ¥500.00."
    dialog.amount.setText("200")
    qtbot.mouseClick(dialog.findChild(type(payer.home.top_up), "topUpOk"),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: payer.home.balance.text() != before, timeout=WAIT_MS)
    assert payer.home.balance.text() == "¥1,200.00"


def test_top_up_messages_are_formatted_for_their_currency(
    qtbot: QtBot, styled: QApplication
) -> None:
    too_large = ApiError(400, "top_up_too_large", "a demo top-up is at most 10,000,000.00")
    assert top_up_error_text(too_large, "CNY", 10**9) == "A demo top-up is at most ¥10,000,000.00."
    assert top_up_error_text(too_large, "JPY", 10**9) == "A demo top-up is at most ¥1,000,000,000."
    assert "10,000,000.00" not in top_up_error_text(too_large, "JPY", 10**9)
    dialog = TopUpDialog("JPY", 5_000)
    qtbot.addWidget(dialog)
    dialog.amount.setText("6000")
    dialog._ok()
    assert dialog.error.text() == "A demo top-up is at most ¥5,000."
    assert ServerConfig().demo_funding is False
