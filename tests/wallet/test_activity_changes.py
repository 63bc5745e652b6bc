"""The parent's Activity says what an allowance now allows when it is given or changed.

Found using the demo: "You changed Lily's limits" said nothing more, so a parent could not
see what had changed (nor notice a change they had not made). The line now carries the
rules as they stand after it. Real server, real widgets.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kinpay import schemas
from kinpay.client import Client
from kinpay.device import Device
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, parent_signed_in, pay

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
        "Gambling · offline up to ¥10.00 a payment · pays what is left of a larger purchase"]


def test_a_new_allowance_after_a_stop_says_what_was_already_spent(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    """Lily spent ¥12.50; the parent stopped her allowance and gave a new one. The new one
    counts the ¥12.50 (server_stub/grants.py), and its Activity line says so: a parent who
    reads only "¥100.00 a day" would expect ¥100.00 left."""
    device = Device.load(Path(sqlite_world["delegate"]["device"]))
    assert pay(sqlite_world, device.code_at(int(time.time())), 1_250).status == "approved"
    payer = parent_signed_in(qtbot, make_window, sqlite_world)
    with Client(sqlite_world["server_url"], token=sqlite_world["payer"]["token"]) as api:
        (lily,) = api.grants()
        api.revoke_grant(lily.id)
        api.reauth(sqlite_world["payer"]["password"])
        api.create_grant(schemas.GrantCreate(
            delegate="lily", limits=schemas.Limits(per_payment=5_000, daily=10_000,
                                                   monthly=100_000)))

    def given() -> list[str]:
        return [line.detail for line in payer.activity.lines
                if line.title == "You gave Lily spending money"]

    qtbot.waitUntil(lambda: bool(given()), timeout=WAIT_MS)
    (detail,) = given()
    assert detail.startswith("¥100.00 a day, ¥1,000.00 a month · ")
    assert detail.endswith(" · already spent: ¥12.50 today, ¥12.50 this month")


def test_an_offline_sale_declined_later_says_the_shop_handed_it_over(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    """Found in live use: a till took Lily's code while its link was down, handed over
    the goods, and the server declined the sale when it was uploaded; the parent read it
    as any decline at the counter, where nothing leaves the shop."""
    payer = parent_signed_in(qtbot, make_window, sqlite_world)
    device = Device.load(Path(sqlite_world["delegate"]["device"]))
    at = int(time.time())
    with Client(sqlite_world["server_url"], token=sqlite_world["merchant"]["api_key"]) as till:
        (declined,) = till.offline_batch([schemas.OfflinePayment(
            id="off-late-upload-1", code=device.code_at(at), amount=4_000, currency="CNY",
            accepted_at=at)])  # above the seeded allowance's ¥20.00 offline
    assert declined.status == "declined"

    def lines() -> list[tuple[str, str]]:
        return [(line.title, line.detail) for line in payer.activity.lines
                if line.title == "Lily's payment was declined"]

    qtbot.waitUntil(lambda: bool(lines()), timeout=WAIT_MS)
    ((_title, detail),) = lines()
    assert detail.endswith(" · the shop took it offline and handed it over unpaid: it may "
                           "ask you to pay")
