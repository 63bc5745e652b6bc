"""The parent's activity shows money coming in, as it shows money going out: the operator
funding the account (`kinpay fund`, what a bank transfer becomes) had no line at all, only a
balance that changed by itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pytestqt.qtbot import QtBot

from tests.servers import run_kinpay
from tests.wallet.flows import WAIT_MS, payer_signed_in
from wallet_app.app import WalletWindow


def test_money_added_to_the_account_is_in_the_activity(
        qtbot: QtBot, make_window: Callable[..., WalletWindow],
        sqlite_world: dict[str, Any]) -> None:
    parent = make_window("payer", server_url=sqlite_world["server_url"], role="payer")
    payer = payer_signed_in(qtbot, parent, sqlite_world)
    qtbot.waitUntil(lambda: payer.activity.link_state.text() == "● Live", timeout=WAIT_MS)
    run_kinpay("fund", "--db", sqlite_world["db"], "--payer", sqlite_world["payer"]["name"],
               "--amount", "250.00", "--reason", "bank transfer 2026-12-01")
    def added() -> list[Any]:
        return [line for line in payer.activity.lines
                if line.title == "Money added to your account"]

    qtbot.waitUntil(lambda: any(line.amount == "¥250.00" for line in added()), timeout=WAIT_MS)
    # Newest first: this ¥250.00, then the demo's own ¥1,000.00 that the world began with.
    assert [line.amount for line in added()] == ["¥250.00", "¥1,000.00"]
    line = added()[0]
    assert line.detail == ""  # the operator's note is theirs
    assert line.key.startswith("account:")
