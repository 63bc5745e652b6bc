"""The parent stops the allowance while the till is asking them about a sale.

Found using the demo: the till kept "Asking Mei…", the parent's card still offered "Allow
this once", the tablet counted down; a "yes" then was settled as a decline (the allowance
was stopped), yet the parent's Activity read "you allowed it once; paid ¥52.00" and the
tablet later said "No answer from Mei". Now stopping the allowance is the parent's answer:
the question is refused at once, everywhere; and a "yes" whose sale was declined when it
was settled never reads as paid. Real server, real widgets.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kinpay import schemas
from kinpay.client import Client, new_idempotency_key
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, ask_at_till, parent_and_tablet
from wallet_app.asking import child_status_text, payer_status_text
from wallet_app.delegate.sync import asked_when_ended
from wallet_app.payer.approvals import approval_lines
from wallet_app.payer.dialogs import ConfirmRevoke

pytestmark = pytest.mark.gui

OVER = 6_000  # the form's default limit for one payment is ¥50.00


def test_stopping_the_allowance_answers_the_question_no(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    _parent, payer, kid = parent_and_tablet(qtbot, make_window, sqlite_world, (520, 900))
    with Client(sqlite_world["server_url"], token=sqlite_world["merchant"]["api_key"]) as till:
        asked = ask_at_till(qtbot, till, kid, payer, OVER)
        qtbot.waitUntil(lambda: kid.asking.isVisible()
                        and kid.asking.title.text() == "Asking Mei…", timeout=WAIT_MS)
        grant_id = asked.grant_id
        qtbot.waitUntil(lambda: asked.id in payer.approvals.panel.cards, timeout=WAIT_MS)
        payer.confirm_revoke(grant_id)
        dialog = payer.dialog
        assert isinstance(dialog, ConfirmRevoke)
        # The dialog says what it does to the question (live use: it covered the card and
        # said nothing of it).
        said = [label.text() for label in dialog.findChildren(QLabel)]
        assert "Corner Shop is asking you about ¥60.00 right now: stopping says no to it." \
            in said
        qtbot.mouseClick(dialog.stop, Qt.MouseButton.LeftButton)

        # The till's next look: refused; the parent's card goes; the tablet says no.
        qtbot.waitUntil(lambda: till.approval(asked.id).status == "refused", timeout=WAIT_MS)
        qtbot.waitUntil(lambda: asked.id not in payer.approvals.panel.cards, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: kid.asking.title.text() == "Mei said no", timeout=WAIT_MS)
        assert kid.asking.line.text() == "¥60.00 at Corner Shop wasn't paid."
        qtbot.waitUntil(lambda: "Lily's question: you said no" in [
            line.title for line in payer.activity.lines], timeout=WAIT_MS)
        # A "yes" now changes nothing, and nothing is paid.
        with pytest.raises(Exception) as late:
            payer.session.client.answer_approval(asked.id, allow=True)
        assert getattr(late.value, "code", "") == "approval_refused"
        assert till.approval(asked.id).status == "refused"


def test_a_yes_settled_as_a_decline_never_reads_as_paid() -> None:
    """A question allowed, then completed when the allowance had ended (settled declined):
    the parent's and the child's words say it wasn't paid (each wording written here)."""
    base = {
        "id": "a1", "payment_id": "p1", "reason": "limit_per_payment", "needs": [],
        "amount": 5_200, "currency": "CNY", "items": [], "merchant": {"name": "Corner Shop"},
        "terminal_id": "t1", "payer": {"name": "mei"}, "delegate": {"name": "lily"},
        "grant_id": "g1", "created_at": 1, "expires_at": 100, "answered_at": 2,
        "completed_payment_id": "p2", "now": 3, "status": "used",
    }
    paid = schemas.Approval.model_validate({**base, "completed_status": "approved"})
    unpaid = schemas.Approval.model_validate({**base, "completed_status": "declined",
                                              "completed_decline_code": "grant_revoked"})
    assert payer_status_text(paid) == "you allowed it once; paid"
    assert payer_status_text(unpaid) == "you allowed it once; it wasn't paid"
    assert child_status_text(paid) == ("Mei said yes", "¥52.00 at Corner Shop is paid.")
    # Found live: "Mei said yes" as the headline over "wasn't paid" read as paid.
    assert child_status_text(unpaid) == (
        "Not paid", "Mei said yes, but ¥52.00 at Corner Shop wasn't paid.")


def _allowed_stopped_then_completed(till: Client, kid: Any, payer: Any) -> schemas.Approval:
    """A sale over the limit asked about, allowed, the allowance stopped, then completed
    by the till: declined (the allowance had stopped). The question, as asked."""
    assert kid.source is not None and kid.source.frame is not None
    key = new_idempotency_key()
    declined, _ = till.pay(kid.source.frame.code, OVER, "CNY", idempotency_key=key)
    asked = till.ask(declined.id)
    api = payer.session.client
    assert api.answer_approval(asked.id, allow=True).status == "allowed"
    api.revoke_grant(asked.grant_id)
    settled, _ = till.complete_approval(asked.id, OVER, "CNY", idempotency_key=key)
    assert (settled.status, settled.decline_code) == ("declined", "grant_revoked")
    return asked


def test_the_server_says_how_a_used_question_was_settled(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    """Allowed, the allowance stopped, then the till completes: declined, and the
    approval says so (it said only "used")."""
    _parent, payer, kid = parent_and_tablet(qtbot, make_window, sqlite_world, (520, 900))
    with Client(sqlite_world["server_url"], token=sqlite_world["merchant"]["api_key"]) as till:
        asked = _allowed_stopped_then_completed(till, kid, payer)
        used = till.approval(asked.id)
        assert (used.status, used.completed_status, used.completed_decline_code) == (
            "used", "declined", "grant_revoked")
        qtbot.waitUntil(lambda: "Lily's question: you allowed it once; it wasn't paid" in [
            line.title for line in payer.activity.lines], timeout=WAIT_MS)
        # The tablet stopped hearing of it with its allowance: it says what it knows.
        assert kid.asking.title.text() == "Your spending money has stopped"
        assert kid.asking.line.text() == "¥60.00 at Corner Shop wasn't paid."


def test_a_closed_question_keeps_its_time_on_every_reading() -> None:
    """Found in live use: "no answer in time" showed 06:52, then 06:56 after a restart (the
    server's time of reading), below a later payment. Each close has its own time now."""
    base = {
        "id": "a1", "payment_id": "p1", "reason": "limit_per_payment", "needs": [],
        "amount": 5_200, "currency": "CNY", "items": [], "merchant": {"name": "Corner Shop"},
        "terminal_id": "t1", "payer": {"name": "mei"}, "delegate": {"name": "lily"},
        "grant_id": "g1", "created_at": 1_000, "expires_at": 1_120,
    }
    for status, answered, expected in (("expired", None, 1_120), ("refused", 1_050, 1_050),
                                       ("used", 1_030, 1_030), ("cancelled", None, 1_000)):
        times = set()
        for read_at in (1_200, 9_999):  # read when it closed, and again much later
            a = schemas.Approval.model_validate(
                {**base, "status": status, "answered_at": answered, "now": read_at})
            (_asked, answer) = approval_lines(a)
            times.add(answer.at_s)
        assert times == {expected}, status


def _stream_late(kid: Any) -> Any:
    """The tablet's link with its event stream silenced: it stands for a stream whose
    events have not come yet when the tablet reads its grant (a CI run: the question's
    events came after the grant read said "stopped", and were never heard)."""
    link = kid.link
    assert link is not None
    link._events.stop()
    return link


def test_a_tablet_that_hears_of_the_stop_first_still_says_the_question_was_not_paid(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    """Asked, allowed, the allowance stopped, the till completes (declined): the tablet,
    its stream late, learns of the stop from its grant, and says what the stop did to the
    question, not the first decline's "Not paid … one payment" or nothing."""
    _parent, payer, kid = parent_and_tablet(qtbot, make_window, sqlite_world, (520, 900))
    with Client(sqlite_world["server_url"], token=sqlite_world["merchant"]["api_key"]) as till:
        link = _stream_late(kid)
        _allowed_stopped_then_completed(till, kid, payer)
        link.refresh()
        qtbot.waitUntil(lambda: kid.asking.isVisible() and kid.asking.title.text()
                        == "Your spending money has stopped", timeout=WAIT_MS)
        assert kid.asking.line.text() == "¥60.00 at Corner Shop wasn't paid."
        assert kid.ended_status == "revoked"


def test_a_tablet_that_hears_of_the_stop_first_says_the_parent_said_no(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    """A question waiting when the parent stops the allowance is answered no by the stop:
    a tablet whose stream is late says so too."""
    _parent, payer, kid = parent_and_tablet(qtbot, make_window, sqlite_world, (520, 900))
    with Client(sqlite_world["server_url"], token=sqlite_world["merchant"]["api_key"]) as till:
        assert kid.source is not None and kid.source.frame is not None
        link = _stream_late(kid)
        declined, _ = till.pay(kid.source.frame.code, OVER, "CNY",
                               idempotency_key=new_idempotency_key())
        asked = till.ask(declined.id)
        payer.session.client.revoke_grant(asked.grant_id)
        assert till.approval(asked.id).status == "refused"
        link.refresh()
        qtbot.waitUntil(lambda: kid.asking.isVisible()
                        and kid.asking.title.text() == "Mei said no", timeout=WAIT_MS)
        assert kid.asking.line.text() == "¥60.00 at Corner Shop wasn't paid."


def test_only_a_question_open_when_the_allowance_ended_is_told_again() -> None:
    """`asked_when_ended`: a question closed before the end (heard of then), one of another
    allowance, and one whose time is over are not shown again; each case's answer is
    written here."""
    base = {
        "payment_id": "p1", "reason": "limit_per_payment", "needs": [],
        "amount": 6_000, "currency": "CNY", "items": [], "merchant": {"name": "Corner Shop"},
        "terminal_id": "t1", "payer": {"name": "mei"}, "delegate": {"name": "lily"},
        "grant_id": "g1", "created_at": 1_000, "expires_at": 1_120, "now": 1_060,
    }

    def approval(**over: Any) -> schemas.Approval:
        return schemas.Approval.model_validate({**base, "id": "a1", **over})

    a = approval(status="allowed", answered_at=1_030)
    ended = 1_050
    assert asked_when_ended("g1", ended, [a], None) == a
    assert asked_when_ended("g1", None, [a], None) is None  # not ended
    assert asked_when_ended("g2", ended, [a], None) is None  # another allowance's
    assert asked_when_ended("g1", ended, [a], 1_120) is None  # its time is over
    waiting = approval(status="pending")
    assert asked_when_ended("g1", ended, [waiting], 1_060) == waiting
    # Refused by the stop (answered when it ended) is told; a "no" before it was heard then.
    by_stop = approval(status="refused", answered_at=ended)
    assert asked_when_ended("g1", ended, [by_stop], None) == by_stop
    assert asked_when_ended("g1", ended, [approval(status="refused", answered_at=1_040)],
                            None) is None
    # Completed after the stop (declined: the allowance had stopped): as it stood then.
    used = approval(status="used", answered_at=1_030, completed_payment_id="p2",
                    completed_status="declined", completed_decline_code="grant_revoked")
    told = asked_when_ended("g1", ended, [used], None)
    assert told is not None and (told.id, told.status) == ("a1", "allowed")
    paid = approval(status="used", answered_at=1_030, completed_payment_id="p2",
                    completed_status="approved")
    assert asked_when_ended("g1", ended, [paid], None) is None  # paid before the stop
    # Asked after the end (refused at once), and the newest of several is the one told.
    assert asked_when_ended("g1", ended, [approval(status="pending", created_at=1_051)],
                            None) is None
    older = approval(status="pending", created_at=990)
    assert asked_when_ended("g1", ended, [older, waiting], 1_060) == waiting
