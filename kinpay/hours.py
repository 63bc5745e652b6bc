"""When an allowance may be spent: the one rule, for the server that judges a payment and
for the wallets that tell the child and the parent."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from kinpay.schemas import TimeWindow


def open_at(windows: Sequence[TimeWindow], zone: tzinfo, at_s: float) -> bool:
    """True if `at_s` falls in one of `windows` (weekdays and local times in `zone`); an
    allowance with no windows is open at any time."""
    if not windows:
        return True
    local = datetime.fromtimestamp(at_s, zone)
    hhmm = f"{local:%H:%M}"
    return any(local.weekday() in w.days and w.start <= hhmm < w.end for w in windows)
