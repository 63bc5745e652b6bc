"""Live: in Chinese two sentences the till joins read 「…上傳。 離線時…」, a space after the
full stop; "Delegate" headed a column of the English Refund and Today's sales."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.pos.test_layout import language  # noqa: F401 - a fixture

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("lang", ["zh_CN", "zh_TW"])
def test_chinese_sentences_join_without_a_space(lang: str, language: Callable[[str], None],  # noqa: F811
                                                qtbot: Any) -> None:
    from pos_app.core.settle import Outcome
    from pos_app.widgets.result import ResultCard

    language(lang)
    card = ResultCard()
    qtbot.addWidget(card)
    card.show_outcome(Outcome("offline_approved", "k", 1500, "CNY"))
    assert "。 " not in card.detail.text() and "。" in card.detail.text(), card.detail.text()


def test_english_sentences_keep_their_space(qtbot: Any) -> None:
    from pos_app.core.settle import Outcome
    from pos_app.widgets.result import ResultCard

    card = ResultCard()
    qtbot.addWidget(card)
    card.show_outcome(Outcome("offline_approved", "k", 1500, "CNY"))
    assert "again. Offline" in card.detail.text()


def test_the_sales_lists_say_child_not_delegate(qapp: Any) -> None:
    from pos_app.widgets.dialogs import sales_table

    table = sales_table([], "t", "sales")
    headings = [table.horizontalHeaderItem(i).text() for i in range(table.columnCount())]
    assert "Delegate" not in headings and "Child" in headings
