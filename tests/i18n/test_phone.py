"""The parent's wallet on a phone: 360, 390 and 414 px wide, in every language.

Found: signed in, the parent's window would not get narrower than 452 px in English (the
top bar, "kinpay | Home Activity Settings | Mei", in one line) and 416 in Chinese (the
sign-in card's least width); below that, inside the pages, the grant form's "Only on these
days…" tick box, its seven day buttons, the big pairing code, the balance with "Top up",
the card's buttons and the two dialogs (460 and 380 px at least) were cut at the right.

Each page is opened as the parent does (the tabs, the card's buttons, the form), and read
from the real widgets: the window as narrow as the phone, and what tests.wallet.phone
finds: every shown widget inside the window and the part of its scroll area that is seen
(so it is reached by scrolling up and down), no text cut, no two controls on top of each
other, every button a finger's size.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from tests.wallet.phone import problems, settle
from wallet_app.words import error_text

PHONES = [(360, 640), (390, 780), (414, 800)]  # the offscreen screen is 800×800
WAIT_MS = 15_000


def at_phone_size(qtbot: QtBot, window: QWidget, size: tuple[int, int]) -> list[str]:
    window.resize(*size)
    settle(qtbot, window)
    found = []
    if (window.width(), window.height()) != size:
        found.append(f"the window is {window.width()}×{window.height()}, not {size}")
    hint = window.minimumSizeHint()
    if hint.width() > size[0]:
        found.append(f"the window needs {hint.width()} px wide")
    return found


def check(qtbot: QtBot, window: QWidget, size: tuple[int, int], page: str,
          root: QWidget) -> list[str]:
    settle(qtbot, window)
    return [f"{page}: {p}" for p in [*at_phone_size(qtbot, window, size),
                                      *problems(window, root)]]


def check_dialog(qtbot: QtBot, window: QWidget, dialog: QDialog, name: str) -> list[str]:
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    settle(qtbot, dialog)
    found = [f"{name}: {p}" for p in problems(dialog, dialog)]
    if dialog.width() > window.width():
        found.append(f"{name}: {dialog.width()} px wide on a {window.width()} px screen")
    dialog.reject()
    return found


def scroll_through(qtbot: QtBot, window: QWidget, size: tuple[int, int], page: str,
                   root: QWidget, area: Any) -> list[str]:
    """The page at its top and scrolled to its foot."""
    bar = area.verticalScrollBar()
    bar.setValue(0)
    found = check(qtbot, window, size, f"{page} (top)", root)
    bar.setValue(bar.maximum())
    return found + check(qtbot, window, size, f"{page} (foot)", root)


@pytest.mark.parametrize("size", PHONES, ids=[f"{w}x{h}" for w, h in PHONES])
@pytest.mark.parametrize("lang", ["en", "zh_CN", "zh_TW"])
def test_every_page_of_the_parents_wallet_fits_a_phone(
    lang: str, size: tuple[int, int], payer_window: Callable[[str], Any], qtbot: QtBot,
    world: dict[str, Any],
) -> None:
    window = payer_window(lang)
    click = qtbot.mouseClick
    left = Qt.MouseButton.LeftButton
    try:
        found = check(qtbot, window, size, "sign-in", window.sign_in)
        click(window.sign_in.findChild(QPushButton, "settingsLink"), left)
        found += check(qtbot, window, size, "settings before sign-in", window.pre_settings)
        click(window.pre_settings.findChild(QPushButton, "backToSignIn"), left)
        window.sign_in.name.setText(world["payer"]["name"])
        window.sign_in.password.setText(world["payer"]["password"])
        click(window.sign_in.sign_in, left)
        qtbot.waitUntil(lambda: window.payer is not None
                        and bool(window.payer.home.grant_cards), timeout=WAIT_MS)
        shell = window.payer
        assert shell is not None
        qtbot.waitUntil(shell.home.top_up.isVisible, timeout=WAIT_MS)  # a demo server
        found += check(qtbot, window, size, "home", shell)
        click(shell.tab_buttons["activity"], left)
        assert shell.stack.currentWidget() is shell.activity
        found += check(qtbot, window, size, "activity", shell)
        click(shell.tab_buttons["settings"], left)
        assert shell.stack.currentWidget() is shell.settings_page
        found += scroll_through(qtbot, window, size, "settings", shell,
                                shell.settings_page.scroll_area)
        click(shell.tab_buttons["home"], left)
        card = next(iter(shell.home.grant_cards.values()))
        click(card.findChild(QPushButton, "changeButton"), left)
        assert shell.stack.currentWidget() is shell.form
        shell.form.windows_on.setChecked(True)
        click(shell.form.windows.add_button, left)  # a second time window
        found += scroll_through(qtbot, window, size, "change limits", shell,
                                shell.form.scroll_area)
        click(shell.form.cancel, left)
        click(shell.home.new_grant, left)
        found += scroll_through(qtbot, window, size, "give spending money", shell,
                                shell.form.scroll_area)
        shell.form.delegate.setText(world["delegate"]["name"])
        click(shell.form.save, left)  # the child has spending money: asked first
        assert isinstance(shell.dialog, QDialog)
        found += check_dialog(qtbot, window, shell.dialog, "a second one")
        click(shell.form.save, left)
        assert isinstance(shell.dialog, QDialog)
        click(shell.dialog.findChild(QPushButton, "giveSecond"), left)
        qtbot.waitUntil(lambda: shell.stack.currentWidget() is shell.pairing, timeout=WAIT_MS)
        assert shell.pairing.code.text()
        found += scroll_through(qtbot, window, size, "pairing code", shell,
                                shell.pairing.scroll_area)
        click(shell.pairing.done, left)
        assert shell.session.ask_password is not None  # as a stale session's act asks
        shell.session.ask_password(lambda: None, lambda: None)
        assert isinstance(shell.proof, QDialog)
        shell.proof.show_error(error_text("wrong_password"))  # its longest state
        found += check_dialog(qtbot, window, shell.proof, "the password again")
        click(shell.home.top_up, left)
        assert isinstance(shell.dialog, QDialog)
        found += check_dialog(qtbot, window, shell.dialog, "top up")
        card = next(iter(shell.home.grant_cards.values()))
        click(card.findChild(QPushButton, "revokeButton"), left)
        assert isinstance(shell.dialog, QDialog)
        found += check_dialog(qtbot, window, shell.dialog, "stop spending money")
    finally:
        window.shutdown()
    assert found == [], "\n".join(found)
