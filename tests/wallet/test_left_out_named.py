"""Live test 34 §5: Lily's beer was left out of a split basket (the bread paid by her
allowance), and the parent read "for Bread roll · ¥7.00 not on the allowance": the beer
was never named. The server names what the code did not pay for (`left_out`); the parent's
notice and Activity name it, and so does the child's own list. A payment stored before
the field reads as before. Real server, real windows."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kinpay import schemas
from kinpay.client import Client
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, payer_signed_in
from tests.wallet.test_tablet_follows import tablet_paired_elsewhere
from wallet_app.delegate.window import DelegateShell
from wallet_app.payer.window import PayerShell

pytestmark = pytest.mark.gui

BASKET = [schemas.Item(name="Bread roll", unit_amount=350, category="grocery"),
          schemas.Item(name="Beer", unit_amount=700, category="alcohol")]


def family_watching(
    qtbot: QtBot, make_window: WindowFactory, world: dict[str, Any], tmp_path: Path,
) -> tuple[DelegateShell, PayerShell, list[tuple[str, str]]]:
    """The world's child's tablet online and the parent's wallet live; the parent's notices
    as they come (title, text)."""
    _window, kid = tablet_paired_elsewhere(make_window, world, tmp_path / "wallet-tablet",
                                           dead_url=world["server_url"])
    qtbot.waitUntil(lambda: kid.online, timeout=WAIT_MS)
    parent = make_window("payer", server_url=world["server_url"], role="payer")
    payer = payer_signed_in(qtbot, parent, world)
    qtbot.waitUntil(lambda: payer.activity.link_state.text() == "● Live", timeout=WAIT_MS)
    notices: list[tuple[str, str]] = []
    payer.notifier.shown.connect(lambda title, text: notices.append((title, text)))
    return kid, payer, notices


def test_the_parent_and_the_child_read_what_was_left_out_by_name(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any], tmp_path: Path,
) -> None:
    world = sqlite_world
    kid, payer, notices = family_watching(qtbot, make_window, world, tmp_path)
    assert kid.source is not None and kid.source.frame is not None
    with Client(world["server_url"], token=world["merchant"]["api_key"]) as till:
        paid, _ = till.pay(kid.source.frame.code, 1_050, "CNY", items=BASKET, partial=True,
                           idempotency_key="left-out-beer-1")
    assert (paid.status, paid.amount) == ("approved", 350)

    # The parent's notice, and the line in Activity.
    qtbot.waitUntil(lambda: bool(notices), timeout=WAIT_MS)
    title, text = notices[-1]
    assert title == "Lily paid ¥3.50"
    assert text.endswith(" · for Bread roll · Lily also wanted Beer: not on the allowance "
                         "(¥7.00)"), text
    line = next(x for x in payer.activity.lines if x.key == f"payment:{paid.id}")
    assert line.detail.endswith("Lily also wanted Beer: not on the allowance (¥7.00)")

    # The child's list.
    kid.show_purchases()
    qtbot.waitUntil(lambda: kid.purchases_page.list.count() == 1, timeout=WAIT_MS)
    texts = [lb.text() for lb in kid.purchases_page.findChildren(QLabel)]
    assert any(t.endswith("\nYour allowance paid for: Bread roll · Not paid by your "
                          "allowance: Beer (¥7.00)") for t in texts), texts


def test_a_payment_stored_before_left_out_reads_as_before(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any], tmp_path: Path,
) -> None:
    world = sqlite_world
    _window, kid = tablet_paired_elsewhere(make_window, world, tmp_path / "wallet-tablet",
                                           dead_url=world["server_url"])
    qtbot.waitUntil(lambda: kid.online, timeout=WAIT_MS)
    assert kid.source is not None and kid.source.frame is not None
    with Client(world["server_url"], token=world["merchant"]["api_key"]) as till:
        paid, _ = till.pay(kid.source.frame.code, 1_050, "CNY", items=BASKET, partial=True,
                           idempotency_key="left-out-beer-old")
    # As a server before the field stored it: the answer without `left_out`.
    with sqlite3.connect(world["db"]) as db:
        (stored,) = db.execute("SELECT response FROM payments WHERE id = ?", (paid.id,)).fetchone()
        body = json.loads(stored)
        assert body.pop("left_out") == ["Beer"]
        db.execute("UPDATE payments SET response = ? WHERE id = ?", (json.dumps(body), paid.id))
    parent = make_window("payer", server_url=world["server_url"], role="payer")
    payer = payer_signed_in(qtbot, parent, world)  # Activity from the server's history
    qtbot.waitUntil(lambda: any(x.key == f"payment:{paid.id}" for x in payer.activity.lines),
                    timeout=WAIT_MS)
    line = next(x for x in payer.activity.lines if x.key == f"payment:{paid.id}")
    assert line.detail.endswith(" · for Bread roll · ¥7.00 not on the allowance"), line.detail
    kid.show_purchases()
    qtbot.waitUntil(lambda: kid.purchases_page.list.count() == 1, timeout=WAIT_MS)
    texts = [lb.text() for lb in kid.purchases_page.findChildren(QLabel)]
    assert any(t.endswith("\nYour allowance paid for: Bread roll · ¥7.00 of ¥10.50 was not "
                          "on your allowance") for t in texts), texts


def test_the_parent_and_the_child_read_how_the_rest_went_at_once(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any], tmp_path: Path,
) -> None:
    """The cashier took the beer off the sale: the parent's line said "Lily also wanted
    Beer" (still due) until the wallet was opened again. It says she tried to buy it as soon
    as the till says so, with no second notice, and the tablet shows no second "Paid"."""
    world = sqlite_world
    kid, payer, notices = family_watching(qtbot, make_window, world, tmp_path)
    banners: list[str] = []
    assert kid.link is not None
    kid.link.payment.connect(lambda data, _at: banners.append(str(data.get("id"))))
    assert kid.source is not None and kid.source.frame is not None
    with Client(world["server_url"], token=world["merchant"]["api_key"]) as till:
        paid, _ = till.pay(kid.source.frame.code, 1_050, "CNY", items=BASKET, partial=True,
                           idempotency_key="rest-removed-1")
        key = f"payment:{paid.id}"
        qtbot.waitUntil(lambda: any(x.key == key for x in payer.activity.lines),
                        timeout=WAIT_MS)
        qtbot.waitUntil(lambda: len(notices) == 1 and banners == [paid.id], timeout=WAIT_MS)
        till.pay_rest(paid.id, "removed")

    def detail() -> str:
        return next(x.detail for x in payer.activity.lines if x.key == key)

    qtbot.waitUntil(lambda: detail().endswith(" · for Bread roll · Lily tried to buy Beer: "
                                              "not on the allowance"), timeout=WAIT_MS)
    assert [x.key for x in payer.activity.lines].count(key) == 1
    kid.show_purchases()
    qtbot.waitUntil(lambda: kid.purchases_page.list.count() == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: any(
        lb.text().endswith("\nYour allowance paid for: Bread roll · Not paid by your "
                           "allowance: Beer") for lb in kid.purchases_page.findChildren(QLabel)),
        timeout=WAIT_MS)
    assert len(notices) == 1, notices
    assert banners == [paid.id]
