"""The till's words found wrong live (test 33 §15): the End of day PDF's "Delegate" column
(the app says Child); zh_TW's 菸草 beside the catalogue's and wallet's 菸品, and 付款人 where
everywhere else says 家長; "show the code to the camera" on a till set to no camera. (The
End of day's "¥28.00 in all": tests/pos/test_unpaid_offline_day.py.)"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pos_app.core.store import Store
from tests.pos.test_layout import language  # noqa: F401 - a fixture
from tests.pos.test_terminal import type_amount

pytestmark = pytest.mark.gui


def test_the_end_of_day_pdf_heads_the_column_child(qapp: Any, tmp_path: Path) -> None:
    from PySide6.QtPdf import QPdfDocument

    from pos_app import report

    store = Store(tmp_path / "terminal.db")
    path = report.save_pdf(report.compute(store, "CNY"), "Corner Shop", tmp_path / "day.pdf")
    store.close()
    doc = QPdfDocument()
    doc.load(str(path))
    text = doc.getAllText(0).text()
    assert "Child" in text and "Delegate" not in text


def test_zh_tw_says_tobacco_products_and_parent(language: Callable[[str], None],  # noqa: F811
                                                qtbot: Any) -> None:
    from pos_app import words
    from pos_app.widgets.ask import needs_server_text, person

    language("zh_TW")
    restricted = words.decline_text("age_restricted") + words.decline_text(
        "age_restricted_shop")
    assert "菸品" in restricted and "菸草" not in restricted
    assert person(None) == "家長"
    assert "詢問家長" in needs_server_text(None)


def test_a_till_without_a_camera_asks_for_the_scanner(terminal: Any, qtbot: Any) -> None:
    window = terminal()  # no camera: a barcode scanner, or the code typed
    type_amount(qtbot, window, "300")
    window.charge()
    assert window.state == "waiting"
    prompt = window.prompt.text()
    assert "camera" not in prompt and "barcode scanner" in prompt, prompt
