"""A second allowance for a child who has one is asked about before it is made.

Found using the parent's app: "Give spending money" for lily, who already had ¥50.00 a
payment, made a second allowance without a word. A parent who meant to raise lily's limit
then had two, each paying up to its own limits (twice the daily spend they meant), and a
pairing code for a tablet that was already paired. Now the parent is told what lily has
and chooses: change that one (the form opens on it), or give a second one on purpose.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from kinpay import schemas
from kinpay.client import Client
from tests.server.helpers import user
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, grant_form
from wallet_app.payer.dialogs import ConfirmSecondGrant

pytestmark = pytest.mark.gui


def _lilys(world: dict[str, Any]) -> list[schemas.Grant]:
    with Client(world["server_url"], token=world["payer"]["token"]) as api:
        return [g for g in api.grants() if g.delegate == "lily" and g.status == "active"]


def _asked(qtbot: QtBot, payer: Any) -> ConfirmSecondGrant:
    qtbot.waitUntil(lambda: isinstance(payer.dialog, ConfirmSecondGrant)
                    and payer.dialog.isVisible(), timeout=WAIT_MS)
    dialog = payer.dialog
    assert isinstance(dialog, ConfirmSecondGrant)
    return dialog


def test_a_second_allowance_for_the_same_child_is_asked_about(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    (first,) = _lilys(sqlite_world)  # the seeded one: ¥50.00 a payment, ¥100.00 a day
    payer, form = grant_form(qtbot, make_window, sqlite_world)
    form.delegate.setText("Lily")  # as a parent types a name: any case is the same child
    form.amounts["per_payment"].setText("80")
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    dialog = _asked(qtbot, payer)
    words = " ".join(b.text() for b in dialog.findChildren(QPushButton))
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "Lily already has spending money from you" in texts
    assert "¥50.00 a payment" in texts and "¥100.00 a day" in texts
    assert "Change that one" in words and "Give a second one" in words
    # "Change that one" (Enter's button): the form opens on lily's allowance; none is made.
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    assert payer.stack.currentWidget() is payer.form
    assert payer.form.grant is not None and payer.form.grant.id == first.id
    assert [g.id for g in _lilys(sqlite_world)] == [first.id]

    # Escape on the question: nothing made, the form kept as typed.
    payer.go_home()
    qtbot.mouseClick(payer.home.new_grant, Qt.MouseButton.LeftButton)
    payer.form.delegate.setText("lily")
    qtbot.mouseClick(payer.form.save, Qt.MouseButton.LeftButton)
    dialog = _asked(qtbot, payer)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    assert payer.stack.currentWidget() is payer.form
    assert payer.form.delegate.text() == "lily" and payer.form.save.isEnabled()
    assert [g.id for g in _lilys(sqlite_world)] == [first.id]

    # "Give a second one": made on purpose, its pairing code shown.
    qtbot.mouseClick(payer.form.save, Qt.MouseButton.LeftButton)
    dialog = _asked(qtbot, payer)
    qtbot.mouseClick(dialog.second, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: payer.stack.currentWidget() is payer.pairing, timeout=WAIT_MS)
    assert len(_lilys(sqlite_world)) == 2


def test_a_child_without_spending_money_is_not_asked_about(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    other = user(sqlite_world["server_url"], "delegate")
    name = other.me().name
    other.close()
    payer, form = grant_form(qtbot, make_window, sqlite_world)
    form.delegate.setText(name)
    payer.dialog = None
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: payer.stack.currentWidget() is payer.pairing, timeout=WAIT_MS)
    assert payer.dialog is None


def test_change_that_one_keeps_the_amounts_the_parent_typed(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    """The parent typed ¥80 a payment and ¥150 a day for lily, meaning to raise her limits;
    "Change that one" opened her allowance with its old amounts, and what they typed was
    gone. Now the typed amounts go with them (the others stay as lily's are)."""
    (first,) = _lilys(sqlite_world)  # ¥50.00 a payment, ¥100.00 a day, ¥1,000.00 a month
    payer, form = grant_form(qtbot, make_window, sqlite_world)
    qtbot.keyClicks(form.delegate, "lily")
    for key, text in (("per_payment", "80"), ("daily", "150")):
        form.amounts[key].selectAll()
        qtbot.keyClicks(form.amounts[key], text)
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    dialog = _asked(qtbot, payer)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # "Change that one"
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    assert payer.form.grant is not None and payer.form.grant.id == first.id
    shown = {k: e.text() for k, e in payer.form.amounts.items()}
    assert shown == {"per_payment": "80", "daily": "150", "monthly": "1,000.00",
                     "offline_cap": "20.00"}
    assert payer.form.intro.text().startswith("What you chose is filled in")
    assert _lilys(sqlite_world)[0].limits.per_payment == 5_000  # nothing saved yet
    qtbot.mouseClick(payer.form.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _lilys(sqlite_world)[0].limits.per_payment == 8_000,
                    timeout=WAIT_MS)
    (changed,) = _lilys(sqlite_world)
    assert (changed.id, changed.limits.daily, changed.limits.monthly) == (
        first.id, 15_000, 100_000)

    # The next "Change limits" from Home opens on the grant as it now is, nothing carried.
    payer.change_grant(first.id)
    assert payer.form.intro.text() == "Changes apply from the next payment."


def test_change_that_one_keeps_the_categories_the_parent_ticked(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    """Found in live use: the parent typed ¥30 a payment and ticked Games to block it for
    lily; "Change that one" kept the ¥30 but Games was unticked again, and saving as shown
    would have left games allowed. What the parent chose goes with them now; what they did
    not touch stays as lily's allowance has it."""
    (first,) = _lilys(sqlite_world)
    assert "games" not in first.blocked_categories and first.allow_partial
    payer, form = grant_form(qtbot, make_window, sqlite_world)
    qtbot.keyClicks(form.delegate, "lily")
    form.amounts["per_payment"].selectAll()
    qtbot.keyClicks(form.amounts["per_payment"], "30")
    form.category_boxes["games"].click()  # as a tap does (the box is below the fold)
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    dialog = _asked(qtbot, payer)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # "Change that one"
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    assert payer.form.category_boxes["games"].isChecked()
    assert payer.form.amounts["per_payment"].text() == "30"
    assert payer.form.allow_partial.isChecked()  # untouched: lily's, as it was
    qtbot.mouseClick(payer.form.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "games" in _lilys(sqlite_world)[0].blocked_categories,
                    timeout=WAIT_MS)
    (changed,) = _lilys(sqlite_world)
    assert changed.id == first.id and changed.limits.per_payment == 3_000
    assert set(changed.blocked_categories) == {*first.blocked_categories, "games"}


def test_a_child_at_the_servers_cap_is_named_in_words(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    """Ten allowances running from one parent for one child are as many as the server
    allows (security.md row 68): the eleventh is refused, and the form says why under the
    child's name, not "That name is taken" (the words of a 409 before)."""
    with Client(sqlite_world["server_url"], token=sqlite_world["payer"]["token"]) as api:
        for _ in range(10 - len(_lilys(sqlite_world))):
            api.create_grant(schemas.GrantCreate(
                delegate="lily", limits=schemas.Limits(per_payment=500, daily=1_000,
                                                       monthly=5_000), offline_cap=500))
    assert len(_lilys(sqlite_world)) == 10
    payer, form = grant_form(qtbot, make_window, sqlite_world)
    form.delegate.setText("lily")
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    dialog = _asked(qtbot, payer)
    qtbot.mouseClick(dialog.second, Qt.MouseButton.LeftButton)  # "Give a second one"
    message = form.errors["delegate"]
    qtbot.waitUntil(lambda: message.isVisible() and message.text() != "", timeout=WAIT_MS)
    assert message.text() == ("This child already has as many allowances running as kinpay "
                              "allows. Stop one before giving another.")
    assert payer.stack.currentWidget() is payer.form
    assert len(_lilys(sqlite_world)) == 10
