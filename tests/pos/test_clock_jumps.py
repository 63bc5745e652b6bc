"""The till's clock jumps back (an NTP correction, or a wrong time set by hand and put
right) while a sale waits for its answer.

Met on a till whose clock ran an hour ahead until NTP corrected it: a sale sent before the
correction got no answer ("Not confirmed yet"), and the link never asked again. It skipped
every pending sale younger than a second (the settle thread may still be waiting for it),
and a sale made "an hour from now" looked younger than that for a whole hour: the status
bar said "1 pending" all that time, the cashier could not tell the customer whether they
had paid. (A date set a year ahead by hand would have kept it pending for a year.)
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from kinpay.client import new_idempotency_key
from pos_app.core.store import Store
from tests.pos.conftest import Tablet
from tests.pos.test_terminal import terminal_payments

pytestmark = pytest.mark.gui


def test_a_sale_made_before_the_clock_went_back_is_asked_again(
    terminal: Any, qtbot: Any, tmp_path: Path, sqlite_world: dict[str, Any], tablet: Tablet
) -> None:
    data = tmp_path / "till"
    data.mkdir()
    key = new_idempotency_key()
    made_s = int(time.time()) + 3600  # by the till's clock, an hour ahead, before NTP
    store = Store(data / "terminal.db")
    store.begin_sale(key=key, code=tablet.code(), amount=1750, currency="CNY", items=[],
                     reference=None, now_s=made_s)
    store.close()
    window = terminal(data=data)
    qtbot.waitUntil(lambda: window.store.get(key).status != "pending", timeout=15_000)
    row = window.store.get(key)
    assert (row.status, row.amount) == ("approved", 1750)
    qtbot.waitUntil(lambda: window.status.pending == 0, timeout=10_000)
    assert [(p.id, p.amount) for p in terminal_payments(sqlite_world)] == [(row.payment_id,
                                                                            1750)]
