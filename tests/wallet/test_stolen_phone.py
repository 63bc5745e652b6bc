"""A parent whose phone was stolen (or left signed in somewhere) ends that session from the
wallet they still hold: Settings → Change password ends every other session of the account
(this window stays signed in), Settings → Sign out everywhere… ends them all after a
confirmation. Before, Settings had only "Sign out", which ended nothing on the server: the
other window, here a second WalletWindow signed in as the same parent, kept working for
up to 12 hours. Real clicks, a real server on 127.0.0.1."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kinpay.client import Client
from kinpay.errors import Unauthorized
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, payer_signed_in, sign_in
from wallet_app.app import WalletWindow
from wallet_app.payer.window import PayerShell

pytestmark = pytest.mark.gui

NEW_PASSWORD = "a new password, long enough"
# What the other window says, now that the server tells why its session ended (before:
# "You are signed out. Sign in again.", as for an expired session).
CHANGED_ELSEWHERE = ("Your password was changed on another device, which signed you out "
                     "here. If it wasn't you, ask the kinpay operator to reset it: that "
                     "signs everyone out.")
OUT_EVERYWHERE = "You were signed out everywhere, from another device. Sign in again."


def two_windows(qtbot: QtBot, make_window: WindowFactory,
                world: dict[str, Any]) -> tuple[PayerShell, WalletWindow]:
    """The parent's window and the thief's (the same parent signed in elsewhere), both live."""
    mine = make_window("parent", server_url=world["server_url"], role="payer")
    stolen = make_window("stolen", server_url=world["server_url"], role="payer")
    payer = payer_signed_in(qtbot, mine, world)
    thief = payer_signed_in(qtbot, stolen, world)
    for shell in (payer, thief):
        qtbot.waitUntil(lambda s=shell: s.activity.link_state.text() == "● Live",
                        timeout=WAIT_MS)
    click(qtbot, payer.tab_buttons["settings"])
    assert payer.stack.currentWidget() is payer.settings_page
    return payer, stolen


def click(qtbot: QtBot, widget: Any) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def fill(payer: PayerShell, current: str, new: str, repeat: str) -> None:
    card = payer.settings_page.account
    card.current.setText(current)
    card.new.setText(new)
    card.repeat.setText(repeat)


def _answered(url: str, token: str | None, ask: Callable[[Client], object]) -> bool:
    """Whether the server answers `ask` (False: 401)."""
    with Client(url, token=token) as client:
        try:
            ask(client)
        except Unauthorized:
            return False
        return True


def signs_in(url: str, name: str, password: str) -> bool:
    return _answered(url, None, lambda c: c.sign_in(name, password))


def test_a_new_password_sends_the_stolen_window_back_to_sign_in(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
) -> None:
    url, name = sqlite_world["server_url"], sqlite_world["payer"]["name"]
    payer, stolen = two_windows(qtbot, make_window, sqlite_world)
    card = payer.settings_page.account
    fill(payer, sqlite_world["payer"]["password"], NEW_PASSWORD, NEW_PASSWORD)
    click(qtbot, card.change)
    qtbot.waitUntil(lambda: card.message.text().startswith("Password changed."),
                    timeout=WAIT_MS)
    assert (card.current.text(), card.new.text(), card.repeat.text()) == ("", "", "")
    # The other window learns it from its event stream, and goes back to sign-in.
    qtbot.waitUntil(lambda: stolen.payer is None, timeout=3 * WAIT_MS)
    assert stolen.stack.currentWidget() is stolen.sign_in
    assert stolen.sign_in.error.text() == CHANGED_ELSEWHERE
    # This window stays signed in, and its session still works.
    window = payer.window()
    assert isinstance(window, WalletWindow) and window.payer is payer
    with Client(url, token=payer.session.token) as client:
        assert client.me().name == name
    assert not signs_in(url, name, sqlite_world["payer"]["password"])
    assert signs_in(url, name, NEW_PASSWORD)


def test_a_wrong_current_password_changes_nothing(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
) -> None:
    url, name = sqlite_world["server_url"], sqlite_world["payer"]["name"]
    payer, stolen = two_windows(qtbot, make_window, sqlite_world)
    card = payer.settings_page.account
    # Checked before anything is sent: the two new ones must be the same.
    fill(payer, sqlite_world["payer"]["password"], NEW_PASSWORD, NEW_PASSWORD + "!")
    click(qtbot, card.change)
    assert card.message.text() == "The two new passwords are not the same."
    fill(payer, "not my password", NEW_PASSWORD, NEW_PASSWORD)
    click(qtbot, card.change)
    qtbot.waitUntil(lambda: card.message.text() == "That is not your current password. "
                    "Nothing was changed.", timeout=WAIT_MS)
    assert card.current.text() == "" and card.change.isEnabled()
    assert stolen.payer is not None
    with Client(url, token=stolen.payer.session.token) as client:
        assert client.me().name == name
    assert signs_in(url, name, sqlite_world["payer"]["password"])
    assert not signs_in(url, name, NEW_PASSWORD)


def test_sign_out_everywhere_ends_both_windows(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
) -> None:
    payer, stolen = two_windows(qtbot, make_window, sqlite_world)
    mine = payer.window()
    assert isinstance(mine, WalletWindow)
    card = payer.settings_page.account
    token = payer.session.token
    click(qtbot, card.everywhere)
    dialog = card.dialog
    assert dialog is not None and dialog.isVisible()
    click(qtbot, dialog.keep)  # changed their mind: nothing happens
    assert mine.payer is payer and stolen.payer is not None
    click(qtbot, card.everywhere)
    dialog = card.dialog
    assert dialog is not None
    click(qtbot, dialog.confirm)
    qtbot.waitUntil(lambda: mine.payer is None, timeout=WAIT_MS)
    assert mine.stack.currentWidget() is mine.sign_in
    qtbot.waitUntil(lambda: stolen.payer is None, timeout=3 * WAIT_MS)
    assert stolen.stack.currentWidget() is stolen.sign_in
    assert stolen.sign_in.error.text() == OUT_EVERYWHERE
    with Client(sqlite_world["server_url"], token=token) as client, \
            pytest.raises(Unauthorized):
        client.me()


def refused(url: str, token: str) -> bool:
    return not _answered(url, token, lambda c: c.me())


def test_sign_out_ends_the_session_on_the_server(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
) -> None:
    """Before, "Sign out" only closed the window's screens: the session stayed valid on
    the server for its 12 hours, for whoever had copied its token. Both roles."""
    url = sqlite_world["server_url"]
    mine = make_window("parent", server_url=url, role="payer")
    payer = payer_signed_in(qtbot, mine, sqlite_world)
    token = payer.session.token
    click(qtbot, payer.tab_buttons["settings"])
    sign_out = payer.settings_page.findChild(QPushButton, "signOut")
    assert sign_out is not None
    click(qtbot, sign_out)
    assert mine.payer is None and mine.stack.currentWidget() is mine.sign_in
    assert mine.sign_in.error.text() == ""
    qtbot.waitUntil(lambda: refused(url, token), timeout=WAIT_MS)
    tablet = make_window("tablet", server_url=url, role="delegate")
    kid = sqlite_world["delegate"]
    sign_in(qtbot, tablet, kid["name"], kid["password"], "delegate")
    shell = tablet.delegate
    assert shell is not None and shell.token is not None
    kid_token = shell.token
    assert not refused(url, kid_token)
    click(qtbot, shell.pair_page.sign_out)
    assert tablet.delegate is None and tablet.stack.currentWidget() is tablet.sign_in
    qtbot.waitUntil(lambda: refused(url, kid_token), timeout=WAIT_MS)


def test_the_parent_is_told_at_once_when_someone_else_signs_in(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
) -> None:
    """Someone with the parent's password signs in elsewhere: the parent's open window says
    so at once (a notice and a line in Activity, with the address), while the parent can
    still change the password and end that session. The window's own sign-in is not news."""
    url, name = sqlite_world["server_url"], sqlite_world["payer"]["name"]
    since_s = int(time.time())
    mine = make_window("parent", server_url=url, role="payer")
    payer = payer_signed_in(qtbot, mine, sqlite_world)
    qtbot.waitUntil(lambda: payer.activity.link_state.text() == "● Live", timeout=WAIT_MS)
    notes: list[tuple[str, str]] = []
    payer.notifier.shown.connect(lambda title, text: notes.append((title, text)))
    with Client(url) as thief:
        thief.sign_in(name, sqlite_world["payer"]["password"])
        told = ("New sign-in to your account", "from 127.0.0.1 · if it wasn't you, change "
                "your password in Settings: that signs everyone else out")
        qtbot.waitUntil(lambda: told in notes, timeout=WAIT_MS)
        # Events come in order: the window's own sign-in came before, and is not shown.
        since = [(line.title, line.detail) for line in payer.activity.lines
                 if line.key.startswith("signin:") and line.at_s >= since_s]
        assert since == [told]
        # The parent acts on it: a new password, and the other session is over.
        click(qtbot, payer.tab_buttons["settings"])
        fill(payer, sqlite_world["payer"]["password"], NEW_PASSWORD, NEW_PASSWORD)
        click(qtbot, payer.settings_page.account.change)
        card = payer.settings_page.account
        qtbot.waitUntil(lambda: card.message.text().startswith("Password changed."),
                        timeout=WAIT_MS)
        assert not _answered(url, thief.token, lambda c: c.me())
