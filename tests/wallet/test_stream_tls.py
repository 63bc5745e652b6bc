"""The wallets' event stream trusts the server as their other requests do, over real HTTPS
on 127.0.0.1 (attack review 33): it made its own transport, which checked neither the shop's
CA nor the pin. With the shop's CA it never connected (no live activity, no till question
heard); behind a pin it sent the session token to any server the machine's store trusts.
"""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kinpay.errors import ServerUntrusted
from tests.deploy.test_tls import https_server, https_world, other_ca, shop_ca
from tests.deploy.tlsca import Issued
from tests.servers import ServerProcess
from tests.wallet.flows import WAIT_MS
from wallet_app.workers import Events

pytestmark = pytest.mark.gui
__all__ = ["https_server", "https_world", "other_ca", "shop_ca"]  # fixtures used here


def _watch(qtbot: QtBot, url: str, world: dict[str, Any],
           wait_ms: int) -> tuple[list[bool], Events]:
    """A payer's stream run for `wait_ms` (or until it is up): the link states it gave."""
    events = Events(url, world["payer"]["token"])
    states: list[bool] = []
    events.link.connect(states.append)
    events.start()
    try:
        qtbot.waitUntil(lambda: bool(states), timeout=WAIT_MS)
        if states[-1] is not True:
            qtbot.wait(wait_ms)
    finally:
        events.stop()
    return states, events


def test_the_stream_trusts_the_shops_ca(
    qtbot: QtBot, https_server: ServerProcess, https_world: dict[str, Any], shop_ca: Issued,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KINPAY_CA_FILE", str(shop_ca.ca_pem))
    assert https_server.url.startswith("https://")
    states, _events = _watch(qtbot, https_server.url, https_world, 3_000)
    assert states[0] is True  # live at once


def test_behind_a_pin_the_stream_refuses_a_server_the_machine_trusts(
    qtbot: QtBot, https_server: ServerProcess, https_world: dict[str, Any], shop_ca: Issued,
    other_ca: Issued, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The machine's store trusts the server's CA (as it would a public CA, or a school's
    inspection CA), but the wallet is pinned to another certificate: the stream connects to
    nothing, so no token is sent."""
    monkeypatch.setenv("SSL_CERT_FILE", str(shop_ca.ca_pem))
    monkeypatch.setenv("KINPAY_SERVER_PIN", other_ca.cert_der_sha256)
    states, events = _watch(qtbot, https_server.url, https_world, 3_000)
    assert True not in states
    assert isinstance(events.lost, ServerUntrusted)
