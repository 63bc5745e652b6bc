"""kinpay.collector.due: what the automatic collector would collect at given counts (the
apps' GUI thread collects it instead, kinpay/collector.py). Expected values written here."""

from __future__ import annotations

import pytest

from kinpay.collector import due

LIMITS = (700, 10, 10)  # CPython's default thresholds


@pytest.mark.parametrize(("counts", "expected"), [
    ((0, 0, 0), None),
    ((699, 9, 9), None),  # generation 0 not due: nothing, whatever the older ones say
    ((699, 50, 50), None),
    ((700, 0, 0), 0),
    ((5_000, 9, 50), 0),  # generation 1 not due: the oldest is not asked
    ((700, 10, 9), 1),
    ((700, 10, 10), 2),
])
def test_the_generation_due(counts: tuple[int, int, int], expected: int | None) -> None:
    assert due(counts, LIMITS) == expected


def test_a_threshold_of_zero_means_never() -> None:
    assert due((10**6, 10**6, 10**6), (0, 10, 10)) is None
