"""Refunds: choose one of today's approved payments, give back all of it or part.

The cashier confirms each refund (amount and who gets it) before it is sent. Its
idempotency key is written to the terminal's journal *before* it is sent, so a refund
whose answer never came is sent again with the same key, after a closed dialog or a
restart, and is never paid twice: while one is unanswered, it is the one sent. A payment
refunded in full leaves the list. The manager's PIN guards this screen (pos_app.manager).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLineEdit

from kinpay.client import Client
from kinpay.errors import AmountError, TransportError
from kinpay.money import format_minor
from kinpay.names import display_name
from pos_app import report, words
from pos_app.core import asked, refunds
from pos_app.core.amounts import read_amount
from pos_app.core.errors import CommaError
from pos_app.core.store import SaleRow, Store, now_s
from pos_app.ops import Op
from pos_app.widgets import theme
from pos_app.widgets.dialogs import (
    DialogHost,
    close_row,
    dialog,
    fill_sales_table,
    fit,
    sales_table,
)
from pos_app.widgets.keypad import arming, button, plain_label

translate = QCoreApplication.translate

Connect = Callable[[], Client]  # a client to the server with the settings in force

# How far back the till offers refunds: a purchase brought back the next morning, or a week
# later, is refunded at the till (the server takes a refund of any of the shop's payments).
REFUND_DAYS = 30


def refundable(store: Store) -> list[SaleRow]:
    """The payments of the last REFUND_DAYS days with something left to give back, newest
    first (today's alone left a sale made at 23:50 unrefundable at 00:10)."""
    since = report.start_of_day() - REFUND_DAYS * 86_400
    return asked.mark(store, [r for r in store.since(since)
                              if r.refundable_minor + r.other_refundable_minor > 0])


def _send(connect: Connect, payment_id: str, minor: int, key: str, other: int = 0) -> Any:
    with refunds.sending(key), connect() as client:  # the link thread leaves it meanwhile
        return client.refund(payment_id, minor, idempotency_key=key, other_amount=other)


class RefundScreen:
    """The refund dialog's widgets and what its buttons do."""

    def __init__(self, host: DialogHost, store: Store, connect: Connect,
                 key: str | None) -> None:
        self.store = store
        self.connect = connect
        self.dlg, lay = dialog(host, translate("Refund", "Refund"), "refund")
        lay.addWidget(plain_label(translate(
            "Refund", "Choose the payment, then refund all of it or type a part.")))
        self.rows = refundable(store)
        self.table = sales_table(self.rows, "refund_table", translate("Refund", "Refund"))
        lay.addWidget(self.table, 1)
        amount_row = QHBoxLayout()
        amount_label = plain_label(translate("Refund", "Amount to refund"))
        amount_row.addWidget(amount_label)
        self.amount = QLineEdit()
        self.amount.setObjectName("refund_amount")
        amount_label.setBuddy(self.amount)  # each label names its field to a screen reader
        amount_row.addWidget(self.amount, 1)
        # A split sale: what the cashier gives back in cash or to the card, beside what goes
        # back to the allowance; each at most what that tender paid.
        self.other_label = plain_label(translate("Refund", "Give back in cash or to the card"))
        amount_row.addWidget(self.other_label)
        self.other = QLineEdit()
        self.other.setObjectName("refund_other")
        self.other_label.setBuddy(self.other)
        amount_row.addWidget(self.other, 1)
        lay.addLayout(amount_row)
        self.note = plain_label("", "refund_note")
        self.note.setWordWrap(True)
        lay.addWidget(self.note)
        self.asked: tuple[SaleRow, int] | None = None  # waiting for the cashier's "yes"
        self.asked_other = 0  # a split sale's cash or card part of the asked refund
        self.full = button(translate("Refund", "Refund all"), "primary", "refund_full")
        self.full.clicked.connect(lambda: self.request(True))
        self.part = button(translate("Refund", "Refund this amount"), None, "refund_part")
        self.part.clicked.connect(lambda: self.request(False))
        self.confirm = button(translate("Refund", "Yes, refund"), "danger", "refund_confirm")
        self.confirm.clicked.connect(self.send)
        self.arming = arming(self.confirm, self.dlg)
        self.cancel = button(translate("Refund", "No"), None, "refund_cancel")
        self.cancel.clicked.connect(self.on_select)
        self.table.itemSelectionChanged.connect(self.on_select)
        for field in (self.amount, self.other):
            field.textEdited.connect(self.edited)
            field.returnPressed.connect(self.enter)
        lay.addLayout(close_row(self.dlg, self.full, self.part, self.confirm,
                                        self.cancel))
        self.ask(False)
        if self.rows:
            self.table.selectRow(next((i for i, r in enumerate(self.rows) if r.key == key), 0))
        else:
            self.say(translate("Refund", "No payment of the last {days} days can be "
                                         "refunded.").format(days=REFUND_DAYS), False)

    def selected(self) -> SaleRow | None:
        index = self.table.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def say(self, text: str, good: bool | None) -> None:
        self.note.setText(text)
        self.note.setStyleSheet("" if good is None else
                                f"color: {theme.GOOD if good else theme.BAD}; font-weight: 700;")

    def ask(self, show: bool) -> None:
        question, asking = (self.confirm, self.cancel), (self.full, self.part)
        gone, shown = (asking, question) if show else (question, asking)
        # Those that go first: the four side by side for a moment raised the dialog's least
        # width, and it stayed that wide (at 1024x768, 883 px, Close off the screen; live
        # QA 36 §4).
        for b in (*gone, *shown):
            b.setVisible(b in shown)
        self.confirm.setEnabled(False)
        if show:
            self.arming.start()
        else:
            self.arming.stop()
            self.asked = None

    def on_select(self) -> None:
        self.ask(False)
        self.lead(False)
        r = self.selected()
        split = r is not None and r.sale_total is not None
        self.other_label.setVisible(split)
        self.other.setVisible(split)
        if r is not None:
            self.amount.setText(format_minor(r.refundable_minor, r.currency, symbol=False))
            self.other.setText(format_minor(r.other_refundable_minor, r.currency, symbol=False))
            self.say_limits(r)
        else:
            self.amount.clear()
            self.other.clear()

    def enter(self) -> None:
        """Enter in an amount field: "Refund this amount", as its button (the question, then
        "Yes" pressed on purpose); nothing while a question stands. Enter did nothing, with
        "Refund all" drawn as the default."""
        if self.asked is None:
            self.request(False)

    def lead(self, part: bool) -> None:
        """The button drawn as the default: "Refund this amount" once an amount is typed
        (Enter does that), "Refund all" otherwise."""
        for b, primary in ((self.part, part), (self.full, not part)):
            b.setProperty("role", "primary" if primary else None)
            b.style().unpolish(b)
            b.style().polish(b)

    def edited(self) -> None:
        """The cashier changed an amount while the question stood: the question was about
        the old amount, so it goes (a "Yes" would have refunded what it named, not what the
        field now says); they ask again with the new one."""
        self.lead(True)
        r = self.selected()
        if self.asked is None or r is None:
            return
        self.ask(False)
        self.say_limits(r)

    def say_limits(self, r: SaleRow) -> None:
        if r.sale_total is None:
            self.say(translate("Refund", "Up to {amount} can be refunded.").format(
                amount=format_minor(r.refundable_minor, r.currency)), None)
        else:
            self.say(translate("Refund", "To the allowance: up to {code}. In cash or to "
                                         "the card: up to {other}.").format(
                code=format_minor(r.refundable_minor, r.currency),
                other=format_minor(r.other_refundable_minor, r.currency)), None)

    def reload(self, select_key: str | None) -> None:
        self.rows[:] = refundable(self.store)
        fill_sales_table(self.table, self.rows)
        index = next((i for i, r in enumerate(self.rows) if r.key == select_key), -1)
        if index >= 0:
            self.table.selectRow(index)
        else:
            # The payment refunded in full is gone from the list: nothing is chosen, and
            # the form says so (a split sale's cash-or-card field stayed, "7.00" in it, and
            # "Refund this amount" then said to choose a payment).
            self.table.clearSelection()
            self.table.setCurrentCell(-1, -1)
            self.on_select()

    def request(self, whole: bool) -> None:
        r = self.selected()
        if r is None:
            self.say(translate("Refund", "Choose a payment first."), False)
            return
        if r.sale_total is not None:
            self.request_split(r, whole)
            return
        try:
            minor = r.refundable_minor if whole else read_amount(self.amount.text(), r.currency)
        except (AmountError, CommaError) as error:
            self.say(words.amount_refused(error, translate(
                "Refund", "That amount can't be used: type it like 12.50.")), False)
            return
        if not 0 < minor <= r.refundable_minor:
            self.say(translate("Refund", "Refund between {low} and {high}.").format(
                low=format_minor(1, r.currency),
                high=format_minor(r.refundable_minor, r.currency)), False)
            return
        self.ask(True)
        self.asked = (r, minor)
        # The money goes back to the payer's account, not to the child at the counter: the
        # question says so, as the answer does ("…to the ¥12.00 payment to Lily?" read as
        # cash for Lily).
        self.say(words.sentences((
            translate("Refund", "Refund {amount} of {name}'s {total} payment to {payer}'s "
                                "account? It can't be undone.") if r.delegate and r.payer else
            translate("Refund", "Refund {amount} of the {total} payment to the customer? It "
                                "can't be undone.")).format(
            amount=format_minor(minor, r.currency), total=format_minor(r.amount, r.currency),
            name=display_name(r.delegate or ""), payer=display_name(r.payer or "")),
            already_text(r)), None)

    def request_split(self, r: SaleRow, whole: bool) -> None:
        """A split sale: each tender goes back where it came from, at most what it paid."""
        try:
            code = r.refundable_minor if whole else read_amount(self.amount.text() or "0",
                                                                r.currency)
            other = r.other_refundable_minor if whole else read_amount(
                self.other.text() or "0", r.currency)
        except (AmountError, CommaError) as error:
            self.say(words.amount_refused(error, translate(
                "Refund", "That amount can't be used: type it like 12.50.")), False)
            return
        if not (0 <= code <= r.refundable_minor and 0 <= other <= r.other_refundable_minor
                and code + other > 0):
            self.say(translate("Refund", "Each part gives back at most what it paid: {code} "
                                         "to the allowance, {other} in cash or to the card."
                               ).format(
                code=format_minor(r.refundable_minor, r.currency),
                other=format_minor(r.other_refundable_minor, r.currency)), False)
            return
        self.ask(True)
        self.asked = (r, code)
        self.asked_other = other
        self.say(translate("Refund", "Refund: {text}? It can't be undone.").format(
            text=split_refund_text(r, code, other)), None)

    def send(self) -> None:
        if self.asked is None:
            return
        r, minor = self.asked
        other = self.asked_other if r.sale_total is not None else 0
        self.ask(False)
        # Journalled before it is sent (pos_app.core.refunds): an unanswered refund of
        # this payment goes first, with its own key and amount.
        todo = refunds.next_refund(self.store, r, minor, now_s=now_s(), other_minor=other)
        idem, minor, other = todo.key, todo.amount_minor, todo.other_minor
        if r.sale_total is not None:
            self.say(translate("Refund", "Sending the refund…"), True)
            Op(lambda: _send(self.connect, str(r.payment_id), minor, idem, other)).success(
                lambda result: self.done_split(r, minor, other, idem, result)).failure(
                lambda exc: self.failed(r, idem, exc)).run()
            return
        self.say(translate("Refund", "Sending the unanswered refund of {amount} again…").format(
            amount=format_minor(minor, r.currency)) if todo.again
            else translate("Refund", "Sending the refund…"), True)
        Op(lambda: _send(self.connect, str(r.payment_id), minor, idem)).success(
            lambda result: self.done(r, minor, idem, result)).failure(
            lambda exc: self.failed(r, idem, exc)).run()

    def done(self, r: SaleRow, minor: int, idem: str, result: Any) -> None:
        self.done_split(r, minor, 0, idem, result)

    def done_split(self, r: SaleRow, minor: int, other: int, idem: str, result: Any) -> None:
        # Recorded as the till's own retry records it: what the server says was given back
        # in all, and what the till remembered of the allowance forgotten (live QA 36 §3).
        refunds.record_answer(self.store, key=idem, sale_key=r.key, result=result,
                              now_s=now_s())
        self.reload(r.key)
        self.say(done_text(r, minor, other), True)
        self.dlg.setProperty("refunded", minor + other)

    def failed(self, r: SaleRow, idem: str, exc: Exception) -> None:
        refusal = refunds.after_failure(self.store, idem, exc)
        if refusal is None and self.store.pending_refund(r.key) is None:
            # The link thread sent it again meanwhile and had the answer: it is done.
            self.reload(r.key)
            self.say(translate("Refund", "The refund went through."), True)
            return
        if refusal is None:
            # Live QA 36 §1 and §16: it read "Press Refund again" alone, the till offline,
            # and nothing else ever sent it; the server had done it when the link came back.
            self.say(words.sentences(
                translate("Refund", "The refund is not confirmed: no answer from the server "
                                    "(the till is offline or the link is down).")
                if isinstance(exc, TransportError) else
                translate("Refund", "The refund is not confirmed: the server could not "
                                    "answer."),
                translate("Refund", "The till sends it again by itself, with the same key, "
                                    "when the link is back, so it is never paid twice; Today "
                                    "and End of day show it as not confirmed until then.")),
                False)
            return
        self.say(translate("Refund", "The server refused the refund: {reason}").format(
            reason=words.error_text(refusal.code)), False)


def already_text(r: SaleRow) -> str:
    """What refunds of the payment gave back already, asked again ("" if none): the till
    sends an unanswered refund again by itself, so a cashier who was told "not confirmed"
    reads that it went through before asking for it twice (live QA 36 §1)."""
    if not r.refunded:
        return ""
    return translate("Refund", "{amount} of it was refunded already.").format(
        amount=format_minor(r.refunded, r.currency))


def done_text(r: SaleRow, code: int, other: int) -> str:
    """A refund done, in one wording for every sale (live test 34 §10: a split sale's read
    "Done: ¥11.00 back to the allowance." and a plain one's "Refunded ¥6.00 to Mei's
    account…"): what went back to the payer's account, then what the cashier hands back.
    The code's money goes back through the ledger: saying "give it back" of it had tills
    paying twice."""
    account = ""
    if code:
        account = (translate("Refund", "Refunded {amount} to {payer}'s account; the allowance "
                                       "is restored.") if r.payer else
                   translate("Refund", "Refunded {amount} to the parent's account; the "
                                       "allowance is restored.")).format(
            amount=format_minor(code, r.currency), payer=display_name(r.payer or ""))
    if not other:
        hand = translate("Refund", "Nothing to hand back in cash.")
    elif r.other_minor("card") and not r.other_minor("cash"):
        hand = translate("Refund", "Give back {amount} to the card.").format(
            amount=format_minor(other, r.currency))
    else:
        hand = translate("Refund", "Give back {amount} in cash.").format(
            amount=format_minor(other, r.currency))
    return words.sentences(account, hand)


def split_refund_text(r: SaleRow, code: int, other: int) -> str:
    """What a refund of a split sale does, tender by tender, in the cashier's words."""
    parts = []
    if code:
        parts.append(translate("Refund", "{amount} back to the allowance").format(
            amount=format_minor(code, r.currency)))
    if other:
        text = (translate("Refund", "give back {amount} to the card")
                if r.other_minor("card") and not r.other_minor("cash")
                else translate("Refund", "give back {amount} in cash"))
        parts.append(text.format(amount=format_minor(other, r.currency)))
    return translate("Refund", "; ").join(parts)


def open_refund(host: DialogHost, store: Store, connect: Connect, key: str | None) -> QDialog:
    """The refund dialog, `key`'s payment chosen (if it can still be refunded)."""
    screen = RefundScreen(host, store, connect, key)
    screen.dlg.setProperty("screen", screen)  # the dialog keeps its handlers alive
    fit(screen.dlg, host, 1100, 640)
    screen.dlg.open()
    return screen.dlg
