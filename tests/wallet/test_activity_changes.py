"""The parent's Activity says what an allowance now allows when it is given or changed.

Found using the demo: "You changed Lily's limits" said nothing more, so a parent could not
see what had changed (nor notice a change they had not made). The line now carries the
rules as they stand after it. Real server, real widgets.
"""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kinpay import schemas
from kinpay.client import Client
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, parent_signed_in

pytestmark = pytest.mark.gui


def test_a_change_of_limits_says_what_they_now_are(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    payer = parent_signed_in(qtbot, make_window, sqlite_world)
    with Client(sqlite_world["server_url"], token=sqlite_world["payer"]["token"]) as api:
        (lily,) = api.grants()
        api.change_grant(lily.id, schemas.GrantChange(
            limits=schemas.Limits(per_payment=5_000, daily=15_000, monthly=100_000),
            offline_cap=1_000))

    def changed() -> list[str]:
        return [line.detail for line in payer.activity.lines
                if line.title == "You changed Lily's limits"]

    qtbot.waitUntil(lambda: bool(changed()), timeout=WAIT_MS)
    assert changed() == [
        "¥150.00 a day, ¥1,000.00 a month · Up to ¥50.00 a payment · no Alcohol, Tobacco, "
        "Gambling · offline up to ¥10.00 · pays what is left of a larger purchase"]
