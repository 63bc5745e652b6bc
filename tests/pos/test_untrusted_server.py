"""A till pointed at a server whose certificate it doesn't trust (live test 34: the shop
owner started a till without the shop's CA) said only "offline" and then that its list of
stopped allowances was too old: nothing about the certificate, which no wait would change.
Now the status line says so. Real HTTPS server on 127.0.0.1 with a CA made here; the till
is given no CA."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.deploy.tlsca import issue
from tests.servers import ServerProcess

pytestmark = pytest.mark.gui


def test_a_server_the_till_does_not_trust_is_named_on_its_status_line(
        terminal: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KINPAY_CA_FILE", raising=False)
    monkeypatch.delenv("KINPAY_SERVER_PIN", raising=False)
    ca = issue(tmp_path / "ca", "a shop CA this till was not given")
    server = ServerProcess(db=str(tmp_path / "kinpay.db"), log_path=tmp_path / "server.log",
                           tls=(ca.cert_pem, ca.key_pem, ca.ca_pem)).start()
    try:
        window = terminal(server_url=server.url)
        qtbot.waitUntil(lambda: "certificate" in window.status.notice.text(), timeout=20_000)
        note = window.status.notice.text()
        assert note.startswith("The server's certificate is not one this till trusts")
        assert "(kinpay --ca)" in note and window.online is False
    finally:
        server.stop()
