"""What the parent reads of what a purchase was of, from its answer's `item_names` and
`more_items` (tests/server/test_what_was_bought.py): a paid basket "for" its items, a
declined one "tried to buy" them (in Chinese "买了" would say it was bought), the first five
named and the rest counted; a split keeps its own words; a refund says which purchase it
gave back for by what it was of. In English, 简体中文 and 繁體中文."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kinpay import schemas
from wallet_app.payer.activity import describe, payment_line

SEVEN = ["Bread roll", "牛奶", "Apple", "Tea", "Jam", "Eggs", "Rice"]
PAID = {"id": "p1", "status": "approved", "decline_code": None, "amount": 2_000,
        "currency": "CNY", "delegate": {"name": "Lily"}, "merchant": {"name": "Corner Shop"},
        "remaining": None, "created_at": 1_790_000_000}
WORDS = {
    "en": {"paid": "at Corner Shop · for Bread roll, 牛奶, Apple, Tea, Jam and 4 more",
           "declined": "at Corner Shop · over the limit for one payment · tried to buy "
                       "Headphones",
           "one": "at Corner Shop · for Apple"},
    "zh_CN": {"paid": "在Corner Shop · 买了：Bread roll、牛奶、Apple、Tea、Jam，还有4样",
              "declined": "在Corner Shop · 超过单笔限额 · 想买：Headphones",
              "one": "在Corner Shop · 买了：Apple"},
    "zh_TW": {"paid": "在Corner Shop · 買了：Bread roll、牛奶、Apple、Tea、Jam，還有4樣",
              "declined": "在Corner Shop · 超過單筆上限 · 想買：Headphones",
              "one": "在Corner Shop · 買了：Apple"},
}


def _detail(**more: Any) -> str:
    return payment_line({**PAID, **more}).detail


@pytest.mark.parametrize("language", ["en", "zh_CN", "zh_TW"])
def test_the_parent_reads_what_a_purchase_was_of(
        speak: Callable[[str], None], language: str) -> None:
    speak(language)
    words = WORDS[language]
    # Seven names: five shown, two more, and two more the server did not name.
    assert _detail(item_names=SEVEN, more_items=2) == words["paid"]
    assert _detail(item_names=["Apple"]) == words["one"]
    assert _detail(status="declined", decline_code="limit_per_payment",
                   item_names=["Headphones"]) == words["declined"]


def test_a_long_name_is_cut_on_the_purchases_line(speak: Callable[[str], None]) -> None:
    """A shop's name for an item may be 120 characters: the line shows its first 39 and
    "…", so five names can't fill the parent's activity with the shop's words."""
    speak("en")
    long = "Your allowance will be topped up by the shop: show this to your parent " * 2
    assert len(long[:120]) == 120
    assert _detail(item_names=[long[:120], "Tea"]) == (
        "at Corner Shop · for Your allowance will be topped up by the…, Tea")


def test_a_sale_without_items_or_a_split_reads_as_before(speak: Callable[[str], None]) -> None:
    speak("en")
    assert _detail() == "at Corner Shop"
    assert _detail(item_names=[]) == "at Corner Shop"
    # A split names what the allowance paid for once, its own way.
    split = _detail(item_names=["Bread roll", "Beer"], paid_for=["Bread roll"],
                    left_out=["Beer"], sale_total=1_050, amount=350,
                    tenders=[{"kind": "cash", "amount": 700}])
    assert split == "at Corner Shop · for Bread roll · Beer paid another way (¥7.00)"


REFUNDED = {
    "en": ("for Lily's purchase of Notebook, Pencil", "for Lily's purchase of Bread roll",
           "for Lily's purchase"),
    "zh_CN": ("退回Lily的消费：Notebook、Pencil", "退回Lily的消费：Bread roll", "退回Lily的消费"),
    "zh_TW": ("退回Lily的消費：Notebook、Pencil", "退回Lily的消費：Bread roll", "退回Lily的消費"),
}


@pytest.mark.parametrize("language", ["en", "zh_CN", "zh_TW"])
def test_a_refund_says_which_purchase_by_what_it_was_of(
        speak: Callable[[str], None], language: str) -> None:
    speak(language)
    refund = {**PAID, "kind": "refund", "refund_amount": 250, "refund_id": "r1"}

    def detail(**more: Any) -> str:
        line = describe(schemas.Event(id=7, type="refund", data={**refund, **more},
                                      created_at=1_790_000_100))
        assert line is not None
        return line.detail

    whole, split, plain = REFUNDED[language]
    assert detail(item_names=["Notebook", "Pencil"]) == whole
    # Of a split, what the allowance paid for (the beer was paid in cash).
    assert detail(item_names=["Bread roll", "Beer"], paid_for=["Bread roll"],
                  left_out=["Beer"]) == split
    assert detail() == plain


TILL_ITEMS = {
    "en": "\n2 × Apple, 1 × 牛奶, 1 × Tea, 1 × Jam +2 more",
    "zh_CN": "\n2 × Apple、1 × 牛奶、1 × Tea、1 × Jam 另有2样",
    "zh_TW": "\n2 × Apple、1 × 牛奶、1 × Tea、1 × Jam 另有2樣",
}


@pytest.mark.parametrize("language", ["en", "zh_CN", "zh_TW"])
def test_the_till_lists_a_sale_by_what_it_was_of(
        speak: Callable[[str], None], language: str) -> None:
    """Under a sale's status in Today's sales and Refund: its first four lines, the rest
    counted."""
    from pos_app.core.store import SaleRow
    from pos_app.report import items_note

    speak(language)
    lines = [schemas.Item(name="Apple", quantity=2, unit_amount=100)] + [
        schemas.Item(name=n, unit_amount=100) for n in ("牛奶", "Tea", "Jam", "Eggs", "Rice")]
    row = SaleRow(seq=1, key="k", created_at=1_790_000_000, code="", amount=700,
                  currency="CNY", items=lines, reference=None, offline=False,
                  status="approved")
    assert items_note(row) == TILL_ITEMS[language]
    assert items_note(SaleRow(seq=2, key="k2", created_at=1_790_000_000, code="", amount=700,
                              currency="CNY", items=[], reference=None, offline=False,
                              status="approved")) == ""
