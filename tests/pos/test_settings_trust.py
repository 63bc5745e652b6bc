"""The till's Settings say, beside the server's address, what the till trusts that server
by: the system's certificate store, or the shop's own CA file (and pins) it keeps with the
address since `kinpay --ca FILE --pin SHA256 pos`; and a kept CA file it can't use now.
Before, the dialog said nothing of it: a shop owner could not see why a till reached (or
failed to reach) its HTTPS server, nor let a kept CA go. "Use the system's store", and
another server address typed, let the kept CA and pins go at Save, as `--server` does on
the command line: the settings keep none, and the environment the till's clients read
their trust from ($KINPAY_CA_FILE, $KINPAY_SERVER_PIN: kinpay.tls) holds none, so a client
made next no longer trusts a server whose certificate only the shop's CA signed.

Real window, real dialog, real clicks; a real HTTPS server on 127.0.0.1 with a CA made in
the test."""

from __future__ import annotations

import os
import ssl
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QScrollArea

from kinpay.client import Client
from kinpay.errors import ServerUntrusted
from kinpay.tls import ENV_CA_FILE, ENV_PIN
from pos_app.links import link_of
from pos_app.settings import Settings
from pos_app.workers import client_for
from tests.deploy.tlsca import Issued, issue
from tests.pos.conftest import settle
from tests.pos.test_layout import (
    language,  # noqa: F401 - a fixture
)
from tests.pos.test_screens import child, click

pytestmark = pytest.mark.gui

SYSTEM = "the system's certificate store"
ONCE_SAVED = "the system's certificate store, once saved"
MOVED = ("the system's certificate store, once saved: a new server address does not keep "
         "the old one's certificates")
OTHER_PIN = "ab" * 32  # a second pin: a key the shop may rotate to


def shown(window: Any) -> tuple[str, str, bool]:
    """The "Trusts" row as the shop owner reads it: its words (a path's invisible break
    points taken out), the problem said under them ("" when none shows), and whether
    "Use the system's store" is offered."""
    words = child(window, QLabel, "set_trust").text().replace("\u200b", "")
    problem = child(window, QLabel, "trust_problem")
    return (words, "" if problem.isHidden() else problem.text(),
            not child(window, QPushButton, "trust_system").isHidden())


def fits_across(window: Any) -> None:
    """The form no wider than its room: a long path wraps, nothing is cut at the edge."""
    scroll = window.dialog.findChild(QScrollArea, "settings_scroll")
    need = scroll.widget().minimumSizeHint().width()
    assert need <= scroll.viewport().width(), (need, scroll.viewport().width())


class _Health(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b'{"ok": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: no line on stderr for each request."""


@pytest.fixture
def shop_server(tmp_path: Path) -> Iterator[tuple[str, Issued]]:
    """An HTTPS server on 127.0.0.1 whose certificate only the shop's CA signed."""
    ca = issue(tmp_path / "shop-ca", "shop CA")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Health)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(ca.cert_pem, ca.key_pem)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{httpd.server_address[1]}", ca
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)


@pytest.fixture
def kept(monkeypatch: pytest.MonkeyPatch) -> Callable[[str, str], dict[str, str]]:
    """`kept(ca_file, pins)`: the trust a till started with `--ca`/`--pin` keeps, and the
    environment remember_trust leaves for its clients; the settings to start it with."""

    def keep(ca_file: str, pins: str) -> dict[str, str]:
        monkeypatch.setenv(ENV_CA_FILE, ca_file)
        monkeypatch.setenv(ENV_PIN, pins)
        return {"ca_file": ca_file, "server_pins": pins}

    return keep


def test_no_ca_kept_says_the_systems_store(terminal: Any, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    monkeypatch.delenv(ENV_CA_FILE, raising=False)
    monkeypatch.delenv(ENV_PIN, raising=False)
    window = terminal()
    window.open_settings()
    settle()
    assert shown(window) == (SYSTEM, "", False)  # nothing kept: nothing to let go


def test_a_kept_ca_is_named_with_its_pins(terminal: Any, tmp_path: Path,
                                          kept: Callable[[str, str], dict[str, str]]
                                          ) -> None:
    # A long path, as a shop's may be: it wraps at its slashes, the form no wider.
    ca = issue(tmp_path / "a-shop-with-a-rather-long-folder-name" / "certificates" / "ca",
               "shop CA")
    window = terminal(**kept(str(ca.ca_pem), f"{ca.cert_der_sha256},{OTHER_PIN}"))
    window.open_settings()
    settle()
    assert shown(window) == (
        f"the shop's own certificate authority, {ca.ca_pem};\npinned: 2 certificates", "",
        True)
    fits_across(window)
    window.dialog.close()
    window.settings.server_pins = ""  # the CA alone
    window.open_settings()
    settle()
    assert shown(window) == (f"the shop's own certificate authority, {ca.ca_pem}", "", True)
    window.dialog.close()
    window.settings.ca_file, window.settings.server_pins = "", ca.cert_der_sha256
    window.open_settings()  # the pin alone: it is the whole trust (kinpay.tls)
    settle()
    assert shown(window) == ("only the pinned certificate: 1", "", True)


@pytest.mark.parametrize("case", ["gone", "not a CA", "a folder"])
def test_a_kept_ca_the_till_cannot_use_now_is_said(
        case: str, terminal: Any, tmp_path: Path,
        kept: Callable[[str, str], dict[str, str]]) -> None:
    path = tmp_path / "shop" / "ca.pem"
    path.parent.mkdir()
    if case == "not a CA":
        path.write_text("not a certificate\n")
    elif case == "a folder":
        path.mkdir()
    said = {
        "gone": "That file is not there now, so the till can't reach an https:// server. "
                "Put it back, or use the system's store.",
        "not a CA": "That file holds no certificate the till can use, so it can't reach an "
                    "https:// server. Put the shop's CA file there again, or use the "
                    "system's store.",
        "a folder": "That file can't be read now, so the till can't reach an https:// "
                    "server. Let the till read it, or use the system's store.",
    }[case]
    window = terminal(**kept(str(path), ""))
    window.open_settings()
    settle()
    assert shown(window) == (f"the shop's own certificate authority, {path}", said, True)
    fits_across(window)
    if os.environ.get("KINPAY_SHOTS_DIR"):
        window.dialog.grab().save(str(Path(os.environ["KINPAY_SHOTS_DIR"])
                                      / f"settings-trust-{case.replace(' ', '-')}.png"))


def test_use_the_systems_store_lets_the_kept_ca_and_pins_go(
        terminal: Any, qtbot: Any, shop_server: tuple[str, Issued],
        kept: Callable[[str, str], dict[str, str]]) -> None:
    url, ca = shop_server
    pins = f"{ca.cert_der_sha256},{OTHER_PIN}"
    window = terminal(**kept(str(ca.ca_pem), pins))
    with Client(url, retries=0) as client:  # the kept CA and pin: the server is trusted
        assert client.health()
    # Pressed, then closed without Save: nothing changes.
    window.open_settings()
    click(qtbot, child(window, QPushButton, "trust_system"))
    assert shown(window) == (ONCE_SAVED, "", False)
    window.dialog.close()
    assert (window.settings.ca_file, window.settings.server_pins) == (str(ca.ca_pem), pins)
    assert (os.environ.get(ENV_CA_FILE), os.environ.get(ENV_PIN)) == (str(ca.ca_pem), pins)
    # Pressed and saved: let go, in the settings, the file and what clients read.
    window.open_settings()
    assert shown(window)[2]
    click(qtbot, child(window, QPushButton, "trust_system"))
    click(qtbot, child(window, QPushButton, "settings_save"))
    assert window.dialog is None
    assert (window.settings.ca_file, window.settings.server_pins) == ("", "")
    saved = Settings.load(window.data_dir)
    assert (saved.ca_file, saved.server_pins) == ("", "")
    assert ENV_CA_FILE not in os.environ and ENV_PIN not in os.environ
    with Client(url, retries=0) as client, pytest.raises(ServerUntrusted):
        client.health()  # the system's store does not know the shop's CA
    window.open_settings()
    assert shown(window) == (SYSTEM, "", False)


def test_the_tills_workers_trust_what_the_settings_keep_not_what_they_let_go(
        shop_server: tuple[str, Issued], kept: Callable[[str, str], dict[str, str]]) -> None:
    """The sale and link workers' clients (pos_app.workers.client_for) take their trust
    from the link the settings give (pos_app.links.link_of), as they take its address:
    let go in Settings with the address unchanged, the link was the same and the workers
    kept the shop's CA until the till restarted. The environment below still names the
    CA; only the settings let it go."""
    url, ca = shop_server
    keeping = Settings(server_url=url, api_key="k", **kept(str(ca.ca_pem), ca.cert_der_sha256))
    let_go = Settings(server_url=url, api_key="k")
    assert link_of(keeping) != link_of(let_go)  # so the workers make their clients again
    with client_for(link_of(keeping)) as client:
        assert client.health()
    with client_for(link_of(let_go)) as client, pytest.raises(ServerUntrusted):
        client.health()


def test_another_server_address_lets_the_kept_ca_go(
        terminal: Any, qtbot: Any, shop_server: tuple[str, Issued],
        kept: Callable[[str, str], dict[str, str]]) -> None:
    url, ca = shop_server
    window = terminal(**kept(str(ca.ca_pem), ""))
    old = window.settings.server_url
    window.open_settings()
    server = child(window, QLineEdit, "set_server")
    new = old.replace("127.0.0.1", "localhost")  # the same server, by another address
    assert new != old
    server.setText(new)
    assert shown(window) == (MOVED, "", False)
    server.setText(old + "/")  # the same address again: its trust stays
    assert shown(window) == (f"the shop's own certificate authority, {ca.ca_pem}", "", True)
    server.setText(new)
    click(qtbot, child(window, QPushButton, "settings_save"))
    assert window.dialog is None
    assert (window.settings.server_url, window.settings.ca_file) == (new, "")
    saved = Settings.load(window.data_dir)
    assert (saved.server_url, saved.ca_file, saved.server_pins) == (new, "", "")
    assert ENV_CA_FILE not in os.environ
    with Client(url, retries=0) as client, pytest.raises(ServerUntrusted):
        client.health()


@pytest.mark.parametrize(("lang", "system", "certificate"),
                         [("zh_CN", "系统", "证书"), ("zh_TW", "系統", "憑證")],
                         ids=["zh_CN", "zh_TW"])
def test_the_trust_is_said_in_chinese(
        lang: str, system: str, certificate: str,
        language: Callable[[str], None],  # noqa: F811 - the fixture
        terminal: Any, tmp_path: Path, qtbot: Any,
        kept: Callable[[str, str], dict[str, str]]) -> None:
    language(lang)
    ca = issue(tmp_path / "ca", "shop CA")
    window = terminal(**kept(str(ca.ca_pem), ca.cert_der_sha256))
    window.open_settings()
    settle()
    words, problem, offered = shown(window)
    assert str(ca.ca_pem) in words and certificate in words and "1" in words, words
    assert words.isascii() is False and "pinned" not in words, words
    assert (problem, offered) == ("", True)
    use = child(window, QPushButton, "trust_system").text()
    assert system in use and "store" not in use, use
    fits_across(window)
    if os.environ.get("KINPAY_SHOTS_DIR"):
        window.dialog.grab().save(str(Path(os.environ["KINPAY_SHOTS_DIR"])
                                      / f"settings-trust-{lang}.png"))
    click(qtbot, child(window, QPushButton, "trust_system"))
    words = shown(window)[0]
    assert system in words and certificate in words and "saved" not in words, words
