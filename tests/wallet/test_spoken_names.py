"""What a screen reader says of the wallet's controls: every field, list and box has a name
that says what it is (tests/a11y.py). Before, the spending money form's four amounts read
"edit text, 50.00", "edit text, 100.00"… with nothing to tell the daily limit from the
monthly one; the sign-in and password fields, the server's address, the tablet's pairing
code, the password asked again, the top-up amount, the Activity list and the child's
purchases had no name either (a placeholder is gone once typed in)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.a11y import spoken_items, spoken_name, unnamed
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import (
    WAIT_MS,
    grant_form,
    parent_and_tablet,
    pay,
    payer_signed_in,
    sign_in,
)
from wallet_app.payer.dialogs import ConfirmPassword, TopUpDialog

pytestmark = pytest.mark.gui


def _child(root: QWidget, name: str) -> QWidget:
    found = root.findChild(QWidget, name)
    assert found is not None, f"no widget {name!r}"
    return found


def test_sign_in_and_the_parents_pages_name_every_control(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    parent = make_window("payer", server_url=sqlite_world["server_url"], role="payer")
    assert unnamed(parent) == []
    assert spoken_name(_child(parent, "userName")) == "Name"
    assert spoken_name(_child(parent, "password")) == "Password"
    payer = payer_signed_in(qtbot, parent, sqlite_world)
    assert unnamed(parent) == []
    for tab, page in (("activity", payer.activity), ("settings", payer.settings_page)):
        qtbot.mouseClick(_child(parent, f"tab-{tab}"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda p=page: payer.stack.currentWidget() is p, timeout=WAIT_MS)
        assert unnamed(parent) == [], tab
    assert spoken_name(payer.activity.list) == "Activity"
    assert spoken_name(_child(parent, "serverUrl")) == "Server address"
    assert spoken_name(_child(parent, "repeatPassword")) == "New password again"


def test_the_spending_money_form_names_each_amount(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    payer, form = grant_form(qtbot, make_window, sqlite_world)
    form.windows_on.setChecked(True)  # a day-and-time row: its two time boxes
    form.expiry_on.setChecked(True)
    assert unnamed(payer.window()) == []
    assert {key: spoken_name(edit) for key, edit in form.amounts.items()} == {
        "per_payment": "One payment at most",
        "daily": "Each day at most",
        "monthly": "Each month at most",
        "offline_cap": "When the shop is offline, one payment at most",
    }
    assert spoken_name(form.delegate) == "Who is it for?"
    assert spoken_name(form.expiry) == "Ends on"


def test_the_top_up_amount_is_named(qtbot: QtBot, styled: Any) -> None:
    dialog = TopUpDialog(currency="CNY", max_minor=100_000)
    qtbot.addWidget(dialog)
    dialog.show()
    assert unnamed(dialog) == []
    assert spoken_name(dialog.amount) == "Amount (CNY)"


def test_the_password_asked_again_is_named(qtbot: QtBot, styled: Any) -> None:
    dialog = ConfirmPassword(asking="Lily asks to pay ¥60.00 at Corner Shop")
    qtbot.addWidget(dialog)
    dialog.show()
    assert unnamed(dialog) == []
    assert spoken_name(dialog.password) == "Password"


def test_the_tablets_screens_name_every_control(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    unpaired = make_window("unpaired", server_url=sqlite_world["server_url"],
                           role="delegate")
    sign_in(qtbot, unpaired, sqlite_world["delegate"]["name"],
            sqlite_world["delegate"]["password"], "delegate")
    assert unnamed(unpaired) == []
    assert spoken_name(_child(unpaired, "pairingCode")) == "Pairing code"
    _parent, _payer, kid = parent_and_tablet(qtbot, make_window, sqlite_world, (1000, 800))
    assert unnamed(kid.window()) == []
    kid.show_purchases()
    assert unnamed(kid.window()) == []
    assert spoken_name(kid.purchases_page.list) == "My purchases"


def test_each_purchase_and_activity_line_is_read_out(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    """Each line is drawn by widgets of its own, which a list does not read: a screen reader
    moving through Activity or My purchases said nothing of any line."""
    _parent, payer, kid = parent_and_tablet(qtbot, make_window, sqlite_world, (1000, 800))
    assert kid.source is not None and kid.source.frame is not None
    pay(sqlite_world, kid.source.frame.code, 1_250)
    qtbot.waitUntil(lambda: any("¥12.50" in line.amount for line in payer.activity.lines),
                    timeout=WAIT_MS)
    said = spoken_items(payer.activity.list)
    assert len(said) == len(payer.activity.lines) >= 2  # the allowance given, the payment
    assert all(said), said
    paid = next(s for s in said if "¥12.50" in s)
    assert "Lily paid" in paid and "Corner Shop" in paid, paid
    kid.show_purchases()
    qtbot.waitUntil(lambda: kid.purchases_page.list.count() == 1, timeout=WAIT_MS)
    [purchase] = spoken_items(kid.purchases_page.list)
    assert "Corner Shop" in purchase and "¥12.50" in purchase, purchase
