"""No widget of the parent's wallet shows as a window of its own.

Found by a helper chasing a wallet that did not end on "quit": the Home page's "Tablet
paired" label was made without a parent and shown before it went into its card's layout,
so for that moment it was a top-level window (on a desktop, a small window flashing at
each first load); shown as the window closed, it cancelled Qt's quit. Folded (older,
stopped) allowances' cards were shown the same way when unfolded. Real window, real server;
every Show of a top-level, non-dialog widget other than the wallet's own window is caught."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from kinpay import schemas
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, payer_signed_in
from wallet_app.payer.home import ENDED_SHOWN

pytestmark = pytest.mark.gui


class StrayWindows(QObject):
    """Every widget shown as a plain top-level window (not a dialog, tooltip, menu or the
    main window): its class and text, if it has one."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Show and isinstance(watched, QWidget)
                and watched.isWindow() and not isinstance(watched, QMainWindow)
                and watched.windowType() == Qt.WindowType.Window):
            text = watched.text() if hasattr(watched, "text") else ""
            self.seen.append(f"{type(watched).__name__} {text!r}")
        return False


def test_the_parents_home_shows_no_widget_as_a_window(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    app = QApplication.instance()
    assert app is not None
    stray = StrayWindows()
    app.installEventFilter(stray)
    try:
        window = make_window("payer", server_url=sqlite_world["server_url"], role="payer")
        shell = payer_signed_in(qtbot, window, sqlite_world)  # lily's tablet is paired
        home = shell.home
        assert home.grant_cards  # lily's card, "Tablet paired" on it
        # Older stopped allowances, unfolded: their cards shown as the home is answered.
        home.show_folded = True
        api = shell.session.client
        for _ in range(ENDED_SHOWN + 1):
            made = api.create_grant(schemas.GrantCreate(
                delegate="lily", limits=schemas.Limits(per_payment=100, daily=200,
                                                       monthly=300)))
            api.revoke_grant(made.id)
        qtbot.waitUntil(lambda: len(home.folded) == 1, timeout=WAIT_MS)
        assert not home.folded[0].isHidden()  # unfolded: shown with the page
    finally:
        app.removeEventFilter(stray)
    assert stray.seen == []
