"""Signing out while the parent's app still waits for an answer from the server.

Found in a CI run: a read started just before "Sign out" (what the server offers) came
back after the parent's pages were gone, and its handler touched a deleted button (a
RuntimeError in Qt's event loop). Answers that come after sign-out are now dropped with
the session that asked. Real server, real widgets; pytest-qt fails the test on any
exception raised in the event loop.
"""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, parent_signed_in

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("reads", [1, 4])
def test_answers_that_come_after_sign_out_are_dropped(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any], reads: int
) -> None:
    shell = parent_signed_in(qtbot, make_window, sqlite_world)
    window = shell.window()
    session = shell.session
    for _ in range(reads):  # reads on their way as the parent taps "Sign out"
        session.load_config()
        session.refresh()
        session.load_history()
    window.sign_out()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.sign_in,  # type: ignore[attr-defined]
                    timeout=WAIT_MS)
    qtbot.wait(1_500)  # every answer has come by now, and was dropped
    assert window.payer is None  # type: ignore[attr-defined]
