"""What a purchase was of, in the windows: a basket paid whole said only "Lily paid ¥10.50
at Corner Shop" to the parent and "Corner Shop, ¥10.50" on the child's list — the server
kept no item names unless the basket was split. Now the parent's notice and Activity, and
the child's list, name the items the till sent (the first five, and how many more). Real
server, real windows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kinpay import schemas
from kinpay.client import Client
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS
from tests.wallet.test_left_out_named import family_watching

pytestmark = pytest.mark.gui

BASKET = [schemas.Item(name=name, unit_amount=150, category="grocery")
          for name in ("Bread roll", "Milk", "Apple", "Tea", "Jam", "Eggs", "Rice")]


def test_the_parent_and_the_child_read_what_was_bought(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any], tmp_path: Path,
) -> None:
    world = sqlite_world
    kid, payer, notices = family_watching(qtbot, make_window, world, tmp_path)
    assert kid.source is not None and kid.source.frame is not None
    with Client(world["server_url"], token=world["merchant"]["api_key"]) as till:
        paid, _ = till.pay(kid.source.frame.code, 1_050, "CNY", items=BASKET,
                           idempotency_key="what-was-bought-1")
    assert (paid.status, paid.amount) == ("approved", 1_050)

    said = " · for Bread roll, Milk, Apple, Tea, Jam and 2 more"
    qtbot.waitUntil(lambda: bool(notices), timeout=WAIT_MS)
    title, text = notices[-1]
    assert title == "Lily paid ¥10.50"
    assert text.endswith(said), text
    line = next(x for x in payer.activity.lines if x.key == f"payment:{paid.id}")
    assert line.detail.endswith(said), line.detail

    kid.show_purchases()
    qtbot.waitUntil(lambda: kid.purchases_page.list.count() == 1, timeout=WAIT_MS)
    texts = [lb.text() for lb in kid.purchases_page.findChildren(QLabel)]
    assert any(t.endswith("\nBread roll, Milk, Apple, Tea, Jam and 2 more") for t in texts), texts
