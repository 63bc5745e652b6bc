"""End of day's printed Refunds table: its "Given back" column holds an amount, and its
heading says so in Chinese too (live QA 36 §11: 退回方式, "refund method", over "¥8.50")."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QCoreApplication

from tests.pos.test_layout import language  # noqa: F401 - a fixture

pytestmark = pytest.mark.gui


@pytest.mark.parametrize(("lang", "heading"), [("zh_CN", "退回金额"), ("zh_TW", "退回金額")])
def test_given_back_is_an_amount(lang: str, heading: str,
                                 language: Callable[[str], None]) -> None:  # noqa: F811
    language(lang)
    assert QCoreApplication.translate("Report", "Given back") == heading
