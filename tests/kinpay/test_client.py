"""The settlement client against a real server: errors mapped, retries keep the key."""

from __future__ import annotations

from typing import Any

import pytest

from kinpay.client import Client, new_idempotency_key
from kinpay.device import Device
from kinpay.errors import NotFound, OutcomeUnknown, ServerUnreachable, Unauthorized
from tests.proxy import HoldingProxy
from tests.server.helpers import check_ledger, now
from tests.servers import free_port


def test_nothing_listening_is_unreachable() -> None:
    with Client(f"http://127.0.0.1:{free_port()}", retries=1, backoff_s=0.01) as client:
        with pytest.raises(ServerUnreachable):
            client.health()


def test_statuses_become_kinpay_errors(sqlite_world: dict[str, Any]) -> None:
    with Client(sqlite_world["server_url"], token="kpt_wrong") as client:
        with pytest.raises(Unauthorized) as err:
            client.terminal()
        assert err.value.status == 401 and err.value.code == "unauthorized"
    with Client(sqlite_world["server_url"], token=sqlite_world["merchant"]["api_key"]) as t:
        with pytest.raises(NotFound):
            t.payment("0" * 32)


def test_a_lost_answer_then_a_retry_charges_once(sqlite_world: dict[str, Any]) -> None:
    port = int(sqlite_world["server_url"].rsplit(":", 1)[1])
    proxy = HoldingProxy(target_port=port, hold_s=1.5, hold_next=1).start()
    device = Device.load(sqlite_world["delegate"]["device"])
    key = new_idempotency_key()
    code = device.code_at(now())
    api_key = sqlite_world["merchant"]["api_key"]
    try:
        with Client(proxy.url, token=api_key, timeout_s=0.5, retries=0) as impatient:
            with pytest.raises(OutcomeUnknown):
                impatient.pay(code, 800, "CNY", idempotency_key=key)
            first, replayed = impatient.pay(code, 800, "CNY", idempotency_key=key)
        assert replayed and first.status == "approved"
        # The client's own retries do the same without being asked.
        proxy.hold_next = 1
        device.bump(now())
        key2 = new_idempotency_key()
        with Client(proxy.url, token=api_key, timeout_s=0.5, retries=3) as patient:
            second, replayed2 = patient.pay(device.code_at(now()), 900, "CNY",
                                            idempotency_key=key2)
        assert second.status == "approved" and replayed2
    finally:
        proxy.stop()
    with Client(sqlite_world["server_url"], token=api_key) as term:
        mine = [p for p in term.payments() if p.id in (first.id, second.id)]
    assert sorted(p.amount for p in mine) == [800, 900]
    assert check_ledger(sqlite_world["db"])["ok"]
