"""Live 33 §13 (s76): the part-approved card's headline broke as "零用錢已付 ¥39.50（共" /
"¥39.90）": the bracket torn apart, its "of ¥39.90" read as a line of its own. On the
split card in the till's window, at the tills' widths and in each language, no line of a
headline ends inside a bracket or inside an amount. The lines are those Qt lays the
label's words out in (QTextLayout, word wrap, the label's font and width), as QLabel
draws them."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QTextLayout, QTextOption

from tests.pos.conftest import settle
from tests.pos.test_layout import (
    language,  # noqa: F401 - a fixture
    resize,
)

pytestmark = pytest.mark.gui

SIZES = [(1366, 768), (1024, 736), (800, 600)]
OPEN, CLOSE = "（(「“", "）)」”"
AMOUNT = re.compile(r"¥[\d,]+\.\d\d")


def lines_of(label: Any) -> list[str]:
    """The label's words, line by line, as Qt wraps them at its width."""
    text = label.text()
    layout = QTextLayout(text, label.font())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(label.contentsRect().width())
        lines.append(text[line.textStart():line.textStart() + line.textLength()])
    layout.endLayout()
    return lines


def torn(lines: list[str]) -> list[str]:
    """Each line that ends inside a bracket or an amount."""
    text = "".join(lines)
    bad, at = [], 0
    inside = [(m.start(), m.end()) for m in AMOUNT.finditer(text)]
    for line in lines[:-1]:
        at += len(line)
        depth = sum(text[:at].count(c) for c in OPEN) - sum(text[:at].count(c) for c in CLOSE)
        if depth > 0 or any(start < at < end for start, end in inside):
            bad.append(line)
    return bad


@pytest.mark.parametrize("lang", ["en", "zh_CN", "zh_TW"])
def test_no_headline_line_ends_inside_a_bracket_or_an_amount(
        lang: str, language: Callable[[str], None],  # noqa: F811 - the fixture
        terminal: Any, qtbot: Any) -> None:
    from pos_app.core.store import SaleRow

    language(lang)
    window = terminal()
    # The live sale: ¥39.90 rung up, ¥39.50 left of today's allowance, paid; ¥0.40 due.
    row = SaleRow(seq=1, key="k" * 32, created_at=0, code="sha256:x", amount=3950,
                  currency="CNY", items=[], reference=None, offline=False,
                  status="approved", payment_id="p", delegate="lily", payer="mei",
                  partial=True, sale_total=3990,
                  tenders=[{"kind": "due", "amount": 40}],
                  split={"partial_reason": "limit_daily", "requested": 3990})
    card = window.split
    for width, height in SIZES:
        resize(qtbot, window, width, height)
        window.state = "result"
        card.show_split(row)
        settle()
        for label in (card.title, card.paid, card.rest):
            lines = lines_of(label)
            assert "".join(lines) == label.text()
            assert torn(lines) == [], (lang, width, label.objectName(), lines)
        if os.environ.get("KINPAY_SHOTS_DIR"):
            window.grab().save(str(Path(os.environ["KINPAY_SHOTS_DIR"])
                                   / f"split-{lang}-{width}x{height}.png"))
        card.dismiss()
