"""A kinpay server whose TLS certificate this device doesn't trust is said as that, not as
"the server is down": the wallet said "Can't reach the kinpay server… wait for its operator
to start it again" to a server that was up, behind a CA the wallet didn't have. Real HTTPS
on 127.0.0.1 with a CA made in the test; the wallet is given no CA."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kinpay.client import Client
from kinpay.errors import ServerUntrusted
from tests.deploy.tlsca import issue
from tests.servers import ServerProcess
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS
from wallet_app import words

pytestmark = pytest.mark.gui

UNTRUSTED = ("This device doesn't trust the kinpay server's certificate, so nothing was "
             "sent. Check the server's address in Settings, or ask whoever runs the kinpay "
             "server for its CA.")


@pytest.fixture(scope="module")
def https_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("https")
    shop_ca = issue(folder / "ca", "a shop's CA the wallet doesn't have")
    proc = ServerProcess(db=str(folder / "kinpay.db"), log_path=folder / "server.log",
                         tls=(shop_ca.cert_pem, shop_ca.key_pem, shop_ca.ca_pem))
    proc.start()
    try:
        yield proc
    finally:
        proc.stop()


@pytest.fixture(autouse=True)
def no_ca_of_ours(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KINPAY_CA_FILE", raising=False)
    monkeypatch.delenv("KINPAY_SERVER_PIN", raising=False)


def test_an_untrusted_certificate_is_said_as_such(https_server: ServerProcess) -> None:
    with Client(https_server.url, retries=0) as wallet, pytest.raises(ServerUntrusted) as exc:
        wallet.health()
    assert words.failure_text(exc.value) == UNTRUSTED
    assert words.home_failure_text(exc.value) == UNTRUSTED
    assert "server is down" not in words.failure_text(exc.value)


def test_signing_in_to_an_untrusted_server_says_so(
    qtbot: QtBot, make_window: WindowFactory, https_server: ServerProcess,
) -> None:
    window = make_window("payer", server_url=https_server.url, role="payer")
    page = window.sign_in
    page.name.setText("mei")
    page.password.setText("a password of mei's")
    qtbot.mouseClick(page.sign_in, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.error.isVisibleTo(window) and bool(page.error.text()),
                    timeout=WAIT_MS)
    assert page.error.text() == UNTRUSTED
