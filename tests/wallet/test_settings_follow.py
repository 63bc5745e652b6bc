"""The settings pages show what is saved. Found live (English, the demo): the parent saved
a new server address on Settings, signed out, and the sign-in page said 'Server:
http://127.0.0.1:8962'; its Settings link showed the old address, 8961, the one the app
started with, so the parent could not see, or check, the address in force. The same with
the language: 简体中文 chosen and saved, then signed out and in again, Settings read
'English' as if the choice were lost (it applies at the next start, as the page says)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kinpay import l10n
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, payer_signed_in
from wallet_app.app import WalletWindow
from wallet_app.settings_page import SettingsPage

pytestmark = pytest.mark.gui

ELSEWHERE = "http://127.0.0.1:8979"  # saved, never connected to


def _settings(qtbot: QtBot, window: WalletWindow) -> SettingsPage:
    """The parent clicks the Settings tab."""
    shell = window.payer
    assert shell is not None
    qtbot.mouseClick(shell.tab_buttons["settings"], Qt.MouseButton.LeftButton)
    assert shell.stack.currentWidget() is shell.settings_page
    return shell.settings_page


def _sign_out(qtbot: QtBot, window: WalletWindow) -> None:
    shell = window.payer
    assert shell is not None
    button = shell.settings_page.findChild(QPushButton, "signOut")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.payer is None, timeout=WAIT_MS)
    assert window.stack.currentWidget() is window.sign_in


def test_settings_before_sign_in_show_the_address_saved_when_signed_in(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
) -> None:
    parent = make_window("payer", server_url=sqlite_world["server_url"], role="payer")
    payer_signed_in(qtbot, parent, sqlite_world)
    page = _settings(qtbot, parent)
    page.url.selectAll()
    qtbot.keyClicks(page.url, ELSEWHERE)
    qtbot.mouseClick(page.save, Qt.MouseButton.LeftButton)
    assert page.message.text() == "Saved. New connections use this address."
    _sign_out(qtbot, parent)
    assert parent.sign_in.server.text() == f"Server: {ELSEWHERE}"
    qtbot.mouseClick(parent.sign_in.findChild(QPushButton, "settingsLink"),
                     Qt.MouseButton.LeftButton)
    assert parent.stack.currentWidget() is parent.pre_settings
    assert parent.pre_settings.url.text() == ELSEWHERE
    assert parent.pre_settings.message.isHidden()
    # Saved there again, that page says so and keeps saying it.
    parent.pre_settings.url.selectAll()
    qtbot.keyClicks(parent.pre_settings.url, sqlite_world["server_url"])
    qtbot.mouseClick(parent.pre_settings.save, Qt.MouseButton.LeftButton)
    assert parent.pre_settings.message.text() == "Saved. New connections use this address."
    assert parent.pre_settings.message.isVisibleTo(parent.pre_settings)
    assert parent.sign_in.server.text() == f"Server: {sqlite_world['server_url']}"


def test_a_language_chosen_shows_as_chosen_after_signing_out_and_in(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
) -> None:
    assert l10n.language() == "en"
    parent = make_window("payer", server_url=sqlite_world["server_url"], role="payer")
    payer_signed_in(qtbot, parent, sqlite_world)
    combo = _settings(qtbot, parent).language
    combo.setCurrentIndex(combo.findText("简体中文"))
    _sign_out(qtbot, parent)
    assert parent.pre_settings.language.currentText() == "简体中文"
    again = payer_signed_in(qtbot, parent, sqlite_world)
    assert _settings(qtbot, parent).language.currentText() == "简体中文"
    # Chosen, not yet in force: this run still speaks English, as the page says.
    assert l10n.language() == "en"
    assert again.settings_page.language_note.text() == (
        "A new language applies when the app starts again.")
