"""On start, what became of the sale the till was in the middle of when it stopped (live
test 33 §5, §4), mixed into MainWindow: a card the cashier dismisses, from the journal
(pos_app.core.in_hand): "accepted offline, queued: don't charge again", "not charged:
take the payment again"; and a question to the payer no one waits on any more, cancelled
on the server. Also the offline sales the server declined while the till was closed (the
banner). Strings are in the "Restart" translation context.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from kinpay import l10n
from kinpay.client import Client
from kinpay.money import format_minor
from pos_app import words
from pos_app.core import in_hand
from pos_app.core.store import Store
from pos_app.ops import Op
from pos_app.widgets.ask import person
from pos_app.widgets.result import RETRY_DECLINES

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow as _Base

    from pos_app.core.settle import Outcome, SaleRequest
    from pos_app.core.store import SaleRow
    from pos_app.settings import Settings
    from pos_app.widgets.dialogs import Banner
    from pos_app.widgets.result import ResultCard
else:
    _Base = object  # at run time a plain mixin: the window is the one QObject line

translate = QCoreApplication.translate
_CHARGED = ("approved", "queued")


def sale_words(h: in_hand.Held, row: SaleRow | None) -> str:
    """What became of the held sale, by its journal row (None: it was never sent)."""
    amount = format_minor(row.total_minor if row else h.amount, h.currency)
    when = l10n.format_time(h.at)
    status = row.status if row is not None else ""
    if status == "queued":
        text = translate("Restart", "{amount} at {time}: accepted offline and queued, to be "
                                    "sent when the server answers. Don't charge again.")
    elif status == "approved":
        text = translate("Restart", "{amount} at {time}: approved. Don't charge again.")
    elif status == "pending":
        text = translate("Restart", "{amount} at {time}: no answer from the server yet. The "
                                    "till asks again under the same key, never charging "
                                    "twice. Don't charge again until it shows approved or "
                                    "declined.")
    elif status in ("declined", "offline_declined"):
        code = row.decline_code if row else None
        reason = words.decline_parts(code)[0]
        # Only a decline of the code (used, expired) passes with the same payment again; a
        # blocked category or a limit declines it again (live test 34 §14).
        text = (translate("Restart", "{amount} at {time}: not charged. {reason} Take the "
                                     "payment again.") if code in RETRY_DECLINES else
                translate("Restart", "{amount} at {time}: not charged. {reason} The same "
                                     "payment would be declined again: ask for another way "
                                     "to pay."))
        return words.tidy(text.format(amount=amount, time=when, reason=reason))
    else:
        text = translate("Restart", "{amount} at {time}: not sent before the till stopped, "
                                    "so nothing was charged. Take the payment again.")
    return text.format(amount=amount, time=when)


def _close_question(url: str, api_key: str, timeout_s: float, path: Path,
                    h: in_hand.Held) -> str:
    """On a pool thread: its own client and its own connection to the journal."""
    store = Store(path)
    try:
        with Client(url, token=api_key, timeout_s=timeout_s, retries=1) as client:
            return in_hand.close_question(client, store, h)
    finally:
        store.close()


def question_words(outcome: str, payer: str | None) -> str:
    who = person(payer)
    if outcome == "cancelling":
        text = translate("Restart", "Cancelling the question to {payer} on the server…")
    elif outcome == "cancelled":
        text = translate("Restart", "The question to {payer} was cancelled when the till "
                                    "restarted: nothing was charged for it.")
    elif outcome == "paid":
        text = translate("Restart", "{payer} allowed it before the till stopped, and it was "
                                    "paid.")
    else:
        text = translate("Restart", "The till couldn't reach the server to cancel the question "
                                    "to {payer}: a yes to it is never charged, and it ends by "
                                    "itself.")
    return text.format(payer=who)


class Restarted(_Base):
    """Mixed into MainWindow (pos_app/app.py)."""

    store: Store
    settings: Settings
    result: ResultCard
    banner: Banner
    state: str
    current: SaleRequest | None
    shown: Outcome | None
    link_worker: Any
    result_shown: Any
    left_key: str | None = None  # the restart card's sale, while it is shown
    left_note: str = ""

    if TYPE_CHECKING:  # never at run time: the window's own methods must win
        def set_prompt(self, text: str, bad: bool = False, *, passing: bool = False) -> None:
            ...

        def refresh(self) -> None: ...

        def reflow(self) -> None: ...

    def show_left_over(self) -> None:
        """On start: the offline sales declined while closed, and the unfinished sale."""
        unseen = self.store.unseen_declines()
        if unseen:
            self.banner.show_declines(unseen)
            self.reflow()
        h = in_hand.held(self.store)
        if h is None:
            return
        self.left_key = h.key
        self.link_worker.resolved.connect(self.on_left_resolved)
        if h.approval_id:  # cancelled off the GUI thread: an unreachable server waits
            self.left_note = question_words("cancelling", h.payer)
            s = self.settings
            folder = self.store.path
            Op(lambda: _close_question(s.server_url, s.api_key, s.timeout_s, folder, h)) \
                .success(lambda outcome: self._question_closed(h, outcome)) \
                .failure(lambda _exc: self._question_closed(h, "error")).run()
        self._show_left(h)

    def _question_closed(self, h: in_hand.Held, outcome: str) -> None:
        if self.left_key != h.key:
            return  # the card was dismissed, or the till stopped, first
        self.left_note = question_words(outcome, h.payer)
        if self.state == "result" and self.result.kind == "restarted":
            self._show_left(in_hand.held(self.store) or h)

    def _show_left(self, h: in_hand.Held) -> None:
        row = self.store.get(h.key)
        detail = sale_words(h, row)
        if self.left_note:
            detail += "\n" + self.left_note
        self.state = "result"
        self.current = None
        self.shown = None
        self.result.show_restarted(translate("Restart", "Before the till restarted"), detail,
                                   row.total_minor if row else h.amount, h.currency,
                                   charged=row is not None and row.status in _CHARGED)
        self.refresh()
        self.set_prompt(translate("Restart", "Enter: {action}.").format(
            action=self.result.primary_text()))
        self.result_shown.emit("restarted")

    def on_left_resolved(self, outcome: Outcome) -> None:
        """The held sale was pending: the server's answer, on the card if it is still up."""
        h = in_hand.held(self.store)
        if (self.state == "result" and self.result.kind == "restarted" and h is not None
                and h.key == outcome.key == self.left_key):
            self._show_left(h)

    def sale_done(self) -> None:
        """The cashier closed the sale's card: nothing of it is left to tell on a start."""
        self.left_key = None
        self.left_note = ""
        in_hand.done(self.store)
