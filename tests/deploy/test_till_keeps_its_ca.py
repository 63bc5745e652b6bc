"""A till given the shop's CA once (`kinpay --ca ca.pem pos --server https://…`) trusts its
server on every later start, as it keeps the server's address (operations review 37):
before, a till started again without `--ca` (the shop owner's desktop icon, a restart)
could not reach its HTTPS server at all, offline for good. Real tills (`kinpay pos`,
offscreen), a real HTTPS server with a shop's own CA."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kinpay.control import ControlClient
from kinpay.tls import ENV_CA_FILE, ENV_PIN
from tests.deploy.tlsca import Issued, issue
from tests.servers import ServerProcess, free_port, seed, spawn_kinpay

ONLINE_WAIT_S = 60  # a loaded machine starts Qt slowly; not a measure of anything


@pytest.fixture(scope="module")
def shop_ca(tmp_path_factory: pytest.TempPathFactory) -> Issued:
    return issue(tmp_path_factory.mktemp("shop-ca"), "shop CA")


@pytest.fixture(scope="module")
def https_shop(shop_ca: Issued,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("https")
    server = ServerProcess(db=str(folder / "kinpay.db"), log_path=folder / "server.log",
                           tls=(shop_ca.cert_pem, shop_ca.key_pem, shop_ca.ca_pem)).start()
    try:
        world = seed(server.db, folder / "devices", server.url)
        yield server.url, str(world["merchant"]["api_key"])
    finally:
        server.stop()


def _till_status(args: list[str], env: dict[str, str], tmp_path: Path, name: str, *,
                 online: bool = True) -> Any:
    """A real till started with `args`: its status once it says it is online (`online`),
    or else once its link was checked, or its last after ONLINE_WAIT_S; then it is stopped
    (Ctrl+C)."""
    control = tmp_path / f"{name}.sock"
    err = tmp_path / f"{name}.err"
    till = spawn_kinpay([*args, "--control", str(control)], env=env,
                        stdout=tmp_path / f"{name}.out", stderr=err)
    try:
        deadline = time.monotonic() + ONLINE_WAIT_S
        while not control.exists() and time.monotonic() < deadline:
            assert till.poll() is None, err.read_text()
            time.sleep(0.1)
        assert control.exists(), err.read_text()
        remote = ControlClient(control)
        remote.wait_ready(ONLINE_WAIT_S, alive=lambda: till.poll() is None)
        status = remote.call("status")
        while (not status[("online" if online else "checked")]
               and time.monotonic() < deadline):
            time.sleep(0.2)
            status = remote.call("status")
        remote.close()
        till.send_signal(signal.SIGINT)
        till.wait(ONLINE_WAIT_S)
        return status
    finally:
        if till.poll() is None:
            till.kill()
            till.wait(15)


def _first_start(https_shop: tuple[str, str], shop_ca: Issued,
                 tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A new till given the server and the shop's CA on its command line, online: its
    folder, and the environment its starts get (no CA or pin in it)."""
    url, api_key = https_shop
    data = tmp_path / "till"
    base = {k: v for k, v in os.environ.items() if k not in (ENV_CA_FILE, ENV_PIN)}
    env = {**base, "KINPAY_API_KEY": api_key, "QT_QPA_PLATFORM": "offscreen"}
    first = _till_status(["--ca", str(shop_ca.ca_pem), "pos", "--data", str(data),
                          "--server", url, "--camera", "sim"], env, tmp_path, "first")
    assert first["online"] is True, first
    return data, env


def test_a_till_started_again_without_ca_still_trusts_its_server(
        https_shop: tuple[str, str], shop_ca: Issued, tmp_path: Path) -> None:
    data, env = _first_start(https_shop, shop_ca, tmp_path)
    # The next start: the same till, nothing on its command line but its folder.
    again = _till_status(["pos", "--data", str(data)], env, tmp_path, "again")
    assert again["online"] is True, f"started again without --ca, the till is {again}"


def test_the_kept_address_given_again_keeps_the_ca(
        https_shop: tuple[str, str], shop_ca: Issued, tmp_path: Path) -> None:
    """A desktop icon that starts the till with its `--server` every time: the same
    address given again is no move, and the kept CA stays (it was let go, and the till
    could not reach its server from the second start on)."""
    data, env = _first_start(https_shop, shop_ca, tmp_path)
    again = _till_status(["pos", "--data", str(data), "--server", https_shop[0]], env,
                         tmp_path, "icon")
    assert again["online"] is True, f"its own address given again, the till is {again}"


def test_a_new_server_given_without_ca_trusts_the_systems_store(
        https_shop: tuple[str, str], shop_ca: Issued, tmp_path: Path) -> None:
    """Moving the till to another server drops the old shop's CA: that CA is not this
    server's trust, and a till trusting it would refuse a server with a public certificate.
    The till is moved to another address (nothing answers there), then back to the shop's
    HTTPS server, which the system's store does not know: not reached on the old CA."""
    url = https_shop[0]
    data, env = _first_start(https_shop, shop_ca, tmp_path)
    settings = (data / "settings.ini").read_text()
    assert f"ca_file={shop_ca.ca_pem}" in settings, settings
    elsewhere = f"https://127.0.0.1:{free_port()}"
    _till_status(["pos", "--data", str(data), "--server", elsewhere], env, tmp_path,
                 "moved", online=False)
    assert f"ca_file={shop_ca.ca_pem}" not in (data / "settings.ini").read_text()
    back = _till_status(["pos", "--data", str(data), "--server", url], env, tmp_path,
                        "back", online=False)
    assert (back["checked"], back["online"]) == (True, False), back
