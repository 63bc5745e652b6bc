"""Money: an integer of minor units with its ISO 4217 currency. Never a float.

Parsing takes what a person types ("12.5", "12,50", "¥12.50", "1 234.5") and gives minor
units in the currency's exponent (CNY: 2, JPY: 0, KWD: 3); formatting gives it back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from babel import numbers as _numbers

from kinpay import l10n
from kinpay.errors import AmountError, CurrencyError

# ISO 4217 exponents (minor-unit digits) and the symbols a till shows. A small, explicit
# set: a currency a shop can't be paid in is better refused than guessed.
_CURRENCIES: dict[str, tuple[int, str]] = {
    "CNY": (2, "¥"),
    "HKD": (2, "HK$"),
    "TWD": (2, "NT$"),
    "USD": (2, "$"),
    "EUR": (2, "€"),
    "GBP": (2, "£"),
    "SGD": (2, "S$"),
    "AUD": (2, "A$"),
    "CAD": (2, "C$"),
    "CHF": (2, "CHF "),
    "JPY": (0, "¥"),
    "KRW": (0, "₩"),
    "VND": (0, "₫"),
    "KWD": (3, "KD "),
    "BHD": (3, "BD "),
}

# The largest amount kinpay handles: fits a signed 64-bit column with room for sums.
MAX_MINOR = 10**15

_AMOUNT_RE = re.compile(r"^(?P<int>\d+)(?:[.,](?P<frac>\d*))?$")
_GROUPED_RE = re.compile(r"^\d{1,3}(?:,\d{3})+$")


def exponent(currency: str) -> int:
    """Number of minor-unit digits of `currency` (2 for CNY, 0 for JPY)."""
    try:
        return _CURRENCIES[currency][0]
    except KeyError:
        raise CurrencyError(f"unsupported currency {currency!r}") from None


def check_currency(currency: str) -> str:
    exponent(currency)
    return currency


def currencies() -> list[str]:
    return sorted(_CURRENCIES)


def parse_minor(text: str, currency: str) -> int:
    """Minor units of what a person typed: "12.5" → 1250 for CNY, "1200" → 1200 for JPY.

    Accepts a leading currency symbol or code, spaces and "_" or thin spaces as thousands
    separators, and "," or "." as the decimal mark (not both). Rejects negative amounts, more
    decimals than the currency has, and anything that is not a plain number.
    """
    exp = exponent(currency)
    if not isinstance(text, str):
        raise AmountError("an amount must be text or an integer of minor units")
    if len(text) > 40:
        raise AmountError("amount text is too long")
    cleaned = text.strip()
    symbol = _CURRENCIES[currency][1].strip()
    for prefix in (currency, symbol):
        if prefix and cleaned.upper().startswith(prefix.upper()):
            cleaned = cleaned[len(prefix) :].strip()
    for sep in (" ", "_", "\u2009", "\u202f", "'"):
        cleaned = cleaned.replace(sep, "")
    if cleaned.startswith("-"):
        raise AmountError("an amount can't be negative")
    # "1,234" is a thousand and more where a currency has fewer than 3 decimals.
    if exp != 3 and "." not in cleaned and _GROUPED_RE.match(cleaned):
        cleaned = cleaned.replace(",", "")
    # "1,234.50": a comma before a dot is a thousands separator.
    if "," in cleaned and "." in cleaned:
        if cleaned.index(",") < cleaned.index("."):
            cleaned = cleaned.replace(",", "")
        else:
            raise AmountError(f"{text!r} is not an amount")
    match = _AMOUNT_RE.match(cleaned)
    if match is None:
        raise AmountError(f"{text!r} is not an amount")
    frac = match.group("frac") or ""
    if len(frac) > exp:
        if exp == 0:
            raise AmountError(f"{currency} has no minor unit: {text!r}")
        raise AmountError(f"{currency} has {exp} decimals at most: {text!r}")
    minor = int(match.group("int")) * _scale(exp) + int(frac.ljust(exp, "0") or "0")
    if minor > MAX_MINOR:
        raise AmountError(f"{text!r} is too large")
    return minor


def format_minor(minor: int, currency: str, *, symbol: bool = True) -> str:
    """"¥12.50" for 1250 CNY, "¥1,200" for 1200 JPY; with symbol=False "12.50".

    Formatted by Babel for the process's language (kinpay.l10n): its grouping, decimal mark
    and pattern, with the till's symbol from the table above (CLDR writes "CN¥" for CNY
    outside mainland China; a shop's till and receipt say "¥")."""
    exp = exponent(currency)
    sym = _CURRENCIES[currency][1]
    if not isinstance(minor, int) or isinstance(minor, bool):
        raise AmountError("minor units must be an integer")
    value = Decimal(minor).scaleb(-exp)
    locale = l10n.babel_locale()
    if not symbol:
        pattern = "#,##0" + ("." + "0" * exp if exp else "")
        return str(_numbers.format_decimal(value, format=pattern, locale=locale))
    text = str(_numbers.format_currency(value, currency, locale=locale))
    return text.replace(_numbers.get_currency_symbol(currency, locale), sym, 1)


@dataclass(frozen=True, slots=True)
class Money:
    """An amount: integer minor units and an ISO 4217 currency."""

    minor: int
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.minor, int) or isinstance(self.minor, bool):
            raise AmountError("minor units must be an integer")
        if abs(self.minor) > MAX_MINOR:
            raise AmountError("amount out of range")
        check_currency(self.currency)

    @classmethod
    def parse(cls, text: str, currency: str) -> Money:
        return cls(parse_minor(text, currency), currency)

    def format(self, *, symbol: bool = True) -> str:
        return format_minor(self.minor, self.currency, symbol=symbol)

    def __str__(self) -> str:
        return self.format()

    def _same(self, other: Money) -> None:
        if self.currency != other.currency:
            raise CurrencyError(f"can't mix {self.currency} and {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor - other.minor, self.currency)


def _scale(exp: int) -> int:
    """10 to the power `exp`, as an int (mypy types int ** int as Any)."""
    scale = 1
    for _ in range(exp):
        scale *= 10
    return scale
