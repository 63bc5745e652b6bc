"""The day's CSV opens right in Excel on a Chinese Windows: opened by a double click,
Excel reads a CSV in the system's code page (GBK, Big5) unless it begins with UTF-8's
byte-order mark, and the till's summary ("付款成功", "淨收入") and every "¥" came out
garbled. The file now begins with the mark; read as "utf-8-sig" its first column is
"time", and its words are the till's."""

from __future__ import annotations

import csv
from pathlib import Path

from pos_app import report
from pos_app.core.store import Store
from tests.pos.test_plain_text import _sale

BOM = b"\xef\xbb\xbf"


def test_the_days_csv_begins_with_utf8s_byte_order_mark(tmp_path: Path) -> None:
    store = Store(tmp_path / "terminal.db")
    _sale(store, "key-0001-abcdefgh", "莉莉", "pay-1")
    path = report.write_csv(report.compute(store, "CNY"), tmp_path / "day.csv")
    store.close()
    raw = path.read_bytes()
    assert raw.startswith(BOM), raw[:16]
    assert BOM not in raw[len(BOM):]
    with path.open(newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][0] == "time"
    assert rows[1][rows[0].index("delegate")] == "莉莉"
    assert rows[1][rows[0].index("amount")] == "¥12.00"
