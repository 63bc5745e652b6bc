"""The day's CSV opens right in Excel on a Chinese Windows: opened by a double click,
Excel reads a CSV in the system's code page (GBK, Big5) unless it begins with UTF-8's
byte-order mark, and the till's summary ("付款成功", "淨收入") and every "¥" came out
garbled. The file now begins with the mark; read as "utf-8-sig" its first column is
"time", and its words are the till's."""

from __future__ import annotations

import csv
import time
from pathlib import Path

from kinpay import schemas
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


def test_the_days_csv_says_what_each_sale_and_refund_was_of(tmp_path: Path) -> None:
    """A shop's books ask what was sold: each sale's row lists its lines ("2 × Apple; 1 ×
    牛奶"), a refund's row its sale's, a sale of an amount alone none."""
    store = Store(tmp_path / "terminal.db")
    now = int(time.time())
    basket = [schemas.Item(name="Apple", quantity=2, unit_amount=280),
              schemas.Item(name="牛奶", unit_amount=450)]
    store.begin_sale(key="key-items-0001", code="KP1:x", amount=1010, currency="CNY",
                     items=basket, reference=None, now_s=now)
    store.finish("key-items-0001", schemas.Payment(
        id="pay-items", status="approved", decline_code=None, amount=1010, currency="CNY",
        payer=schemas.Party(name="mei"), delegate=schemas.Party(name="lily"),
        remaining=None, created_at=now), now_s=now)
    _sale(store, "key-0002-abcdefgh", "lily", "pay-plain")
    store.begin_refund(key="refund-1", sale_key="key-items-0001", payment_id="pay-items",
                       amount=280, currency="CNY", now_s=now)
    store.finish_refund(key="refund-1", sale_key="key-items-0001", refund_id="r-1",
                        refunded_total=280, now_s=now)
    path = report.write_csv(report.compute(store, "CNY"), tmp_path / "day.csv")
    store.close()
    with path.open(newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    head = rows[0]
    by_status = [(r[head.index("status")], r[head.index("payment_id")], r[head.index("items")])
                 for r in rows[1:4]]
    assert by_status == [("approved", "pay-items", "2 × Apple; 1 × 牛奶"),
                         ("approved", "pay-plain", ""),
                         ("refund", "pay-items", "2 × Apple; 1 × 牛奶")]
