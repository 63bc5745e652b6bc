"""The End of day PDF's Sales table gives a sale's time on one line: in its narrow Time
column "21:23" wrapped as "21:" over "23", in English and in Chinese. The PDF as
`report.save_pdf` writes it, its text read back as the other report tests read it."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pos_app.core.store import Store
from tests.pos.test_layout import language  # noqa: F401 - a fixture
from tests.pos.test_screens import pdf_text

pytestmark = pytest.mark.gui

# Three sales on one day at 09:05, 12:40 and 21:23 local time, each with its own key.
DAY = (2026, 11, 20)
AT = {"09:05": (9, 5), "12:40": (12, 40), "21:23": (21, 23)}


def _at(hour: int, minute: int) -> int:
    return int(time.mktime((*DAY, hour, minute, 0, 0, 0, -1)))


@pytest.mark.parametrize("lang", ["en", "zh_CN", "zh_TW"])
def test_each_sales_time_is_on_one_line(language: Callable[[str], None],  # noqa: F811
                                        lang: str, tmp_path: Path, qapp: Any) -> None:
    from pos_app import report

    language(lang)
    store = Store(tmp_path / "terminal.db")
    for n, (hour, minute) in enumerate(AT.values()):
        store.begin_sale(key=f"{n:032d}", code="1234 5678 9012 3456 789", amount=1250,
                         currency="CNY", items=[], reference=None, now_s=_at(hour, minute))
    day = report.compute(store, "CNY", now_s=_at(23, 0))
    path = report.save_pdf(day, "Corner Shop", tmp_path / "day.pdf")
    store.close()
    lines = pdf_text(path).split("\n")
    for shown in AT:  # "21:23" whole, its sale's line beginning with it
        whole = [line for line in lines if re.search(rf"(^|\s){shown}(\s|$)", line)]
        assert len(whole) == 1, (shown, "\n".join(lines))
        assert whole[0].startswith(f"{shown} "), whole
