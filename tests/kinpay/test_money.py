from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinpay.errors import AmountError, CurrencyError, MoneyError
from kinpay.money import Money, format_minor, parse_minor


@pytest.mark.parametrize(
    ("text", "currency", "minor"),
    [
        ("12.5", "CNY", 1250),
        ("12", "CNY", 1200),
        ("12,50", "CNY", 1250),
        ("¥12.50", "CNY", 1250),
        ("CNY 0.05", "CNY", 5),
        ("1,234.56", "CNY", 123456),
        ("1,234", "CNY", 123400),
        ("¥1,000", "JPY", 1000),
        ("1,000", "KWD", 1000),
        ("1 234.5", "CNY", 123450),
        ("1200", "JPY", 1200),
        ("¥1200", "JPY", 1200),
        ("1.234", "KWD", 1234),
        ("  7  ", "USD", 700),
    ],
)
def test_parse_what_people_type(text: str, currency: str, minor: int) -> None:
    assert parse_minor(text, currency) == minor


@pytest.mark.parametrize(
    ("text", "currency"),
    [("12.555", "CNY"), ("1.5", "JPY"), ("-3", "CNY"), ("abc", "CNY"), ("", "CNY"),
     ("1e3", "CNY"), ("1.2.3", "CNY"), ("12.50,1", "CNY"), ("9" * 30, "CNY"), ("NaN", "USD")],
)
def test_refuse_what_is_not_an_amount(text: str, currency: str) -> None:
    with pytest.raises(AmountError):
        parse_minor(text, currency)


def test_unknown_currency() -> None:
    with pytest.raises(CurrencyError):
        parse_minor("1", "XYZ")
    with pytest.raises(CurrencyError):
        Money(1, "XYZ")


def test_format() -> None:
    assert format_minor(1250, "CNY") == "¥12.50"
    assert format_minor(123456789, "CNY") == "¥1,234,567.89"
    assert format_minor(1200, "JPY") == "¥1,200"
    assert format_minor(5, "USD", symbol=False) == "0.05"
    assert format_minor(-1250, "EUR") == "-€12.50"
    assert str(Money(1234, "KWD")) == "KD 1.234"


def test_money_refuses_floats_and_mixing() -> None:
    with pytest.raises(AmountError):
        Money(12.5, "CNY")  # type: ignore[arg-type]
    with pytest.raises(CurrencyError):
        _ = Money(1, "CNY") + Money(1, "USD")
    assert Money(100, "CNY") + Money(25, "CNY") == Money(125, "CNY")


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["CNY", "JPY", "KWD"]))
def test_format_then_parse_round_trips(minor: int, currency: str) -> None:
    assert parse_minor(format_minor(minor, currency), currency) == minor


@given(st.text(max_size=60))
def test_parser_never_crashes(text: str) -> None:
    try:
        value = parse_minor(text, "CNY")
    except MoneyError:
        return
    assert isinstance(value, int) and value >= 0
