"""Today's sales in zh_TW: a split sale refunded in full put "¥30.00（零用錢 ¥27.50 + 現金
¥2.50）（全額）" on one line in the Refunded column, which took half the list and pushed the
payment id out of view (live QA 36 §14: it read "0", behind a sideways scroll bar). The
column now fits: its words wrap, the whole of them in the cell's tooltip."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QTableWidget

from tests.pos.conftest import Tablet
from tests.pos.test_layout import language, resize  # noqa: F401 - `language` is a fixture
from tests.pos.test_refund_meaning import REFUNDED_COLUMN, refund, split_sale
from tests.pos.test_screens import child

pytestmark = pytest.mark.gui
SHOTS = Path(os.environ.get("KINPAY_POS_SHOTS", "/work/scratch/pos36"))
PAYMENT_COLUMN = 5


@pytest.mark.parametrize("lang", ["zh_TW", "en"])
def test_the_refunded_column_leaves_the_payment_in_view(
        lang: str, language: Callable[[str], None],  # noqa: F811
        terminal: Any, qtbot: Any, sqlite_world: dict[str, Any], tablet: Tablet) -> None:
    language(lang)
    window = terminal()
    key = split_sale(qtbot, window, sqlite_world, tablet)
    refund(qtbot, window, key, "8.00", "7.00")  # all of it: both parts
    window.dialog.close()
    for width, height in ((1366, 768), (1024, 768)):
        resize(qtbot, window, width, height)
        window.open_history()
        table = child(window, QTableWidget, "history_table")
        qtbot.waitUntil(table.isVisible, timeout=5_000)
        QApplication.processEvents()
        header = table.horizontalHeader()
        end = header.sectionViewportPosition(PAYMENT_COLUMN) + header.sectionSize(PAYMENT_COLUMN)
        assert end <= table.viewport().width(), (lang, width, end, table.viewport().width())
        [cell] = [table.item(i, REFUNDED_COLUMN) for i in range(table.rowCount())
                  if table.item(i, REFUNDED_COLUMN).text()]
        assert cell.toolTip() == cell.text()
        if SHOTS.is_dir():
            window.dialog.grab().save(str(SHOTS / f"today-refunded-{lang}-{width}.png"))
        window.dialog.close()
