"""What the parent reads of a split sale's items the allowance did not pay for, by how the
rest went. While it is still due (the cashier hasn't said), "Lily tried to buy Beer" read as
if she went without, when the rest may be paid in cash a moment later: she "also wanted"
it. Taken off the sale, she "tried to buy" it; paid in cash or by card, it was "paid
another way". In English, 简体中文 and 繁體中文."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from wallet_app.payer.activity import split_detail

WORDS = {
    "en": {"due": " · for Bread roll · Lily also wanted Beer: not on the allowance (¥7.00)",
           "removed": " · for Bread roll · Lily tried to buy Beer: not on the allowance (¥7.00)",
           "cash": " · for Bread roll · Beer paid another way (¥7.00)"},
    "zh_CN": {"due": " · 买了：Bread roll · Lily还想买Beer：这不能用零花钱买（¥7.00）",
              "removed": " · 买了：Bread roll · Lily想买Beer，但这不能用零花钱买（¥7.00）",
              "cash": " · 买了：Bread roll · Beer用其他方式付了（¥7.00）"},
    "zh_TW": {"due": " · 買了：Bread roll · Lily還想買Beer：這不能用零用錢買（¥7.00）",
              "removed": " · 買了：Bread roll · Lily想買Beer，但這不能用零用錢買（¥7.00）",
              "cash": " · 買了：Bread roll · Beer用其他方式付了（¥7.00）"},
}


@pytest.mark.parametrize("language", ["en", "zh_CN", "zh_TW"])
def test_what_was_left_out_is_said_by_how_the_rest_went(
        speak: Callable[[str], None], language: str) -> None:
    speak(language)
    for how, expected in WORDS[language].items():
        payment = {"amount": 350, "sale_total": 1_050, "paid_for": ["Bread roll"],
                   "left_out": ["Beer"], "tenders": [{"kind": how, "amount": 700}]}
        assert split_detail(payment, "CNY", "Lily") == expected, how
