"""Defaults that more than one part of kinpay offers a person, defined once.

The wallet's grant form pre-ticks these, the seeded demo world and the demo's story use
them, so what a parent sees as "the usual" is the same everywhere.
"""

from __future__ import annotations

# What a new grant blocks unless the parent unticks it: things a child may not buy.
DEFAULT_BLOCKED_CATEGORIES: tuple[str, ...] = ("alcohol", "tobacco", "gambling")
# Goods a shop may not sell to a minor (in China, the Law on the Protection of Minors, art.
# 59: tobacco, alcohol, lottery tickets): a till never asks the parent to lift a block on
# them for one sale; a parent who means otherwise changes the allowance itself.
AGE_RESTRICTED_CATEGORIES: tuple[str, ...] = ("alcohol", "tobacco", "gambling")

# The shops' categories the wallet offers a parent to block (the API takes any lower-case
# word; `kinpay terminal add` names these and notes any other).
SHOP_CATEGORIES: tuple[str, ...] = (
    "grocery", "food", "snacks", "drinks", "books", "stationery", "transport", "clothing",
    "toys", "games", "electronics", "alcohol", "tobacco", "gambling",
)
