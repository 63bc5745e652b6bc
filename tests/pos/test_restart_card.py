"""A till stopped in the middle of a sale says on start what became of it (live test 33 §5,
§4): an offline sale accepted and queued showed nowhere but Today's list (the cashier might
charge the child again); a declined one showed nothing; a question to the payer left open
could still be allowed, the child told "it's being paid", and nothing was ever charged.

The till is stopped without closing the sale's card (its threads stopped, the window left
as it was), and started again on the same data folder, as after kill -9: the journal is
all the new till has. Real server, real journal, real window."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kinpay.client import Client
from pos_app.core import in_hand
from tests.pos.conftest import Tablet
from tests.pos.test_ask import decline_and_ask
from tests.pos.test_terminal import charge_by_wedge, type_amount, wait_result

pytestmark = pytest.mark.gui


def _stopped(window: Any) -> Any:
    """The till dies with the sale on screen: no card closed, no question cancelled. Gives
    its asking thread's control (or None), for the test to end that thread when done: a
    dead till's thread would otherwise poll on into later tests, its sockets left open."""
    control = window.ask_control
    window.ask_control = None  # nobody left to cancel it
    window.shutdown()
    return control


def _card(window: Any) -> str:
    assert window.state == "result" and window.result.kind == "restarted"
    assert window.result.title.text() == "Before the till restarted"
    return window.result.detail.text()


def test_an_offline_sale_queued_before_a_crash_is_on_the_card(
        terminal: Any, qtbot: Any, sqlite_server: Any, tablet: Tablet, tmp_path: Path,
        shot: Any) -> None:
    folder = tmp_path / "till"
    window = terminal(data=folder, floor_limit_minor=2000)
    qtbot.waitUntil(lambda: window.online is True and bool(window.cache.keys), timeout=10_000)
    sqlite_server.stop()
    qtbot.waitUntil(lambda: window.online is False, timeout=10_000)
    type_amount(qtbot, window, "600")
    charge_by_wedge(qtbot, window, tablet.code())
    wait_result(qtbot, window, "offline_approved")
    _stopped(window)

    window = terminal(data=folder, floor_limit_minor=2000)
    detail = _card(window)
    assert "¥6.00 at " in detail
    assert "accepted offline and queued" in detail and "Don't charge again." in detail
    assert window.sale.empty
    shot(window, "restart-queued")
    qtbot.keyClick(window, Qt.Key.Key_Return)  # dismissed: the till is ready for a sale
    assert window.state == "entry" and not window.result.isVisible()
    window.shutdown()
    window = terminal(data=folder, floor_limit_minor=2000)
    assert window.state == "entry"  # told once: nothing is left to tell


def test_a_declined_sale_says_not_charged_and_why(
        terminal: Any, qtbot: Any, tablet: Tablet, tmp_path: Path) -> None:
    folder = tmp_path / "till"
    window = terminal(data=folder)
    type_amount(qtbot, window, "6000")
    charge_by_wedge(qtbot, window, tablet.code())
    wait_result(qtbot, window, "declined")
    _stopped(window)
    window = terminal(data=folder)
    assert _card(window).endswith("not charged. This is more than one payment may be. "
                                  "The same payment would be declined again: ask for another "
                                  "way to pay.")


def test_an_open_question_is_cancelled_on_the_server_and_said(
        terminal: Any, qtbot: Any, tablet: Tablet, tmp_path: Path,
        sqlite_world: dict[str, Any], shot: Any) -> None:
    folder = tmp_path / "till"
    window = terminal(data=folder)
    decline_and_ask(qtbot, window, tablet)
    with Client(sqlite_world["server_url"], token=sqlite_world["payer"]["token"]) as payer:
        qtbot.waitUntil(lambda: any(a.status == "pending" for a in payer.approvals()),
                        timeout=10_000)
        # And the till has written it down (its answer may reach the payer first: a fresh
        # clone's run under load stopped the till before, and nothing was left to cancel).
        qtbot.waitUntil(lambda: (h := in_hand.held(window.store)) is not None
                        and h.approval_id is not None, timeout=10_000)
        dead = window
        control = _stopped(window)
        window = terminal(data=folder)
        qtbot.waitUntil(lambda: "The question to Mei was cancelled when the till restarted"
                        in _card(window), timeout=30_000)
        assert [a.status for a in payer.approvals()] == ["cancelled"]
    shot(window, "restart-ask-cancelled")
    _end_asking(dead, control)


def _end_asking(dead: Any, control: Any) -> None:
    assert control is not None
    control.cancelled = True  # the dead till's asking thread: ended with the test
    dead.ask_thread.join(30)
    assert not dead.ask_thread.is_alive()


def test_a_till_that_restarts_with_no_server_shows_its_card_while_it_tries_to_cancel(
        terminal: Any, qtbot: Any, tablet: Tablet, tmp_path: Path,
        sqlite_world: dict[str, Any], shot: Any) -> None:
    """The question's cancel went from the GUI thread: with a server that never answered,
    the restarted till showed nothing (not even its window's contents) for the client's
    timeout and one retry. Now the card is there at once and says what it is doing, and
    then that the server couldn't be reached."""
    folder = tmp_path / "till"
    window = terminal(data=folder)
    decline_and_ask(qtbot, window, tablet)
    qtbot.waitUntil(lambda: (h := in_hand.held(window.store)) is not None
                    and h.approval_id is not None, timeout=10_000)
    dead = window
    control = _stopped(window)
    with socket.socket() as hole:  # takes connections (the kernel's backlog), never answers
        hole.bind(("127.0.0.1", 0))
        hole.listen(16)
        window = terminal(data=folder, wait_online=False, timeout_s=3.0,
                          server_url=f"http://127.0.0.1:{hole.getsockname()[1]}")
        assert "Cancelling the question to Mei on the server…" in _card(window)
        assert "¥60.00 at " in _card(window)
        shot(window, "restart-ask-cancelling")
        qtbot.waitUntil(lambda: "couldn't reach the server to cancel the question to Mei"
                        in _card(window), timeout=30_000)
    with Client(sqlite_world["server_url"], token=sqlite_world["payer"]["token"]) as payer:
        assert [a.status for a in payer.approvals()] == ["pending"]  # it ends by itself
    _end_asking(dead, control)
