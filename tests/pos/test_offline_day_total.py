"""The parent is told "at most twice that amount is paid offline in one day"; the till
counted only the current outage's queue, and ¥48 went through offline in one day on a ¥15
offline amount over two outages (live test 33 §2). Every offline sale of the allowance
accepted today counts, queued or already uploaded, against 2 × the certificate's cap (the
server's OFFLINE_DAY_CAPS rule, in the till's local day). Real server, real journal."""

from __future__ import annotations

from typing import Any

from pos_app.core import settle
from tests.pos.conftest import Tablet
from tests.pos.test_heard_offline import Till, till  # noqa: F401 - the fixture


def test_two_outages_in_a_day_share_the_offline_day_total(till: Till,  # noqa: F811
                                                         tablet: Tablet,
                                                         sqlite_world: dict[str, Any]) -> None:
    # The seeded certificate's offline cap is ¥20.00: ¥40.00 offline in a day.
    for amount in (1400, 600):  # the first outage
        assert till.sell(tablet.code(), amount, offline_now=True).kind == "offline_approved"
    settle.forward(till.client, till.store)  # back online: uploaded and paid
    assert till.store.count("queued") == 0
    assert [r.status for r in till.store.by_status("approved")] == ["approved"] * 2
    for amount in (500, 900):  # the second outage, the same day
        assert till.sell(tablet.code(), amount, offline_now=True).kind == "offline_approved"
    over = till.sell(tablet.code(), 1400, offline_now=True)
    assert (over.kind, over.decline_code, over.limit_minor) == (
        "offline_declined", "offline_day_cap", 4000)
    till.restart()
    assert till.sell(tablet.code(), 600, offline_now=True).kind == "offline_approved"
    assert till.sell(tablet.code(), 1, offline_now=True).decline_code == "offline_day_cap"
    settle.forward(till.client, till.store)
    paid = [r.amount for r in till.store.by_status("approved") if r.offline]
    assert sorted(paid) == [500, 600, 600, 900, 1400]  # ¥40.00: what the server takes too
