"""The "Asking Mei…" card while the link is down (live QA 36 §16).

Live: the link went while the till asked Mei; the card went on counting down "Mei gets the
question on their phone…" while the status bar said Offline, and Mei's Allow could not reach
the server. Now the card says the link is down and that Mei's answer arrives when it is
back; once it is back, it says what it said, and Mei's answer completes the sale. Real
window, real server (stopped and started again)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kinpay.client import Client
from tests.pos.conftest import Tablet
from tests.pos.test_ask import decline_and_ask, payer_answers
from tests.pos.test_terminal import wait_result

pytestmark = pytest.mark.gui

DOWN = ("The link to the server is down: Mei's answer arrives here when it is back. Nothing "
        "is charged until then.")
WAITING = ("Mei gets the question on their phone. The sale completes here when they allow "
           "it.")


def says(window: Any, text: str) -> Callable[[], None]:
    def check() -> None:
        shown = window.ask_card.detail.text()
        assert shown == text, f"the asking card says {shown!r} (online: {window.online})"
    return check


def asked(world: dict[str, Any]) -> Callable[[], bool]:
    """The question is on the server: Mei sees it pending."""
    def check() -> bool:
        with Client(world["server_url"], token=world["payer"]["token"]) as payer:
            return any(a.status == "pending" for a in payer.approvals())
    return check


def test_the_asking_card_says_the_link_is_down(
        terminal: Any, qtbot: Any, sqlite_server: Any, sqlite_world: dict[str, Any],
        tablet: Tablet) -> None:
    window = terminal()
    qtbot.waitUntil(lambda: window.online is True, timeout=10_000)
    decline_and_ask(qtbot, window, tablet)
    # Each waited for, bounded (a loaded machine's link check may miss a tick): the words
    # follow the link as the till last heard it.
    qtbot.waitUntil(says(window, WAITING), timeout=10_000)
    # The link goes once the question is asked: on a loaded machine the card was up before
    # the asking thread had sent it, and a question the server never got closes at once
    # ("can't reach the server"), as it should.
    qtbot.waitUntil(asked(sqlite_world), timeout=10_000)
    sqlite_server.stop()
    qtbot.waitUntil(lambda: window.online is False, timeout=10_000)
    assert window.state == "asking"
    qtbot.waitUntil(says(window, DOWN), timeout=5_000)
    sqlite_server.start()
    qtbot.waitUntil(lambda: window.online is True, timeout=15_000)
    qtbot.waitUntil(says(window, WAITING), timeout=5_000)
    qtbot.waitUntil(payer_answers(sqlite_world, allow=True), timeout=10_000)
    wait_result(qtbot, window, "approved")
