"""Steps a person takes in the wallet, driven through the real widgets."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kinpay.client import Client, new_idempotency_key
from kinpay.schemas import Approval, Item, Payment
from wallet_app.app import WalletWindow
from wallet_app.delegate.window import DelegateShell
from wallet_app.payer.dialogs import ConfirmSecondGrant
from wallet_app.payer.grant_form import GrantForm
from wallet_app.payer.window import PayerShell

WAIT_MS = 10_000


def sign_in(qtbot: QtBot, window: WalletWindow, name: str, password: str, role: str) -> None:
    page = window.sign_in
    qtbot.mouseClick(page.delegate if role == "delegate" else page.payer,
                     Qt.MouseButton.LeftButton)
    page.name.setText(name)
    page.password.setText(password)
    qtbot.mouseClick(page.sign_in, Qt.MouseButton.LeftButton)
    shell = "delegate" if role == "delegate" else "payer"
    qtbot.waitUntil(lambda: getattr(window, shell) is not None, timeout=WAIT_MS)


def payer_signed_in(qtbot: QtBot, window: WalletWindow, world: dict) -> PayerShell:
    sign_in(qtbot, window, world["payer"]["name"], world["payer"]["password"], "payer")
    shell = window.payer
    assert shell is not None
    qtbot.waitUntil(lambda: bool(shell.home.grant_cards), timeout=WAIT_MS)
    return shell


def parent_signed_in(qtbot: QtBot, make_window: Callable[..., WalletWindow], world: dict,
                     size: tuple[int, int] | None = None) -> PayerShell:
    """The parent's window (at `size`, if given) on the world's server, signed in."""
    parent = make_window("payer", server_url=world["server_url"], role="payer")
    if size is not None:
        parent.resize(*size)
    return payer_signed_in(qtbot, parent, world)


def grant_form(qtbot: QtBot, make_window: Callable[..., WalletWindow], world: dict,
               size: tuple[int, int] | None = None) -> tuple[PayerShell, GrantForm]:
    """The parent signed in, the "Give spending money" form open."""
    payer = parent_signed_in(qtbot, make_window, world, size)
    qtbot.mouseClick(payer.home.new_grant, Qt.MouseButton.LeftButton)
    return payer, payer.form


def create_grant(qtbot: QtBot, shell: PayerShell, delegate: str) -> str:
    """Fill the grant form with the defaults and the child's name; the pairing code shown.
    When the child has spending money already (the seeded world's lily has), the parent is
    asked first, and gives a second one."""
    qtbot.mouseClick(shell.home.new_grant, Qt.MouseButton.LeftButton)
    assert shell.stack.currentWidget() is shell.form
    shell.form.delegate.setText(delegate)
    save_new_grant(qtbot, shell)
    qtbot.waitUntil(lambda: shell.stack.currentWidget() is shell.pairing, timeout=WAIT_MS)
    return shell.pairing.code.text()


def save_new_grant(qtbot: QtBot, shell: PayerShell) -> None:
    """Save the form for a new allowance; "Give a second one" when asked."""
    had = shell._active_grant_of(shell.form.delegate.text())
    shell.dialog = None
    qtbot.mouseClick(shell.form.save, Qt.MouseButton.LeftButton)
    if had is not None:
        dialog = shell.dialog
        assert isinstance(dialog, ConfirmSecondGrant) and dialog.isVisible()
        qtbot.mouseClick(dialog.second, Qt.MouseButton.LeftButton)


def delegate_paired(
    qtbot: QtBot, window: WalletWindow, world: dict, pairing_code: str
) -> DelegateShell:
    sign_in(qtbot, window, world["delegate"]["name"], world["delegate"]["password"], "delegate")
    shell = window.delegate
    assert shell is not None
    assert shell.stack.currentWidget() is shell.pair_page
    qtbot.keyClicks(shell.pair_page.code_edit, pairing_code)
    qtbot.mouseClick(shell.pair_page.pair_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.stack.currentWidget() is shell.code_screen, timeout=WAIT_MS)
    return shell


def parent_and_tablet(
    qtbot: QtBot, make_window: Callable[..., WalletWindow], world: dict,
    size: tuple[int, int],
) -> tuple[WalletWindow, PayerShell, DelegateShell]:
    """The parent's window at `size`, signed in, a new allowance for Lily given and her
    tablet paired to it and online: the parent's pages back on Home."""
    url = world["server_url"]
    parent = make_window("payer", server_url=url, role="payer")
    parent.resize(*size)
    payer = payer_signed_in(qtbot, parent, world)
    pairing_code = create_grant(qtbot, payer, "lily")
    qtbot.mouseClick(payer.pairing.done, Qt.MouseButton.LeftButton)
    tablet = make_window("tablet", server_url=url, role="delegate")
    kid = delegate_paired(qtbot, tablet, world, pairing_code)
    qtbot.waitUntil(lambda: kid.online, timeout=WAIT_MS)
    return parent, payer, kid


def ask_at_till(
    qtbot: QtBot, till: Client, kid: DelegateShell, payer: PayerShell, amount: int
) -> Approval:
    """The till charges the tablet's code over a limit, asks the parent, and the question's
    card is on the parent's screen."""
    assert kid.source is not None and kid.source.frame is not None
    declined, _ = till.pay(kid.source.frame.code, amount, "CNY",
                           idempotency_key=new_idempotency_key())
    asked = till.ask(declined.id)
    qtbot.waitUntil(lambda: asked.id in payer.approvals.panel.cards, timeout=WAIT_MS)
    return asked


def pay(world: dict, code: str, amount: int, items: list[Item] | None = None) -> Payment:
    with Client(world["server_url"], token=world["merchant"]["api_key"]) as terminal:
        payment, _ = terminal.pay(code, amount, "CNY", idempotency_key=new_idempotency_key(),
                                  items=items)
    return payment
