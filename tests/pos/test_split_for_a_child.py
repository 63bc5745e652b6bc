"""Live session 33 at the till, the split card against a real server (the seeded world:
the child may not buy alcohol, tobacco or gambling; ¥100 a day):

- §3: cigarettes in the child's basket were offered "Take ¥23.00 another way", Cash ⏎; the
  cashier sold them for cash. Age-restricted ✗ items come off the sale (or the allowance's
  part goes back); a blocked snack may still be paid another way.
- §7: after "Remove ✗ items" the approved card had no "Lily · paid by Mei" nor "left today"
  line; and nothing of the removed item is paid, on the till or on the server.
- §8: Enter on a part-approved card recorded the rest as cash at once; an Enter meant for
  the card before recorded ¥5.50 no one took. Money taken is a deliberate tap."""

from __future__ import annotations

import time
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kinpay.client import Client, new_idempotency_key
from tests.pos.conftest import Tablet
from tests.pos.test_split_terminal import block_snacks, charge_basket, server_payment

pytestmark = pytest.mark.gui



def split_card(qtbot: Any, window: Any, tablet: Tablet, *items: tuple[str, int, str]) -> Any:
    """The basket rung up by items and paid by the child's code: its split card, shown."""
    window.set_mode(1)
    charge_basket(qtbot, window, tablet, *items)
    card = window.split
    qtbot.waitUntil(card.isVisible, timeout=15_000)
    return card


def tap(qtbot: Any, widget: Any) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def spend(world: dict[str, Any], tablet: Tablet, *amounts: int) -> None:
    with Client(world["server_url"], token=world["merchant"]["api_key"]) as c:
        for amount in amounts:
            paid, _ = c.pay(tablet.code(), amount, "CNY", idempotency_key=new_idempotency_key())
            assert paid.status == "approved"


def offered(card: Any) -> list[str]:
    return [n for n in card.NAMES if card.buttons[n].isVisible()]


def test_cigarettes_in_a_childs_basket_come_off_never_for_cash(
        terminal: Any, qtbot: Any, sqlite_world: dict[str, Any], tablet: Tablet,
        shot: Any) -> None:
    window = terminal()
    card = split_card(qtbot, window, tablet, ("Bread roll", 350, "grocery"),
                      ("Cigarettes", 2_200, "tobacco"))
    key = window.shown.key
    assert offered(card) == ["removed", "giveback"]  # no Cash, no Card
    assert card.why.text() == ("Cigarettes: not for sale to a child, not even for cash or "
                               "by card.")
    assert card.rest.text() == "Remove the ✗ items"
    assert "another way" not in window.prompt.text()
    shot(window, "split-cigarettes")
    qtbot.keyClick(window, Qt.Key.Key_Return)
    card.action.emit("cash")  # a tap that is not offered records nothing either
    row = window.store.get(key)
    assert row is not None and row.due_minor == 2_200 and row.other_minor("cash") == 0
    assert card.isVisible()
    tap(qtbot, card.buttons["removed"])
    qtbot.waitUntil(lambda: window.result.kind == "approved", timeout=15_000)
    paid = server_payment(sqlite_world, str(row.payment_id))
    assert (paid.total, paid.other("cash"), paid.other("card")) == (350, 0, 0)


def test_cigarettes_beyond_what_is_left_today_are_not_sold_either(
        terminal: Any, qtbot: Any, sqlite_world: dict[str, Any], tablet: Tablet,
        shot: Any) -> None:
    """The live basket: ¥5.50 left today, crisps and cigarettes: "Part approved", the rest
    ¥23.00 offered in cash. The rest is not the ✗ items alone, so they can't just come off:
    the allowance's part goes back and the sale is rung up again without them."""
    spend(sqlite_world, tablet, 5_000, 4_450)
    window = terminal()
    card = split_card(qtbot, window, tablet, ("Crisps", 650, "snacks"),
                      ("Cigarettes", 2_200, "tobacco"))
    assert card.paid.text() == "Allowance paid ¥5.50 of ¥28.50"
    assert offered(card) == ["giveback"]
    assert card.rest.text() == ("Give the allowance's part back, then ring up the sale "
                                "again without them")
    shot(window, "split-cigarettes-partial")
    qtbot.keyClick(window, Qt.Key.Key_Return)
    row = window.store.get(window.shown.key)
    assert row is not None and row.due_minor == 2_300 and not row.tenders[0].get("rest")


def test_a_blocked_snack_may_still_be_paid_another_way(
        terminal: Any, qtbot: Any, sqlite_world: dict[str, Any], tablet: Tablet) -> None:
    block_snacks(sqlite_world)
    window = terminal()
    card = split_card(qtbot, window, tablet, ("Bread roll", 350, "grocery"),
                      ("Chocolate bar", 500, "snacks"))
    assert offered(card) == ["cash", "card", "removed", "giveback"]
    assert card.rest.text() == "Take ¥5.00 another way"


def test_after_remove_the_card_says_who_paid_and_what_is_left_and_nothing_else_is_paid(
        terminal: Any, qtbot: Any, sqlite_world: dict[str, Any], tablet: Tablet,
        shot: Any) -> None:
    block_snacks(sqlite_world)
    window = terminal()
    card = split_card(qtbot, window, tablet, ("Bread roll", 350, "grocery"),
                      ("Chocolate bar", 500, "snacks"))
    key = window.shown.key
    tap(qtbot, card.buttons["removed"])
    qtbot.waitUntil(lambda: window.result.kind == "approved", timeout=15_000)
    shot(window, "split-removed")
    assert window.result.amount.text() == "¥3.50"
    assert window.result.who.isVisible()
    assert window.result.who.text() == "Lily  ·  paid by Mei"
    assert window.result.detail.text() == "Left today for Lily: ¥96.50"
    row = window.store.get(key)
    assert row is not None
    assert [i.name for i in row.items] == ["Bread roll"]
    assert (row.total_minor, row.other_minor("cash"), row.other_minor("card")) == (350, 0, 0)
    paid = server_payment(sqlite_world, str(row.payment_id))
    assert (paid.amount, paid.total) == (350, 350)
    assert paid.paid_for == ["Bread roll"]
    assert [t.kind for t in paid.tenders if t.kind in ("cash", "card", "due")] == []


def test_enter_on_a_part_approved_card_records_no_cash(
        terminal: Any, qtbot: Any, sqlite_world: dict[str, Any], tablet: Tablet,
        shot: Any) -> None:
    spend(sqlite_world, tablet, 5_000, 4_950)  # ¥0.50 left today
    window = terminal()
    for digit in "600":
        window.press(digit)
    window.charge()
    window.take(tablet.code(), time.perf_counter())
    card = window.split
    qtbot.waitUntil(card.isVisible, timeout=15_000)
    key = window.shown.key
    assert "Enter" not in window.prompt.text()
    assert all("⏎" not in card.buttons[n].text() for n in card.NAMES)
    shot(window, "partial-no-enter")
    for _ in range(2):  # Enter, twice, out of habit
        qtbot.keyClick(window, Qt.Key.Key_Return)
    row = window.store.get(key)
    assert row is not None and row.due_minor == 550 and row.other_minor("cash") == 0
    assert card.isVisible() and window.state == "result"
    assert window.prompt.text() == "Enter takes no money here: tap how the rest was taken."
    tap(qtbot, card.buttons["cash"])  # the deliberate tap
    qtbot.waitUntil(lambda: window.result.kind == "approved", timeout=15_000)
    after = window.store.get(key)
    assert after is not None and after.other_minor("cash") == 550
    assert window.result.detail.text() == "¥0.50 by the allowance  ·  ¥5.50 in cash"
