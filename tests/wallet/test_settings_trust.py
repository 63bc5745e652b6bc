"""The parent's wallet Settings say what it trusts its server by, where a CA file or pins
were given at a start (`kinpay --ca FILE --pin SHA256 wallet`, kept with the address by
kinpay.trust), and what keeps it from using the file now; "Use the system's store", once
confirmed, lets them go, at once and for the next start. Before, only the till's Settings
said so: a parent whose kept CA file was moved could not reach the server, and nothing in
the wallet said why or let it go."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kinpay.tls import ENV_CA_FILE, ENV_PIN
from tests.servers import free_port
from tests.wallet.conftest import WindowFactory
from wallet_app.settings import DataFolder, Settings

pytestmark = pytest.mark.gui
PIN = "a" * 64


def test_the_kept_ca_is_shown_with_its_problem_and_let_go(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    gone = tmp_path / "moved-away" / "family-ca.pem"  # given once, then moved
    kept = Settings(DataFolder(tmp_path / "wallet-parent"))
    kept.ca_file, kept.server_pins = str(gone), PIN
    kept.sync()
    # As remember_trust put them at the start, for the clients to read.
    monkeypatch.setenv(ENV_CA_FILE, str(gone))
    monkeypatch.setenv(ENV_PIN, PIN)
    window = make_window("parent", server_url=f"http://127.0.0.1:{free_port()}", role="payer")
    window._open_settings()
    card = window.pre_settings.trust
    qtbot.waitUntil(card.isVisible)
    said = card.words.text().replace("\u200b", "")
    assert str(gone) in said and "Pinned certificates: 1" in said, said
    assert card.problem.isVisible()
    assert "not there now" in card.problem.text(), card.problem.text()

    # Asked first: let go by mistake, nothing in the wallet brings it back. Kept:
    qtbot.mouseClick(card.drop, Qt.MouseButton.LeftButton)
    assert card.dialog is not None
    qtbot.waitUntil(card.dialog.isVisible)
    qtbot.mouseClick(card.dialog.keep, Qt.MouseButton.LeftButton)
    assert card.isVisible() and os.environ.get(ENV_CA_FILE) == str(gone)
    assert Settings(DataFolder(tmp_path / "wallet-parent")).ca_file == str(gone)
    # Let go:
    qtbot.mouseClick(card.drop, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(card.dialog.isVisible)
    qtbot.mouseClick(card.dialog.confirm, Qt.MouseButton.LeftButton)
    assert not card.isVisible()
    assert ENV_CA_FILE not in os.environ and ENV_PIN not in os.environ
    again = Settings(DataFolder(tmp_path / "wallet-parent"))  # the next start's
    assert (again.ca_file, again.server_pins) == ("", "")


def test_nothing_kept_shows_no_trust_card(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in (ENV_CA_FILE, ENV_PIN):
        monkeypatch.delenv(name, raising=False)
    window = make_window("parent", server_url=f"http://127.0.0.1:{free_port()}", role="payer")
    window._open_settings()
    qtbot.waitUntil(window.pre_settings.isVisible)
    assert not window.pre_settings.trust.isVisible()
