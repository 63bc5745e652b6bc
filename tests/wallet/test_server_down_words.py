"""A parent's action that finds the kinpay server stopped says both things it can be, as
the home does. Found in review: the home said "Either this device is off the network, or
the server is down…" (live test 34 §14: "Check the network" was read on a network that
worked, the server down), while "Couldn't stop it" and the allowance form still said
"Check the network". Real server, stopped; real widgets."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.servers import ServerProcess
from tests.wallet.conftest import WindowFactory
from tests.wallet.fit import clipped
from tests.wallet.flows import WAIT_MS, parent_signed_in, save_new_grant, sign_in
from wallet_app.payer.dialogs import ConfirmRevoke

pytestmark = pytest.mark.gui

UNREACHABLE = ("Can't reach the kinpay server. Either this device is off the network, or "
               "the server is down. If other apps here can reach the internet, it is the "
               "server: wait for its operator to start it again.")


def test_actions_on_a_stopped_server_say_it_may_be_the_server(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
    sqlite_server: ServerProcess, monkeypatch: pytest.MonkeyPatch,
) -> None:
    payer = parent_signed_in(qtbot, make_window, sqlite_world)
    card = next(c for c in payer.home.grant_cards.values() if c.revoke is not None)
    sqlite_server.stop()

    # Stop… on the allowance's card, then the dialog's Stop: nothing answers.
    payer.dialog = None
    qtbot.mouseClick(card.revoke, Qt.MouseButton.LeftButton)
    dialog = payer.dialog
    assert isinstance(dialog, ConfirmRevoke)
    # What the home is told, in order: the parent's act's message, and the home's own
    # failed check, which comes a moment later. Both were put in one place, and the
    # check's words replaced "Couldn't stop it" within milliseconds.
    said: list[tuple[str, str]] = []
    show = payer.home.show_error
    monkeypatch.setattr(payer.home, "show_error",
                        lambda text: (said.append(("act", text)), show(text)))
    payer.session.failed.connect(lambda text: said.append(("home", text)))
    qtbot.mouseClick(dialog.stop, Qt.MouseButton.LeftButton)

    def checked_after_stop() -> bool:
        acts = [i for i, (who, t) in enumerate(said)
                if who == "act" and t.startswith("Couldn't stop it")]
        return bool(acts) and any(who == "home" for who, _t in said[acts[0]:])

    qtbot.waitUntil(checked_after_stop, timeout=WAIT_MS)
    stop = next(t for who, t in said if who == "act")
    assert stop == f"Couldn't stop it: {UNREACHABLE}", stop
    assert not [t for _who, t in said if "Check the network" in t], said
    # The parent still reads what became of their stop, and the home's check is said too.
    home = payer.home
    assert home.error.isVisibleTo(payer), said
    assert home.error.text.text() == f"Couldn't stop it: {UNREACHABLE}", said
    assert home.status.isVisibleTo(payer)
    assert home.status.text.text() == f"{UNREACHABLE} kinpay keeps trying."

    # Give spending money: the form's Save, nothing answers.
    qtbot.mouseClick(payer.home.new_grant, Qt.MouseButton.LeftButton)
    form = payer.form
    form.delegate.setText(sqlite_world["delegate"]["name"])
    save_new_grant(qtbot, payer)
    error = form.errors["form"]
    qtbot.waitUntil(lambda: error.isVisibleTo(form) and bool(error.text()), timeout=WAIT_MS)
    assert error.text() == f"{UNREACHABLE} Then try again.", error.text()
    assert "Check the network" not in error.text()


def test_pairing_a_tablet_on_a_stopped_server_says_it_whole(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any],
    sqlite_server: ServerProcess,
) -> None:
    """The child's tablet said "Check the Wi-Fi". Its longer words now are whole on the
    demo's 600×617 tablet: the page scrolls to them and to Pair."""
    window = make_window("tablet", server_url=sqlite_world["server_url"], role="delegate")
    window.resize(600, 617)
    sign_in(qtbot, window, sqlite_world["delegate"]["name"],
            sqlite_world["delegate"]["password"], "delegate")
    shell = window.delegate
    assert shell is not None
    sqlite_server.stop()
    qtbot.keyClicks(shell.pair_page.code_edit, "ABCD-EFGH-JKLM")
    qtbot.mouseClick(shell.pair_page.pair_button, Qt.MouseButton.LeftButton)
    error = shell.pair_page.error
    qtbot.waitUntil(lambda: bool(error.text()), timeout=WAIT_MS)
    assert error.text() == f"{UNREACHABLE} Then try again, or ask your parent.", error.text()
    qtbot.waitUntil(lambda: clipped(window) == [], timeout=WAIT_MS)
