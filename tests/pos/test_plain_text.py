"""Screens that can't be spoofed (issue 12 §4): every string a user or a server controls
is shown as plain text, the CSV report neutralises formulas, and a receipt's file name
can't be chosen by a forged payment id."""

from __future__ import annotations

import csv
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QPushButton

from kinpay import schemas
from kinpay.client import Client
from pos_app import receipt, report
from pos_app.core.store import Store
from tests.pos.test_screens import child, click
from tests.pos.test_terminal import charge_by_wedge, type_amount, wait_result
from tests.server.helpers import user

pytestmark = pytest.mark.gui

SPOOF = '<b style="color:green">APPROVED ✔</b>'


def _green_pixels(widget: Any) -> int:
    image = widget.grab().toImage()
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = QColor(image.pixel(x, y))
            if c.green() > 90 and c.red() < 60 and c.blue() < 60:
                count += 1
    return count


def test_a_delegate_named_like_an_approval_shows_literally_on_a_decline(
        terminal: Any, qtbot: Any, sqlite_world: dict[str, Any]) -> None:
    url = sqlite_world["server_url"]
    delegate = user(url, "delegate", name=SPOOF)  # the attacker signs up with this name
    with Client(url, token=sqlite_world["payer"]["token"]) as payer:
        grant = payer.create_grant(schemas.GrantCreate(
            delegate=SPOOF, limits=schemas.Limits(per_payment=1000, daily=5000,
                                                  monthly=20000)))
    device = delegate.pair(grant.pairing_code)
    delegate.close()
    window = terminal()
    type_amount(qtbot, window, "2000")  # above the ¥10.00 per payment: declined
    charge_by_wedge(qtbot, window, device.code_at(int(time.time())))
    wait_result(qtbot, window, "declined")
    card = window.result
    assert card.title.text() == "Declined"
    assert sqlite_world["payer"]["name"] == "mei"
    assert card.who.text() == f"{SPOOF}  ·  paid by Mei"  # as typed, first letter up
    assert card.who.textFormat() == Qt.TextFormat.PlainText
    assert card.detail.text() == schemas.decline_text("limit_per_payment")
    # As drawn: the name's markup is characters, not a big green word.
    assert _green_pixels(card.who) == 0
    assert not card.buttons["receipt"].isVisibleTo(card)
    window.on_action("new")
    # Every label of the window and of each screen around the sale shows plain text.
    for open_screen in (window.open_history, window.open_report, window.open_settings):
        open_screen()
        labels = window.dialog.findChildren(QLabel)
        assert labels and all(lb.textFormat() == Qt.TextFormat.PlainText for lb in labels)
        window.dialog.close()
    labels = window.findChildren(QLabel)
    assert all(lb.textFormat() == Qt.TextFormat.PlainText for lb in labels), [
        lb.objectName() for lb in labels if lb.textFormat() != Qt.TextFormat.PlainText]


def _sale(store: Store, key: str, delegate: str, payment_id: str) -> None:
    store.begin_sale(key=key, code="KP1:x", amount=1200, currency="CNY", items=[],
                     reference=None, now_s=int(time.time()))
    store.finish(key, schemas.Payment(
        id=payment_id, status="approved", decline_code=None, amount=1200, currency="CNY",
        payer=schemas.Party(name="mei"), delegate=schemas.Party(name=delegate),
        remaining=None, created_at=int(time.time())), now_s=int(time.time()))


def test_csv_cells_that_would_run_as_formulas_are_neutralised(tmp_path: Path) -> None:
    store = Store(tmp_path / "terminal.db")
    names = ["=HYPERLINK(\"http://x\",\"ok\")", "+1+2", "-3", "@SUM(A1)", "\tx", "\rx",
             "lily"]
    for i, name in enumerate(names):
        _sale(store, f"key-{i:04d}-abcdefgh", name, f"pay-{i}")
    path = report.write_csv(report.compute(store, "CNY"), tmp_path / "day.csv")
    with path.open(newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    delegates = [r[header.index("delegate")] for r in rows[1:1 + len(names)]]
    assert delegates == ["'=HYPERLINK(\"http://x\",\"ok\")", "'+1+2", "'-3", "'@SUM(A1)",
                         "'\tx", "'\rx", "lily"]
    assert [r[header.index("amount_minor")] for r in rows[1:1 + len(names)]] == ["1200"] * 7
    store.close()


def test_a_forged_payment_id_cannot_place_a_receipt_outside_its_folder(
        terminal: Any, qtbot: Any, tmp_path: Path) -> None:
    window = terminal()
    # What a forged answer would leave in the journal: a payment id that is a path.
    _sale(window.store, "key-forged-abcdefgh", "lily", "../../x")
    window.open_receipt("key-forged-abcdefgh")
    click(qtbot, child(window, QPushButton, "receipt_pdf"))
    folder = window.data_dir / "receipts"
    [saved] = list(folder.iterdir())
    assert saved.suffix == ".pdf" and saved.read_bytes().startswith(b"%PDF")
    assert saved.name != "x.pdf" and ".." not in saved.name
    assert not (window.data_dir.parent / "x.pdf").exists()
    assert not (window.data_dir / "x.pdf").exists()
    assert receipt.pdf_path(folder, "pay_1-A").name == "pay_1-A.pdf"
    window.dialog.close()
