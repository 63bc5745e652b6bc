"""A basket declined for its goods says whose rule it is (live QA 36 §7).

Beer alone (or beer and cigarettes) was declined "The parent doesn't allow buying this kind
of thing": the parent was blamed for the law, and the cashier could think the child might
pay in cash. Every blocked item age-restricted: the age rule, as the split card says it. A
kind of thing the parent blocked (snacks) keeps the parent's words. On a real server."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from kinpay import schemas
from kinpay.client import Client
from tests.pos.conftest import Tablet
from tests.pos.test_terminal import charge_by_wedge, wait_result

pytestmark = pytest.mark.gui

AGE = ("Alcohol, tobacco and gambling can't be sold to a child: not with the allowance, "
       "nor for cash or by card. Take those items out of the sale.")


def _ring(qtbot: Any, window: Any, tablet: Tablet, *names: str) -> str:
    window.set_mode(1)
    for name in names:
        window.add_product(window.catalogue.find(name))
    charge_by_wedge(qtbot, window, tablet.code())
    wait_result(qtbot, window, "declined")
    text = window.result.detail.text()
    assert window.shown.decline_code == "category_blocked"  # the server's code stays
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    return str(text)


def test_age_restricted_goods_are_declined_by_the_age_rule(
        terminal: Any, qtbot: Any, sqlite_world: dict[str, Any], tablet: Tablet) -> None:
    with Client(sqlite_world["server_url"], token=sqlite_world["payer"]["token"]) as payer:
        payer.change_grant(sqlite_world["grant"]["id"], schemas.GrantChange(
            blocked_categories=["alcohol", "tobacco", "gambling", "snacks"]))
    window = terminal()
    assert _ring(qtbot, window, tablet, "Beer 330 ml") == AGE
    assert "parent" not in AGE
    # A kind of thing the parent blocked is the parent's: said so.
    assert _ring(qtbot, window, tablet, "Chocolate bar").startswith(
        "The parent doesn't allow buying this kind of thing.")
