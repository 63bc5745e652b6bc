""""Not confirmed: 1" beside a sale the server had answered: the link's check counts the
journal's unconfirmed sales every tick, and one that ran while a sale was on its way said 1;
the sale's result came, and the till kept saying it until the next check (seen under load,
session 35). The result now counts the journal again itself."""

from __future__ import annotations

from typing import Any

import pytest

from tests.pos.conftest import Tablet
from tests.pos.test_terminal import charge_by_wedge, type_amount, wait_result

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("amount, kind", [("1250", "approved"), ("6000", "declined")])
def test_a_sales_result_clears_the_not_confirmed_count_of_its_journey(
        terminal: Any, qtbot: Any, tablet: Tablet, amount: str, kind: str) -> None:
    window = terminal()
    type_amount(qtbot, window, amount)
    charge_by_wedge(qtbot, window, tablet.code())
    # The link's check that ran while the sale was on its way (its signal's own slot).
    window.on_link(True, 0, 1)
    assert "Not confirmed: 1" in window.status.queue.text()
    wait_result(qtbot, window, kind)
    assert window.status.pending == 0
    assert "Not confirmed" not in window.status.queue.text(), window.status.queue.text()
    assert window.status.link.text() == "● Online"
