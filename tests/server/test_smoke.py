from __future__ import annotations

import time
from typing import Any

from kinpay.client import Client, new_idempotency_key
from kinpay.device import Device
from tests.servers import run_kinpay


def test_seeded_world_pays(world: dict[str, Any]) -> None:
    device = Device.load(world["delegate"]["device"])
    with Client(world["server_url"], token=world["merchant"]["api_key"]) as term:
        code = device.code_at(int(time.time()))
        payment, replayed = term.pay(code, 1250, "CNY", idempotency_key=new_idempotency_key())
    assert payment.status == "approved"
    assert not replayed
    assert run_kinpay("check", "--db", world["db"]).returncode == 0
