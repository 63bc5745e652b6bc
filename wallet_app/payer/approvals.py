"""The parent's side of asking at the till (issue 15 §1): a question arrives, the wallet
shows it at once (an in-window card, always, and a desktop notification where there is a
tray), with **Allow this once** and **Say no**; the activity lists each question and its
answer.

`PayerApprovals` wires it into the payer's window: it listens to the session's events,
keeps the cards of open questions (each with its countdown) and answers through the
session (off the GUI thread). It decides nothing: the server binds and settles.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, QTimer, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kinpay import schemas
from kinpay.errors import ApiError
from kinpay.money import format_minor
from wallet_app import ui
from wallet_app.asking import (
    approval_of,
    items_text,
    needs_text,
    payer_status_text,
    question,
    translate,
    unpaid_yes,
)
from wallet_app.flow import flow
from wallet_app.payer.activity import Line
from wallet_app.words import failure_text

if TYPE_CHECKING:
    from wallet_app.payer.window import PayerShell

log = logging.getLogger("kinpay.wallet")
MAX_OPEN = 5  # cards shown at once; the server holds at most 3 waiting per child
LOADED = 30  # questions read at sign-in, for the activity


# How far a question has gone: a status never goes back (pending → allowed → used; the
# other ends close it), so an older one, from a replayed event, never shows over a newer.
_STEP = {"pending": 0, "allowed": 1, "used": 2, "refused": 2, "expired": 2, "cancelled": 2}


def allow_words(a: schemas.Approval) -> str:
    """"Allow Lily ¥5.00 at Corner Shop?": what a password typed for "Allow" says yes to."""
    return translate("Asking", "Allow {child} {amount} at {shop}?").format(
        child=ui.display_name(a.delegate.name), amount=format_minor(a.amount, a.currency),
        shop=a.merchant.name)


def answer_time(a: schemas.Approval) -> int:
    """When a question was closed, the same on every reading: the payer's answer, or its
    expiry, or (the shop stopped asking, which keeps no time) when it was asked. It was
    the server's time of reading: a question that went unanswered moved to the time the
    app was next opened, below later payments."""
    if a.answered_at:
        return a.answered_at
    return a.expires_at if a.status == "expired" and a.expires_at else a.created_at


def approval_lines(a: schemas.Approval) -> list[Line]:
    """The activity's lines for a question: the request, and its answer once there is one."""
    who = ui.display_name(a.delegate.name)
    amount = format_minor(a.amount, a.currency)
    shop = a.merchant.name
    # The sum is in the words, not in the amount column: only what was paid stands there
    # (an allowed question beside its payment read as ¥120.00 for one ¥60.00 sale).
    asked = translate("Asking", "{child} asked you at the till").format(child=who)
    where = translate("Asking", "{amount} at {shop} · {need}").format(
        amount=amount, shop=shop, need=needs_text(a))
    lines = [Line(f"approval:{a.id}:asked", asked, where, "", "info", a.created_at)]
    if a.status != "pending":
        tone = "ok" if a.status in ("allowed", "used") and not unpaid_yes(a) else "bad"
        answer = translate("Asking", "{child}'s question: {answer}").format(
            child=who, answer=payer_status_text(a))
        at_shop = translate("Asking", "{amount} at {shop}").format(amount=amount, shop=shop)
        lines.append(Line(f"approval:{a.id}:answer", answer, at_shop, "", tone,
                          answer_time(a)))
    return lines


class RequestCard(ui.Card):
    """One open question: who, where, how much, what, why; the countdown; two buttons."""

    answered = Signal(str, bool)  # approval id, allow

    def __init__(self, approval: schemas.Approval, parent: QWidget | None = None) -> None:
        super().__init__(parent, spacing=6)
        self.setObjectName("approval_card")
        self.approval = approval
        self.deadline = time.monotonic() + max(0, approval.expires_at - approval.now)
        self.title = ui.label(question(approval), "subtitle", wrap=True)
        self.items = ui.label(items_text(approval), "muted", wrap=True)
        self.why = ui.label(needs_text(approval), wrap=True)
        # More than the payer holds: a yes pays nothing unless money is added first.
        self.short = ui.label("", "error", wrap=True)
        self.short.hide()
        self.left = ui.label("", "pill-info")
        self.error = ui.label("", "error", wrap=True)
        self.error.hide()
        self.allow = ui.button(translate("Asking", "Allow this once"), "primary",
                               name="approval_allow")
        self.refuse = ui.button(translate("Asking", "Say no"), "danger", name="approval_refuse")
        self.allow.clicked.connect(lambda: self._answer(True))
        self.refuse.clicked.connect(lambda: self._answer(False))
        for w in (self.title, self.items, self.why, self.short, self.error):
            self.box.addWidget(w)
        if not approval.items:
            self.items.hide()
        # The time left, then the answers at the right; on a phone the answers take the
        # next line (in one line, 350 px).
        self.box.addLayout(flow(self.left, self.refuse, self.allow, stretch_at=1))
        self.tick()

    def show_balance(self, balance: int | None) -> None:
        """The payer's balance in the question's currency (None: not known yet)."""
        a = self.approval
        short = balance is not None and a.amount > balance
        if short:
            self.short.setText(translate(
                "Asking", "That is more than your balance ({balance}): a yes won't pay it "
                "unless you add money first.").format(
                balance=format_minor(balance or 0, a.currency)))
        self.short.setVisible(short)

    def seconds_left(self) -> int:
        return max(0, int(self.deadline - time.monotonic() + 0.999))

    def tick(self) -> None:
        s = self.seconds_left()
        self.left.setText(translate("Asking", "{m}:{s:02d} left").format(m=s // 60, s=s % 60))

    def _answer(self, allow: bool) -> None:
        self.allow.setEnabled(False)
        self.refuse.setEnabled(False)
        self.error.hide()
        self.answered.emit(self.approval.id, allow)

    def failed(self, text: str) -> None:
        self.allow.setEnabled(True)
        self.refuse.setEnabled(True)
        self.error.setText(text)
        self.error.show()


class RequestPanel(QWidget):
    """The open questions, newest first, above the payer's pages."""

    def __init__(self, parent: QWidget | None = None, *, after: QWidget | None = None) -> None:
        """`after`: the control Tab reaches just before the questions (the last tab)."""
        super().__init__(parent)
        self._after = after
        self.setObjectName("approval_panel")
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(16, 8, 16, 0)
        self.box.setSpacing(8)
        self.cards: dict[str, RequestCard] = {}
        # The window's size before the first question made it grow (its minimum height
        # rose): it is given back once no question is left (live QA 36 §8).
        self._size_before: QSize | None = None
        self.hide()

    def add(self, card: RequestCard) -> None:
        if not self.cards:
            self._size_before = self.window().size()
        self.box.insertWidget(0, card)
        self.cards[card.approval.id] = card
        # Tab reaches the newest question's answers first, as they stand: above the page,
        # under the tabs (made after the page, they came after all of its controls).
        if self._after is not None:
            QWidget.setTabOrder(self._after, card.refuse)
            QWidget.setTabOrder(card.refuse, card.allow)
        while len(self.cards) > MAX_OPEN:
            self.remove(next(iter(self.cards)))
        self.show()

    def remove(self, approval_id: str) -> None:
        card = self.cards.pop(approval_id, None)
        if card is not None:
            card.hide()
            card.deleteLater()
        self.setVisible(bool(self.cards))
        if not self.cards and self._size_before is not None:
            QTimer.singleShot(0, self, self._shrink_back)

    def _shrink_back(self) -> None:
        """The window as tall as before the questions, when they made it taller."""
        before, self._size_before = self._size_before, None
        window = self.window()
        if before is None or self.cards or window.height() <= before.height():
            return
        w = self.parentWidget()
        while w is not None:  # their minimum without the panel, now, up to the window
            layout = w.layout()
            if layout is not None:
                layout.invalidate()
                layout.activate()
            w = None if w.isWindow() else w.parentWidget()
        window.resize(window.width(), max(before.height(), window.minimumHeight()))


class PayerApprovals(QObject):
    """Signals: `changed(str id, str status)` after each question is shown or ends."""

    changed = Signal(str, str)

    def __init__(self, shell: PayerShell) -> None:
        super().__init__(shell)
        self.shell = shell
        self.panel = RequestPanel(after=shell.tab_buttons["settings"])
        self.known: dict[str, schemas.Approval] = {}
        self._timer = QTimer(self)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        shell.session.arrived.connect(self.on_event)

    def load(self) -> None:
        """At sign-in: the recent questions (open ones get their card)."""
        self.shell.session.call(lambda c: c.approvals(LOADED), success=self._loaded,
                                failure=lambda e: log.warning("questions not loaded: %s", e),
                                context=self)

    def _loaded(self, approvals: list[schemas.Approval]) -> None:
        for a in reversed(approvals):
            self.show(a, news=False)

    def on_event(self, event: schemas.Event) -> None:
        if event.type != "approval":
            return
        a = approval_of(event.data)
        if a is None:
            log.warning("an approval event that is not one")
            return
        self.show(a, news=event.data.get("kind") == "asked")

    def show(self, a: schemas.Approval, *, news: bool) -> None:
        known = self.known.get(a.id)
        if known is not None and _STEP.get(known.status, 0) > _STEP.get(a.status, 0):
            return  # an older word on it (a replayed event) than the one shown
        self.known[a.id] = a
        for line in approval_lines(a):
            self.shell.activity.replace(line)
        if a.status == "pending" and a.expires_at > a.now:
            if a.id not in self.panel.cards:
                card = RequestCard(a)
                card.answered.connect(self.answer)
                card.show_balance(self.shell.session.balance_in(a.currency))
                self.panel.add(card)
            if news:
                self.shell.notifier.notify(question(a), needs_text(a))
        else:
            self.panel.remove(a.id)
        self.changed.emit(a.id, a.status)

    def show_balances(self) -> None:
        for card in self.panel.cards.values():
            card.show_balance(self.shell.session.balance_in(card.approval.currency))

    def answer(self, approval_id: str, allow: bool) -> None:
        def done(a: schemas.Approval) -> None:
            self.show(a, news=False)

        def failed(exc: Exception) -> None:
            if isinstance(exc, ApiError) and exc.code.startswith("approval_"):
                # Answered elsewhere, expired, or the shop stopped asking: show what it is.
                self.shell.session.call(lambda c: c.approval(approval_id), success=done,
                                        context=self)
                return
            card = self.panel.cards.get(approval_id)
            if card is not None:
                card.failed(translate("Asking", "That didn't go through: {why}").format(
                    why=failure_text(exc)))

        card = self.panel.cards.get(approval_id)
        asking = "" if card is None or not allow else allow_words(card.approval)
        self.shell.session.call(lambda c: c.answer_approval(approval_id, allow=allow),
                                success=done, failure=failed, context=self, asking=asking)

    def _tick(self) -> None:
        for card in list(self.panel.cards.values()):
            card.tick()
            if card.seconds_left() <= 0:
                expired = card.approval.model_copy(update={"status": "expired",
                                                           "now": card.approval.expires_at})
                self.show(expired, news=False)
