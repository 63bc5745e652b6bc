"""Enter in the parent's grant form saves it, as the Save button does.

Found using the app: the parent typed the child's name and pressed Enter, and nothing
happened (only a click on "Give spending money" saved). Enter in any of the form's typed
fields (the name, the amounts) now saves; a second Enter while the first is on its way
makes nothing more. Real server, real widgets.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kinpay.client import Client
from tests.server.helpers import user
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, grant_form

pytestmark = pytest.mark.gui


def grants_of(world: dict[str, Any], delegate: str) -> list[Any]:
    with Client(world["server_url"], token=world["payer"]["token"]) as api:
        return [g for g in api.grants() if g.delegate == delegate]


def test_enter_in_the_name_saves_a_new_allowance_once(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    child = user(sqlite_world["server_url"], "delegate")
    name = child.me().name
    child.close()
    payer, form = grant_form(qtbot, make_window, sqlite_world)
    qtbot.keyClicks(form.delegate, name)
    qtbot.keyClick(form.delegate, Qt.Key.Key_Return)
    qtbot.keyClick(form.delegate, Qt.Key.Key_Return)  # pressed twice, in a hurry
    qtbot.waitUntil(lambda: payer.stack.currentWidget() is payer.pairing, timeout=WAIT_MS)
    assert payer.pairing.code.text()
    made = grants_of(sqlite_world, name)
    assert len(made) == 1 and made[0].limits.per_payment == 5_000  # the form's default


def daily_typed_and_entered(qtbot: QtBot, make_window: WindowFactory,
                            world: dict[str, Any], text: str) -> tuple[Any, Any]:
    """Lily's allowance open in the form, `text` typed over its daily limit, then Enter;
    the parent's shell and the allowance as it was."""
    (lily,) = grants_of(world, "lily")
    payer, _form = grant_form(qtbot, make_window, world)
    payer.change_grant(lily.id)
    daily = payer.form.amounts["daily"]
    daily.selectAll()
    qtbot.keyClicks(daily, text)
    qtbot.keyClick(daily, Qt.Key.Key_Return)
    return payer, lily


def test_enter_in_an_amount_saves_a_change(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    payer, _lily = daily_typed_and_entered(qtbot, make_window, sqlite_world, "80")
    qtbot.waitUntil(lambda: payer.stack.currentWidget() is payer.home, timeout=WAIT_MS)
    assert grants_of(sqlite_world, "lily")[0].limits.daily == 8_000


def test_enter_on_a_wrong_amount_shows_what_is_wrong_and_saves_nothing(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    payer, lily = daily_typed_and_entered(qtbot, make_window, sqlite_world, "1.234")
    assert payer.stack.currentWidget() is payer.form
    assert payer.form.errors["daily"].isVisible() and payer.form.errors["daily"].text()
    assert grants_of(sqlite_world, "lily")[0].limits.daily == lily.limits.daily
