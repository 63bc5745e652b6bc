"""Live test 34 §15: a parent on a shop's own server (no demo top-ups) started at ¥0.00,
with no top-up button and no word of how money gets in. The home now says it: the kinpay
operator adds it (`kinpay fund`), and it goes once money has arrived. Real server without
--demo, a new parent's real window."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kinpay.client import Client
from tests.servers import ServerProcess, run_kinpay
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, sign_in

pytestmark = pytest.mark.gui

SAID = ("Your account has no money yet. The kinpay operator (whoever runs kinpay for you, "
        "such as your shop) adds it: ask them to. It shows here as soon as it arrives.")


def test_a_new_parent_is_told_how_money_gets_in(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path,
) -> None:
    server = ServerProcess(db=str(tmp_path / "shop.db"), demo=False).start()
    try:
        with Client(server.url) as client:
            client.sign_up("zhaoli", "zhaoli's password", "payer")
        window = make_window("payer", server_url=server.url, role="payer")
        window.resize(400, 800)
        sign_in(qtbot, window, "zhaoli", "zhaoli's password", "payer")
        payer = window.payer
        assert payer is not None
        home = payer.home
        qtbot.waitUntil(lambda: home.how_to_fund.isVisible(), timeout=WAIT_MS)
        assert home.balance.text() == "¥0.00"
        assert home.how_to_fund.text() == SAID
        assert not home.top_up.isVisible()
        run_kinpay("fund", "--db", server.db, "--payer", "zhaoli", "--amount", "100.50",
                   "--reason", "bank transfer")
        qtbot.waitUntil(lambda: home.balance.text() == "¥100.50", timeout=WAIT_MS)
        assert not home.how_to_fund.isVisible()
    finally:
        server.stop()
