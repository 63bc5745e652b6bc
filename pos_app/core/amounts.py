"""What a cashier types as an amount, read by one rule everywhere on the till: the sale's
keys (pos_app.core.sale), a refund and its cash or card part, and Settings' amounts
("Check a sale above", the offline floor limit, the offline sum). No Qt.

The till speaks English and Chinese, where a point is the decimal mark and a comma groups
thousands. So a comma is read as that only: "1,500" is 1500 whole units, "1,500.25" with
its cents. Any other comma is refused, never guessed. Found live: "1,5" was ¥0.15 at the
sale's keys (the comma dropped, "15" read as the keypad's minor units), and kinpay.money
alone reads it as ¥1.50 (a comma as a decimal mark, as in Europe). The cashier meant 1.50,
or 1,500 a key short, or 15: the till asks again rather than pick one. (Reading a comma
and one or two digits as the decimals would make "1,50", a "1,500" short of one key,
¥1.50: a thousandth of what was meant, without a word.)
"""

from __future__ import annotations

import re

from kinpay.money import parse_minor
from pos_app.core.errors import CommaError

GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d*)?$")  # 1,500 · 12,345,678 · 1,500.25
_NUMBER = re.compile(r"[\d,.]+")


def read_amount(text: str, currency: str) -> int:
    """Minor units of what was typed, as kinpay.money.parse_minor reads it (a currency
    symbol, spaces, a point), a comma only between groups of thousands. Raises CommaError
    for any other comma, kinpay's AmountError for what is no amount."""
    numbers = _NUMBER.findall(text)
    if any("," in number for number in numbers):
        if len(numbers) != 1 or not GROUPED.match(numbers[0]):
            raise CommaError(f"{text!r}: a comma only groups thousands (1,500)")
        text = text.replace(",", "")
    return parse_minor(text, currency)
