"""Defaults that more than one part of kinpay offers a person, defined once.

The wallet's grant form pre-ticks these, the seeded demo world and the demo's story use
them, so what a parent sees as "the usual" is the same everywhere.
"""

from __future__ import annotations

# What a new grant blocks unless the parent unticks it: things a child may not buy.
DEFAULT_BLOCKED_CATEGORIES: tuple[str, ...] = ("alcohol", "tobacco", "gambling")
