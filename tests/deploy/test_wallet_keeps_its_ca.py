"""A wallet given the shop's CA or pin once (`kinpay --ca ca.pem wallet --server https://…`)
trusts its server on every later start, as it keeps the server's address, by the till's rule
(kinpay.trust): before, a parent's wallet or a child's tablet started again without `--ca`
(its desktop icon, a restart) could not even sign in to its shop's HTTPS server: the
certificate failed, where the till reached it. Real wallets (`kinpay wallet`, offscreen,
driven through their control socket as the demo drives them), a real HTTPS server with a
shop's own CA."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kinpay.client import Client
from kinpay.errors import ServerUntrusted
from kinpay.tls import ENV_CA_FILE, ENV_PIN
from tests.deploy.test_quit_ends_the_app import _ended, _start
from tests.deploy.tlsca import Issued, issue
from tests.servers import ServerProcess, free_port, seed


@pytest.fixture(scope="module")
def shop_ca(tmp_path_factory: pytest.TempPathFactory) -> Issued:
    return issue(tmp_path_factory.mktemp("shop-ca"), "shop CA")


@pytest.fixture(scope="module")
def https_shop(shop_ca: Issued,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("https")
    server = ServerProcess(db=str(folder / "kinpay.db"), log_path=folder / "server.log",
                           tls=(shop_ca.cert_pem, shop_ca.key_pem, shop_ca.ca_pem)).start()
    try:
        yield server.url, seed(server.db, folder / "devices", server.url)
    finally:
        server.stop()


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """What every start gets, and this test's own clients: no CA or pin of the tester's;
    and no screen."""
    for name in (ENV_CA_FILE, ENV_PIN):
        monkeypatch.delenv(name, raising=False)
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def _signs_in(args: list[str], env: dict[str, str], tmp_path: Path, name: str,
              who: dict[str, Any], role: str) -> str | None:
    """A real wallet started with `args` signs in as `who`, as a person would on its
    sign-in page: the role when the server took it, None when the wallet could not (its
    page says why); then it is stopped."""
    wallet, remote = _start(args, env, tmp_path, name)
    try:
        signed: str | None = remote.call("sign_in", name=who["name"],
                                         password=who["password"], role=role)
        remote.close()
        # Stopped as the demo stops its wallets: SIGTERM, which closes the window as its
        # close button does (kinpay.interrupt).
        wallet.terminate()
        code = _ended(wallet)  # a bound, with words: None while it still runs
        assert code == 0, f"the wallet ({name}) ended with {code}: " \
                          f"{(tmp_path / f'{name}.err').read_text()}"
        return signed
    finally:
        if wallet.poll() is None:
            wallet.kill()
            wallet.wait(15)


def _first_start(https_shop: tuple[str, dict[str, Any]], shop_ca: Issued,
                 env: dict[str, str], tmp_path: Path) -> Path:
    """A parent's new wallet given the server and the shop's CA on its command line,
    signed in: its folder."""
    url, world = https_shop
    data = tmp_path / "wallet"
    first = _signs_in(["--ca", str(shop_ca.ca_pem), "wallet", "--role", "payer",
                       "--server", url, "--data", str(data)], env, tmp_path, "first",
                      world["payer"], "payer")
    assert first == "payer", "given --ca and --server, the parent's wallet did not sign in"
    return data


@pytest.mark.parametrize(("role", "trust"), [("payer", "--ca"), ("delegate", "--pin")],
                         ids=["parents-wallet-ca", "childs-tablet-pin"])
def test_a_wallet_started_again_without_ca_still_trusts_its_server(
        https_shop: tuple[str, dict[str, Any]], shop_ca: Issued, env: dict[str, str],
        tmp_path: Path, role: str, trust: str) -> None:
    url, world = https_shop
    given = str(shop_ca.ca_pem) if trust == "--ca" else shop_ca.cert_der_sha256
    data = tmp_path / "wallet"
    first = _signs_in([trust, given, "wallet", "--role", role, "--server", url,
                       "--data", str(data)], env, tmp_path, "first", world[role], role)
    assert first == role, f"given {trust} and --server, the {role}'s wallet did not sign in"
    # The next start: the same wallet, nothing on its command line but its folder.
    again = _signs_in(["wallet", "--data", str(data)], env, tmp_path, "again", world[role],
                      role)
    assert again == role, (f"started again without {trust}, the {role}'s wallet could not "
                           f"sign in to its server")


def test_the_kept_address_given_again_keeps_the_ca(
        https_shop: tuple[str, dict[str, Any]], shop_ca: Issued, env: dict[str, str],
        tmp_path: Path) -> None:
    """A desktop icon that starts the wallet with its `--server` every time: the same
    address again is no move, and the kept CA stays."""
    url, world = https_shop
    data = _first_start(https_shop, shop_ca, env, tmp_path)
    again = _signs_in(["wallet", "--data", str(data), "--server", url], env, tmp_path,
                      "icon", world["payer"], "payer")
    assert again == "payer", "its own address given again, the wallet lost the shop's CA"


def test_a_new_server_given_without_ca_trusts_the_systems_store(
        https_shop: tuple[str, dict[str, Any]], shop_ca: Issued, env: dict[str, str],
        tmp_path: Path) -> None:
    """Moving the wallet to another server drops the old shop's CA: that CA is not the new
    server's trust, and a wallet trusting it would refuse a server with a public
    certificate. Moved to another address (nothing answers there), then back to the shop's
    HTTPS server, which the system's store does not know: not reached on the old CA, then
    or on a later start."""
    url, world = https_shop
    data = _first_start(https_shop, shop_ca, env, tmp_path)
    kept = f"ca_file={shop_ca.ca_pem}"
    assert kept in (data / "wallet.ini").read_text(), (data / "wallet.ini").read_text()
    elsewhere = f"https://127.0.0.1:{free_port()}"
    moved = _signs_in(["wallet", "--data", str(data), "--server", elsewhere], env, tmp_path,
                      "moved", world["payer"], "payer")
    assert moved is None, "signed in where no server is"
    assert kept not in (data / "wallet.ini").read_text()
    back = _signs_in(["wallet", "--data", str(data), "--server", url], env, tmp_path,
                     "back", world["payer"], "payer")
    assert back is None, "moved back without --ca, the wallet still trusted the old CA"
    later = _signs_in(["wallet", "--data", str(data)], env, tmp_path, "later",
                      world["payer"], "payer")
    assert later is None, "the old shop's CA came back on the start after the move"
    # Refused for the trust alone: the server is up and takes these credentials on the
    # shop's CA, and the system's store does not trust it.
    payer = world["payer"]
    with Client(url, ca_file=str(shop_ca.ca_pem), retries=0) as on_the_ca:
        assert on_the_ca.sign_in(payer["name"], payer["password"]).user.name == payer["name"]
    with Client(url, retries=0) as on_the_store, pytest.raises(ServerUntrusted):
        on_the_store.health()
