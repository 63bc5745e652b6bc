"""§1 TLS end to end, over real HTTPS on 127.0.0.1 with CAs made in the test."""

from __future__ import annotations

import json
import socket
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kinpay.client import Client, new_idempotency_key
from kinpay.device import Device
from kinpay.errors import ServerUntrusted
from pos_app import offline
from pos_app.settle import SaleRequest, settle
from pos_app.store import Store
from tests.deploy.tlsca import Issued, issue
from tests.servers import ServerProcess, free_port, run_kinpay, seed


@pytest.fixture(scope="module")
def shop_ca(tmp_path_factory: pytest.TempPathFactory) -> Issued:
    return issue(tmp_path_factory.mktemp("shop-ca"), "shop CA")


@pytest.fixture(scope="module")
def other_ca(tmp_path_factory: pytest.TempPathFactory) -> Issued:
    return issue(tmp_path_factory.mktemp("other-ca"), "someone else's CA")


@pytest.fixture(scope="module")
def https_server(
    shop_ca: Issued, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("https")
    proc = ServerProcess(
        db=str(folder / "kinpay.db"),
        log_path=folder / "server.log",
        tls=(shop_ca.cert_pem, shop_ca.key_pem, shop_ca.ca_pem),
    )
    proc.start()
    try:
        yield proc
    finally:
        proc.stop()


@pytest.fixture
def https_world(https_server: ServerProcess, tmp_path: Path) -> dict[str, Any]:
    return seed(https_server.db, tmp_path / "devices", https_server.url)


def test_client_trusts_the_shop_ca_and_refuses_another(
    https_server: ServerProcess, shop_ca: Issued, other_ca: Issued
) -> None:
    assert https_server.url.startswith("https://")
    with Client(https_server.url, ca_file=str(shop_ca.ca_pem)) as good:
        assert good.health() is True
    with Client(https_server.url, ca_file=str(other_ca.ca_pem), retries=0) as fooled:
        with pytest.raises(ServerUntrusted, match="not trusted"):
            fooled.health()
    # The system store does not know a shop's CA either.
    with Client(https_server.url, retries=0) as system:
        with pytest.raises(ServerUntrusted):
            system.health()


def test_pinning_the_certificate(
    https_server: ServerProcess, shop_ca: Issued, other_ca: Issued
) -> None:
    with Client(https_server.url, pins=(shop_ca.cert_der_sha256,)) as pinned:
        assert pinned.health() is True  # the pin alone is the trust
    with Client(https_server.url, ca_file=str(shop_ca.ca_pem),
                pins=(other_ca.cert_der_sha256,), retries=0) as wrong:
        with pytest.raises(ServerUntrusted, match="pinned"):
            wrong.health()


def test_the_terminal_pays_over_https(
    https_server: ServerProcess, https_world: dict[str, Any], shop_ca: Issued, tmp_path: Path
) -> None:
    device = Device.load(Path(https_world["delegate"]["device"]))
    key = https_world["merchant"]["api_key"]
    with Client(https_server.url, token=key, ca_file=str(shop_ca.ca_pem)) as till:
        req = SaleRequest(new_idempotency_key(), device.code_at(int(time.time())), 1234, "CNY")
        outcome = settle(till, Store(tmp_path / "terminal.db"), offline.KeyCache(tmp_path),
                         offline.RiskRules(), req)
        assert outcome.kind == "approved", outcome.message
        assert outcome.payment is not None and outcome.payment.amount == 1234
        # The server kept it: asked again, over HTTPS, it is the same approved payment.
        again = till.payment(outcome.payment.id)
        assert (again.status, again.amount, again.currency) == ("approved", 1234, "CNY")


def test_plain_http_to_another_machine_is_refused_by_the_client() -> None:
    with pytest.raises(ValueError, match="plain http"):
        Client("http://192.0.2.10:8400")
    Client("http://192.0.2.10:8400", insecure_http=True).close()  # said out loud: allowed


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize("extra", [[], ["--test-clock", "--insecure-http"]])
def test_server_refuses_a_public_bind_without_tls(tmp_path: Path, extra: list[str]) -> None:
    port = free_port()
    db = tmp_path / "data" / "kinpay.db"
    done = run_kinpay("server", "--host", "0.0.0.0", "--port", str(port), "--db", str(db),
                      *extra, check=False, timeout_s=60)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    word = "--test-clock" if extra else "plain HTTP"
    assert word in done.stderr and "0.0.0.0" in done.stderr
    assert not _port_open(port)  # it never bound
    assert not db.exists()  # and touched nothing


def test_the_environment_gives_every_app_the_ca_and_pin(
    https_server: ServerProcess, shop_ca: Issued, other_ca: Issued, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KINPAY_CA_FILE", str(shop_ca.ca_pem))
    with Client(https_server.url) as c:  # what `kinpay --ca FILE <app>` gives the apps
        assert c.health() is True
    monkeypatch.setenv("KINPAY_SERVER_PIN", other_ca.cert_der_sha256)
    with Client(https_server.url, retries=0) as c, pytest.raises(ServerUntrusted):
        c.health()


def test_kinpay_tls_helper_makes_a_ca_and_a_certificate_the_client_trusts(
    tmp_path: Path
) -> None:
    ca = json.loads(run_kinpay("tls", "make-ca", "--out", str(tmp_path / "ca")).stdout)
    made = json.loads(run_kinpay("tls", "make-cert", "--ca", str(tmp_path / "ca"), "--out",
                                 str(tmp_path / "tls"), "--name", "127.0.0.1").stdout)
    for key in (ca["ca_key"], made["key"]):
        assert stat.S_IMODE(Path(key).stat().st_mode) == 0o600
    server = ServerProcess(
        db=str(tmp_path / "data" / "kinpay.db"), log_path=tmp_path / "server.log",
        tls=(Path(made["cert"]), Path(made["key"]), Path(ca["ca_cert"])),
    ).start()
    try:
        with Client(server.url, ca_file=ca["ca_cert"]) as c:
            assert c.health() is True
    finally:
        server.stop()


def test_server_refuses_a_private_key_everyone_can_read(shop_ca: Issued, tmp_path: Path) -> None:
    loose = tmp_path / "loose.key"
    loose.write_bytes(shop_ca.key_pem.read_bytes())
    loose.chmod(0o644)
    done = run_kinpay("server", "--port", str(free_port()), "--db", str(tmp_path / "k.db"),
                      "--tls-cert", str(shop_ca.cert_pem), "--tls-key", str(loose),
                      check=False, timeout_s=60)
    assert done.returncode != 0 and "chmod 600" in done.stderr
    assert "Traceback" not in done.stderr
