"""The Refund dialog keeps the size that fits the screen after a refund (live QA 36 §4).

Live at 1024x768: Refund opened 692 px wide and fitted; after a refund it widened to
883 px, past the screen's right edge, Close off-screen (only Esc got the cashier out): the
list filled again, a status on one line ("Approved (asked Mei)") and the answer's long line
raised the dialog's least width. Now it keeps its size, the table scrolls or elides, and the
words wrap."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

from tests.pos.conftest import Tablet
from tests.pos.test_dialog_fit import TILLS, problems
from tests.pos.test_layout import language, resize  # noqa: F401 - `language` is a fixture
from tests.pos.test_screens import child, click, confirm_refund, sell

pytestmark = pytest.mark.gui
SHOTS = Path(os.environ.get("KINPAY_POS_SHOTS", "/work/scratch/pos36"))


@pytest.mark.parametrize("lang", ["en", "zh_TW"])
def test_refund_keeps_the_size_that_fits_after_a_refund(
        lang: str, language: Callable[[str], None],  # noqa: F811
        terminal: Any, qtbot: Any, tablet: Tablet) -> None:
    language(lang)
    window = terminal()
    key = sell(qtbot, window, "850", tablet.code())
    sell(qtbot, window, "5000", tablet.code())
    width, height = TILLS[0]
    resize(qtbot, window, width, height)
    for amount in ("3", "1"):
        dlg = window.refund_dialog(key)
        qtbot.waitUntil(dlg.isVisible, timeout=5_000)
        QApplication.processEvents()
        before = dlg.frameGeometry()
        assert problems(window, dlg, "refund_table") == [], (lang, "opened")
        child(window, QLineEdit, "refund_amount").setText(amount)
        click(qtbot, child(window, QPushButton, "refund_part"))
        confirm_refund(qtbot, window)
        qtbot.waitUntil(lambda d=dlg: d.property("refunded") is not None, timeout=15_000)
        QApplication.processEvents()
        assert dlg.frameGeometry().width() <= before.width(), (lang, before, dlg.frameGeometry())
        assert problems(window, dlg, "refund_table") == [], (lang, amount)
        if SHOTS.is_dir():
            dlg.grab().save(str(SHOTS / f"refund-after-{lang}-{width}-{amount}.png"))
        dlg.close()
