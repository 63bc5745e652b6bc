"""The parent's wallet on a phone: 360, 390 and 414 px wide, in every language.

Found: signed in, the parent's window would not get narrower than 452 px in English (the
top bar, "kinpay | Home Activity Settings | Mei", in one line) and 416 in Chinese (the
sign-in card's least width); below that, inside the pages, the grant form's "Only on these
days…" tick box, its seven day buttons, the big pairing code, the balance with "Top up",
the card's buttons and the two dialogs (460 and 380 px at least) were cut at the right.

Each page is opened as the parent does (the tabs, the card's buttons, the form), and read
from the real widgets: the window as narrow as the phone, every shown widget inside the
window and inside the part of its scroll area that is seen (so it is reached by scrolling
up and down), no text cut (tests.wallet.fit.clipped), no two controls on top of each other,
and every button a finger's size.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.wallet.fit import clipped

PHONES = [(360, 640), (390, 780), (414, 800)]  # the offscreen screen is 800×800
FINGER_PX = 40  # this test's figure: the desktop's own buttons are 40 px high
WAIT_MS = 15_000
CONTROLS = (QLabel, QAbstractButton, QLineEdit, QComboBox)


def _inside(widget: QWidget, window: QWidget) -> str:
    """'' when `widget` lies across no edge of the window or of its scroll area's view."""
    left = widget.mapTo(window, QPoint(0, 0)).x()
    if left < 0 or left + widget.width() > window.width():
        return f"x {left}..{left + widget.width()} of the window's {window.width()}"
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea) and widget is not parent.viewport():
            view = parent.viewport()
            x = widget.mapTo(view, QPoint(0, 0)).x() if view.isAncestorOf(widget) else 0
            if x < 0 or x + widget.width() > view.width():
                return f"x {x}..{x + widget.width()} of its scroll view's {view.width()}"
        parent = parent.parentWidget()
    return ""


def _seen(widget: QWidget, window: QWidget) -> QRect:
    """The part of `widget` on the screen, in the window's coordinates."""
    seen = widget.visibleRegion().boundingRect()
    return seen.translated(widget.mapTo(window, QPoint(0, 0)))


def _name(w: QWidget) -> str:
    text = w.text() if isinstance(w, (QLabel, QAbstractButton, QLineEdit)) else ""
    return f"{type(w).__name__} {w.objectName()!r} {text[:40]!r}"


def problems(window: QWidget, root: QWidget) -> list[str]:
    """What a person on a phone would meet on `root`, shown in `window`."""
    found = [f"cut: {c}" for c in clipped(root)]
    shown = [w for w in root.findChildren(QWidget)
             if w.isVisibleTo(window) and not isinstance(w, QScrollBar)
             and not isinstance(w.parentWidget(), (QComboBox, QLineEdit))]
    for w in shown:
        if w.sizePolicy().hasHeightForWidth() and w.height() < w.heightForWidth(w.width()):
            found.append(f"cut: {_name(w)} needs {w.heightForWidth(w.width())} px high, "
                         f"has {w.height()}")  # e.g. a spending bar's second line
        where = _inside(w, window)
        if where:
            found.append(f"outside: {_name(w)} at {where}")
        if isinstance(w, QPushButton) and (w.height() < FINGER_PX or w.width() < FINGER_PX):
            found.append(f"small: {_name(w)} {w.width()}×{w.height()}")
    # Where each control is seen: a part scrolled out of sight (under the top bar) is not.
    seen = [(w, _seen(w, window)) for w in shown if isinstance(w, CONTROLS)]
    controls = [(w, r) for w, r in seen if not r.isEmpty()]
    for i, (a, ra) in enumerate(controls):
        for b, rb in controls[i + 1:]:
            if a.isAncestorOf(b) or b.isAncestorOf(a):
                continue
            if ra.intersects(rb):
                found.append(f"overlap: {_name(a)} and {_name(b)}")
    return found


def at_phone_size(qtbot: QtBot, window: QWidget, size: tuple[int, int]) -> list[str]:
    window.resize(*size)
    qtbot.wait(120)
    found = []
    if (window.width(), window.height()) != size:
        found.append(f"the window is {window.width()}×{window.height()}, not {size}")
    hint = window.minimumSizeHint()
    if hint.width() > size[0]:
        found.append(f"the window needs {hint.width()} px wide")
    return found


def check(qtbot: QtBot, window: QWidget, size: tuple[int, int], page: str,
          root: QWidget) -> list[str]:
    qtbot.wait(120)
    return [f"{page}: {p}" for p in [*at_phone_size(qtbot, window, size),
                                      *problems(window, root)]]


def check_dialog(qtbot: QtBot, window: QWidget, dialog: QDialog, name: str) -> list[str]:
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    qtbot.wait(120)
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
    lang: str, size: tuple[int, int], speak: Callable[[str], None], qtbot: QtBot,
    qapp: QApplication, tmp_path: Path, world: dict[str, Any],
) -> None:
    from wallet_app import style
    from wallet_app.app import AppConfig, WalletWindow

    speak(lang)
    style.apply(qapp)
    window = WalletWindow(AppConfig(data_dir=tmp_path / "payer",
                                    server_url=world["server_url"], role="payer"))
    qtbot.addWidget(window)
    window.show()
    window.start()
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
        click(shell.form.save, left)
        qtbot.waitUntil(lambda: shell.stack.currentWidget() is shell.pairing, timeout=WAIT_MS)
        assert shell.pairing.code.text()
        found += scroll_through(qtbot, window, size, "pairing code", shell,
                                shell.pairing.scroll_area)
        click(shell.pairing.done, left)
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
