"""The parent's Activity list sizes each row for the width it really gets.

Found on a phone (414 px, Chinese): a money-added line's "12月2日 02:32 · 充值（演示）"
fitted the list's width on one line but not the row's (the stylesheet pads each row), so it
wrapped onto a second line that was cut. Checked with a few lines and with enough for a
scroll bar."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.wallet.phone import problems, settle
from wallet_app.payer.activity import ActivityPage, Line


def words(n: int) -> str:
    """About `n` letters in short words, one letter more for each n."""
    return " ".join(["note"] * (n // 5) + ["x" * (n % 5 + 1)])


def lines(count: int, first: int) -> list[Line]:
    """Lines whose texts grow a letter at a time: whatever the widths, some of them fit one
    width on one line and a few pixels less only on two."""
    now = int(time.time())
    return [Line(key=f"payment:{first + i}", title="Lily paid at Corner Shop",
                 detail=words(20 + (first + i) % 40), amount="¥1,000.00",
                 tone="ok", at_s=now - first - i) for i in range(count)]


def test_no_row_is_cut_at_any_width(
        qtbot: QtBot, styled: QApplication) -> None:
    """In the wallet's own style (its rows padded), across phone and window widths."""
    found: list[str] = []
    for width in range(300, 430, 7):
        page = ActivityPage()
        qtbot.addWidget(page)
        page.resize(width, 700)
        page.show()
        for line in lines(3, 0):  # a few lines: no scroll bar yet
            page.add(line)
        settle(qtbot, page)
        found += [f"{width} px, 3 lines: {p}" for p in problems(page, page) if "cut" in p]
        for line in lines(40, 3):  # enough to need the scroll bar
            page.add(line)
        settle(qtbot, page)
        assert page.list.verticalScrollBar().isVisible()
        found += [f"{width} px, 43 lines: {p}" for p in problems(page, page) if "cut" in p]
        page.close()
    assert found == []
