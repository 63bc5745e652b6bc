"""The terminal's side of asking the payer (issue 15 §1), as a part of the main window.

The window offers "Ask Mei" on a decline the payer could lift (pos_app.core.ask decides),
shows the asking card with its countdown, and runs the flow (`core.ask.run_ask`) on a
worker thread of its own, which reaches the window only through `AskRelay`'s signals.
Enter is the highlighted action on every card: on the asking card, Cancel.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from kinpay import schemas
from kinpay.client import Client
from pos_app.core import ask, in_hand
from pos_app.core.settle import Outcome, SaleRequest
from pos_app.core.store import Store
from pos_app.widgets.ask import (
    SAME_SALE_FAILS,
    AskCard,
    ask_label,
    closed_words,
    needs_server_text,
    person,
)

# Qt's lupdate reads `translate("Context", "text")` calls (not a wrapper's): every string
# here is written that way so the translation sources pick it up.
translate = QCoreApplication.translate

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtWidgets import QWidget as _Base

    from pos_app.settings import Settings
    from pos_app.sounds import Sounds
    from pos_app.widgets.result import ResultCard
else:
    _Base = object  # at run time a plain mixin: the window is the one QObject line

log = logging.getLogger("kinpay.pos")
STOP_WAIT_S = 3.0



class AskRelay(QObject):
    asked = Signal(object)  # schemas.Approval
    finished = Signal(str, object)  # the sale's key; Outcome or ask.AskClosed


def _emit(signal: Any, *values: object) -> None:
    try:
        signal.emit(*values)
    except RuntimeError:  # the window closed while the question ran
        log.debug("ask result dropped: the window is gone")


class Asking(_Base):
    """Mixed into MainWindow: everything about asking the payer lives here."""

    # What the window has (pos_app/app.py), for the type checker.
    result: ResultCard
    result_shown: Any
    state: str
    current: SaleRequest | None
    shown: Outcome | None
    online: bool | None
    settings: Settings
    data_dir: Path
    sounds: Sounds
    store: Store

    if TYPE_CHECKING:  # never at run time: the window's own methods must win
        def set_prompt(self, text: str, bad: bool = False, *, passing: bool = False) -> None:
            ...

        def refresh(self) -> None: ...

        def show_result(self, outcome: Outcome) -> None: ...

    ask_card: AskCard
    ask_relay: AskRelay
    ask_control: ask.AskControl | None
    ask_thread: threading.Thread | None
    ask_payer: str | None
    ask_outcome: Outcome | None

    def setup_asking(self) -> None:
        self.ask_card = AskCard()
        overlay = self.result.parentWidget()
        layout = overlay.layout() if overlay is not None else None
        if layout is not None:
            layout.addWidget(self.ask_card)
        self.ask_card.cancel_clicked.connect(self.cancel_ask)
        self.ask_relay = AskRelay(self)
        self.ask_relay.asked.connect(self.on_asked)
        self.ask_relay.finished.connect(self.on_ask_finished)
        self.ask_control = None
        self.ask_thread = None
        self.ask_payer = None
        self.ask_outcome = None

    def offer_ask(self, outcome: Outcome) -> None:
        """On a result card: "Ask Mei" when the payer could lift this decline and the
        server is there; otherwise, for such a decline, say asking needs the server."""
        payer = outcome.payer
        if ask.can_ask(outcome, self.online):
            self.result.offer("ask", ask_label(payer))
        elif ask.asking_needs_server(outcome) or (
            outcome.payment is not None and outcome.payment.askable
        ):
            self.result.add_note(needs_server_text(payer))

    def start_ask(self) -> None:
        outcome, req = self.shown, self.current
        if outcome is None or req is None or outcome.payment is None:
            return
        self.state = "asking"
        self.ask_payer = outcome.payer
        self.ask_outcome = outcome
        self.result.dismiss()
        self.ask_card.asking(self.ask_payer, req.amount, req.currency, schemas.ASK_DEFAULT_S)
        self.set_prompt(translate("Ask", "Waiting for {payer}. Enter or Esc: cancel.").format(
            payer=person(self.ask_payer)))
        self.refresh()
        control = ask.AskControl()
        self.ask_control = control
        s = self.settings
        args = (s.server_url, s.api_key, s.timeout_s, req, outcome.payment.id, control)
        self.ask_thread = threading.Thread(target=self._ask_run, args=args, name="pos-ask",
                                           daemon=True)
        self.ask_thread.start()

    def _ask_run(self, url: str, api_key: str, timeout_s: float,
                 req: SaleRequest, payment_id: str, control: ask.AskControl) -> None:
        """On the asking thread: its own client and its own database connection."""
        store = Store(self.data_dir / "terminal.db")
        client = Client(url, token=api_key, timeout_s=timeout_s, retries=1)
        result: Outcome | ask.AskClosed
        try:
            result = ask.run_ask(client, store, req, payment_id, control,
                                 on_asked=lambda a: _emit(self.ask_relay.asked, a))
        except Exception as exc:  # the thread's edge: the cashier sees it
            log.exception("asking failed")
            result = ask.AskClosed("error", str(exc))
        finally:
            client.close()
            store.close()
        _emit(self.ask_relay.finished, req.key, result)

    def on_asked(self, approval: schemas.Approval) -> None:
        # Open on the server until answered or cancelled: a restart cancels it (core.in_hand).
        if self.current is not None:
            in_hand.asked(self.store, self.current.key, approval.id, self.ask_payer)
        if self.state == "asking" and not (self.ask_control and self.ask_control.cancelled):
            self.ask_card.set_seconds(approval.expires_at - approval.now)

    def cancel_ask(self) -> None:
        if self.state == "asking" and self.ask_control is not None:
            self.ask_control.cancelled = True
            self.ask_card.cancelling()

    def on_ask_finished(self, key: str, result: object) -> None:
        in_hand.asked(self.store, key, None, None)  # answered, cancelled or ended: not open
        if self.state != "asking" or self.current is None or self.current.key != key:
            return
        self.ask_card.dismiss()
        self.ask_control = None
        if isinstance(result, Outcome):
            self.show_result(result)
            if result.approved:
                self.result.add_note(translate("Ask", "Allowed by {payer} for this sale.").format(
                    payer=person(self.ask_payer)))
            return
        assert isinstance(result, ask.AskClosed)
        self.show_ask_closed(result)

    def show_ask_closed(self, closed: ask.AskClosed) -> None:
        req = self.current
        assert req is not None
        self.state = "result"
        self.setFocus()
        title, detail = closed_words(closed.status, self.ask_payer)
        if closed.status == "error" and closed.message:
            detail = f"{detail}\n{closed.message}"
        self.result.show_closed(title, detail, req.amount, req.currency,
                                again=closed.status not in SAME_SALE_FAILS)
        if closed.status == "unconfirmed":
            self.result.offer("ask", translate("Ask", "Try again"))  # asks again: the same approval
        self.sounds.play("bad")
        self.refresh()
        action = self.result.primary_text()
        self.set_prompt(translate("Ask", "Enter: {action}.").format(action=action))
        self.result_shown.emit("ask_" + closed.status)

    def stop_asking(self) -> None:
        """Closing the window: stop waiting (the question expires on the server)."""
        if self.ask_control is not None:
            self.ask_control.cancelled = True
        thread = self.ask_thread
        if thread is not None and thread.is_alive():
            thread.join(STOP_WAIT_S)
