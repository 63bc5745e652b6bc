"""The cashier's terminal: the main window (`kinpay pos` runs it: pos_app/running.py).

The window is a thin shell over the core: `Sale` holds the amount or basket, the scan
worker (pos_app.scan) finds codes off the GUI thread, the settle worker sends the sale,
the link worker watches the server and the offline queue. The window turns their
signals into what the cashier sees, and the cashier's keys and taps into requests.

    entry ─(Charge / Enter: the amount is locked)→ waiting ─(code)→ sending → result
      ↑                                                                      │
      └──────────────── the card's highlighted action (Enter) ───────────────┘

A code seen while the amount is still being typed is never charged (pos_app.intake).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QImage, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QDialog, QMainWindow

from kinpay import codes, l10n
from kinpay.money import format_minor
from pos_app import words
from pos_app.around import AroundTheSale
from pos_app.asking import Asking
from pos_app.big_amount import check_amount
from pos_app.clear_sale import clear_or_ask
from pos_app.core import acceptance, offline, pin
from pos_app.core.catalogue import Catalogue, Product
from pos_app.core.sale import AMOUNT, ITEMS, Sale
from pos_app.core.settle import Outcome, SaleRequest
from pos_app.core.store import Store
from pos_app.core.wedge import Wedge
from pos_app.intake import Intake
from pos_app.link_news import LinkNews
from pos_app.links import CameraFactory, link_of, rules_of
from pos_app.ops import collect_on_gui_thread
from pos_app.restart import Restarted
from pos_app.settings import Settings
from pos_app.sounds import Sounds
from pos_app.widgets import theme
from pos_app.widgets.dialogs import DialogHost
from pos_app.widgets.layout import Parts, build, reflow
from pos_app.workers import LinkWorker, SettleWorker, Threads

if TYPE_CHECKING:
    from pos_app.scan.worker import ScanWorker

PASSING_PROMPT_MS = 6000  # a refused code's message goes after this: no red left on an idle till
FINAL_KINDS = ("approved", "offline_approved", "declined", "offline_declined", "error",
               "ask_closed", "unpaid")

class MainWindow(Asking, AroundTheSale, Intake, LinkNews, Restarted, QMainWindow):
    charge_requested = Signal(object)  # SaleRequest, to the settle thread
    closed = Signal()  # the window closed for good: shut down, its journal closed
    retry_requested = Signal(str)  # a pending sale's key, to the settle thread
    rest_requested = Signal(str, str)  # a partial sale's key and how its rest was taken
    reconfigure_settle = Signal(object, object)
    reconfigure_link = Signal(object)
    result_shown = Signal(str)  # the kind of result now on screen
    prompt_changed = Signal(str)
    keys_wanted = Signal()  # a code signed by an unknown server key: fetch the keys

    def __init__(self, *, data_dir: Path, settings: Settings, catalogue: Catalogue,
                 camera_factory: CameraFactory | None = None, tick_ms: int = 2000,
                 refresh_s: float | None = None) -> None:
        super().__init__()
        collect_on_gui_thread()
        self.data_dir, self.settings, self.catalogue = Path(data_dir), settings, catalogue
        self.camera_factory = camera_factory
        self.store = Store(self.data_dir / "terminal.db")
        self.cache = offline.KeyCache(self.data_dir)
        self.sounds = Sounds(settings.sounds, parent=self)
        self.sale = Sale(settings.currency)
        self.state = "entry"
        self.current: SaleRequest | None = None
        self.shown: Outcome | None = None
        self.taken = acceptance.TakenCodes()
        self.wedge = Wedge()
        self.online: bool | None = None
        self.latencies_s: list[float] = []
        self.scan_worker: ScanWorker | None = None
        self.scan_armed: bool | None = None
        self.dialogs = DialogHost(self)
        self.ready_at: float | None = None  # when the camera last saw a code before Charge
        self.pin_guard = pin.Guard(self.data_dir)  # its count outlives a restart
        self.remote: object | None = None  # kinpay pos --control: its handler, kept alive
        self.parts = self._build()
        self.setup_asking()  # issue 15 §1: ask the payer (pos_app/asking.py)
        self.passing = QTimer(self)  # takes a passing (red) message off the idle screen
        self.passing.setSingleShot(True)
        self.passing.setInterval(PASSING_PROMPT_MS)
        self.passing.timeout.connect(self.refresh)
        self.settle_worker = SettleWorker(link_of(settings), self.store, self.cache,
                                          rules_of(settings))
        self.link_worker = LinkWorker(link_of(settings), self.store, self.cache,
                                      tick_ms=tick_ms, **({} if refresh_s is None
                                                          else {"refresh_s": refresh_s}))
        self.threads = Threads(self.settle_worker, self.link_worker)
        self.charge_requested.connect(self.settle_worker.pay)
        self.retry_requested.connect(self.settle_worker.retry_now)
        self.rest_requested.connect(self.settle_worker.take_rest)
        self.reconfigure_settle.connect(self.settle_worker.configure)
        self.reconfigure_link.connect(self.link_worker.configure)
        self.settle_worker.outcome.connect(self.on_outcome)
        self.link_worker.link.connect(self.on_link)
        self.link_worker.resolved.connect(self.on_resolved)
        self.link_worker.refunds_answered.connect(self.on_refunds_answered)
        self.link_worker.upload_declined.connect(self.on_upload_declined)
        self.link_worker.terminal.connect(self.on_terminal)
        # Bound slots of the window's widgets, so they run on the window's thread (a lambda
        # would run on the link thread, which must never touch a widget).
        self.link_worker.problem.connect(self.status.note_link)
        self.link_worker.disk.connect(self.status.note_disk)
        self.link_worker.key_refused.connect(self.on_key_refused)
        self.link_worker.keys_changed.connect(self.on_keys_changed)
        self.keys_wanted.connect(self.link_worker.refresh_keys)
        self.refresh()

    # --- building -----------------------------------------------------------------------

    def _build(self) -> Parts:
        parts = build(self, self.settings.merchant, self.catalogue, self)
        # The widgets the window works with every day, by name.
        self.banner, self.status, self.merchant = parts.banner, parts.status, parts.merchant
        self.total, self.keypad, self.basket = parts.total, parts.keypad, parts.basket
        self.catalogue_view, self.charge_button = parts.catalogue_view, parts.charge_button
        self.preview, self.result, self.prompt = parts.preview, parts.result, parts.prompt
        self.split, self.code_input = parts.split, parts.code_input
        return parts

    @property
    def dialog(self) -> QDialog | None:
        """The dialog open over the window, if any."""
        return self.dialogs.current

    # --- threads and camera -------------------------------------------------------------

    def start(self) -> None:
        self.activateWindow()
        self.setFocus()
        self.threads.start()
        self.start_camera()
        self.show_left_over()  # the unfinished sale and the unseen declines (pos_app.restart)

    def start_camera(self) -> None:
        from pos_app.scan import DecoderUnavailable
        from pos_app.scan.decoder import make_decoder
        from pos_app.scan.worker import ScanWorker

        self.stop_camera()
        self.status.set_camera("")  # the last camera's problem is not this one's
        self.preview.reset(self.tr("Starting the camera…"))
        if self.camera_factory is None:  # a barcode scanner, or codes typed
            self.preview.show_message(self.tr("No camera.\nScan the code with the barcode "
                                              "scanner, or type it below."))
            self.status.set_camera(self.tr("Camera: none"))
            return
        try:
            decoder = make_decoder(accept=self.accept)
        except DecoderUnavailable:
            self.preview.show_message(self.tr("Can't read QR codes on this machine.\nNo QR "
                                              "decoder is installed."))
            return
        if decoder.missing:  # it reads with the others, but not everything it could
            self.status.note(self.tr("QR readers: {names}; left out: {missing}").format(
                names=", ".join(decoder.names),
                missing="; ".join(f"{m.library} ({m.detail})" for m in decoder.missing)))
        worker = ScanWorker(self.camera_factory, decoder)
        worker.frame.connect(self.on_frame)
        worker.found.connect(self.on_found)
        worker.rejected.connect(self.on_rejected)
        worker.error.connect(self.on_camera_error)
        self.scan_worker = worker
        self.scan_armed = None  # the next refresh tells the new worker what to do
        worker.start()
        self.sync_scan_rate()

    def stop_camera(self) -> None:
        worker = self.scan_worker
        self.scan_worker = None
        if worker is not None:
            worker.stop()

    def shutdown(self) -> None:
        self.left_key = None  # a restart card's late news is for no one now
        self.stop_asking()
        self.stop_camera()
        self.threads.stop()
        self.store.close()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.reflow()

    def reflow(self) -> None:
        reflow(self, self.parts, self.height())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
        if event.isAccepted():
            self.closed.emit()

    # --- the sale -----------------------------------------------------------------------

    def set_mode(self, index: int) -> None:
        """The Amount or the Items tab: which of the two is the sale (pos_app.core.sale);
        the other is kept for its tab. Not while a sale is charged: its total is locked. On
        a finished sale's card it starts the next sale, as a digit does (it did nothing)."""
        if self.state == "result" and self.result.kind in FINAL_KINDS:
            self.on_action("new")
        if self.state == "entry":
            self.sale.mode = ITEMS if index == 1 else AMOUNT
        self.parts.set_mode(1 if self.sale.mode == ITEMS else 0)
        self.refresh()  # the prompt says what this mode asks for

    def press(self, key: str) -> None:
        if (self.state == "result" and self.result.kind in FINAL_KINDS
                and (key.isdigit() or key in (".", ","))):
            # A digit on a finished sale's card starts the next sale, from zero.
            self.on_action("new")
        if self.state == "waiting":
            self.set_prompt(self.tr("The amount is locked at {total}. Esc changes it.").format(
                total=self.sale.total_text()), bad=True, passing=True)
            return
        if self.state != "entry":
            return
        if self.sale.mode == ITEMS and key == "clear":
            self.clear_sale(whole=False)
            return
        if self.sale.mode == ITEMS:  # the basket takes no digits
            self.set_prompt(self.tr("Items: tap the products. An amount is typed under "
                                    "Amount."), bad=True, passing=True)
            return
        self.sale.press(key)
        self.refresh()

    def add_product(self, product: Product) -> None:
        if self.state != "entry" or self.sale.mode != ITEMS:
            return
        self.sale.add(product.name, product.price_minor, product.category)
        self.refresh()

    def remove_line(self, index: int) -> None:
        if self.state == "entry" and 0 <= index < len(self.sale.lines):
            self.sale.remove(index)
            self.refresh()

    def back_to_entry(self) -> None:
        self.state = "entry"
        self.code_input.clear()
        self.code_input.clearFocus()
        self.setFocus()
        self.refresh()

    def charge(self) -> None:
        """Charge / Enter: lock the amount, then take the next code shown."""
        if self.state == "result" and self.split.isVisible():
            self.split_enter()  # money taken is a deliberate tap, never Enter by habit
            return
        if self.state == "result":
            self.on_action(self.result.primary)
            return
        if self.state == "asking":
            if self.ask_card.armed():  # not the Enter that asked, pressed twice
                self.cancel_ask()  # the asking card's one action: Cancel
            return
        if self.state != "entry":
            return  # already waiting for the code, or sending
        if self.sale.empty:  # or "1,5", no amount: the comma's rule, once more
            self.set_prompt(words.comma_rule() if self.sale.unreadable else self.tr(
                "Enter the amount first, then press Charge."), bad=True, passing=True)
            return
        limit = self.settings.confirm_above_minor
        if self.sale.total_minor > limit:  # shown to check first: a slip of the keys?
            check_amount(self.dialogs, self.sale.total_text(),
                         format_minor(limit, self.sale.currency), self.lock_amount)
            return
        self.lock_amount()

    def lock_amount(self) -> None:
        if self.state != "entry" or self.sale.empty:
            return
        self.state = "waiting"
        self.ready_at = None
        if self.scan_worker is not None:
            # A code already in view is reported afresh, now for the amount just locked.
            self.scan_worker.forget()
        self.refresh()  # enables the code field before it takes the keyboard
        self.code_input.setFocus()

    def cancel(self) -> None:
        """Esc: leave the result, stop waiting for a code, or clear the sale."""
        if self.state == "result" and self.split.isVisible():
            self.set_prompt(self.tr("Take the rest, or give the allowance's part back."),
                            bad=True)
        elif self.state == "result":
            self.on_action("keep" if self.result.kind == "unknown" else "new")
        elif self.state == "asking":
            self.cancel_ask()
        elif self.state == "waiting":
            self.back_to_entry()
        elif self.state == "entry":
            self.clear_sale(whole=True)

    def clear_sale(self, *, whole: bool) -> None:
        """Esc (`whole`: a new sale) or Delete on the Items tab (the basket): at once, or
        after the cashier's yes when the basket holds several items (pos_app.clear_sale)."""
        def clear() -> None:
            if self.state == "entry":
                if whole:
                    self.sale.clear()
                else:
                    self.sale.press("clear")
                self.refresh()

        clear_or_ask(self.dialogs, self.sale, clear)

    def refresh(self) -> None:
        self.total.setText(self.sale.total_text())
        self.basket.show_sale(self.sale)
        entry = self.state == "entry"
        self.charge_button.setEnabled(entry and not self.sale.empty)
        self.keypad.setEnabled(entry)
        self.catalogue_view.setEnabled(entry)
        self.basket.setEnabled(entry)
        self.code_input.setEnabled(self.state == "waiting")
        self.sync_scan_rate()
        total = self.sale.total_text()
        if entry and self.sale.empty and self.status.refused:
            self.set_prompt(self.tr("The server refuses this terminal's key: no sale can go "
                                    "through. Check the terminal id and key in Settings."),
                            bad=True)
        elif entry and self.sale.unreadable:  # "1,5": a comma that groups no thousands
            self.set_prompt(words.comma_rule(), bad=True)
        elif entry and self.sale.empty:
            self.set_prompt(self.tr("Tap the items, then press Charge.")
                            if self.sale.mode == ITEMS else
                            self.tr("Type the amount, then press Charge."))
        elif entry:
            self.set_prompt((self.tr("Code ready. Press Charge ⏎ to take {total}.")
                             if self.code_ready() else
                             self.tr("Press Charge ⏎ to take {total}.")).format(total=total))
        elif self.state == "waiting":
            self.set_prompt(self.waiting_prompt(total))

    def sync_scan_rate(self) -> None:
        """Full decode rate only while a charged sale waits for its code; otherwise the
        scanner idles (a few quick decodes a second, enough for "Code ready"), so an idle
        till doesn't burn a core. Told on changes only: arming forgets the codes seen."""
        armed = self.state == "waiting"
        worker = self.scan_worker
        if worker is None or armed == self.scan_armed:
            return
        self.scan_armed = armed
        worker.set_armed(armed)

    def set_prompt(self, text: str, bad: bool = False, *, passing: bool = False) -> None:
        """`passing`: the message goes after a few seconds, back to what the screen asks."""
        self.prompt.setText(text)
        self.parts.style_prompt(theme.BAD if bad else theme.INK)
        if passing:
            self.passing.start()
        else:
            self.passing.stop()
        self.prompt_changed.emit(text)

    def on_camera_error(self, message: str) -> None:
        text, detail, shown = words.camera_problem(message)
        self.status.set_camera(text, detail=detail)
        # Whatever frame was shown before is no longer what the camera sees.
        self.preview.show_message(shown)

    def on_frame(self, image: QImage) -> None:
        if self.status.camera.text():
            self.status.set_camera("")  # frames again: the camera's last problem is over
        self.preview.show_frame(image)

    # --- answers ---------------------------------------------------------------------------

    def on_outcome(self, outcome: Outcome) -> None:
        if self.current is None or outcome.key != self.current.key:
            return
        self.release_unsent(outcome)  # "Not sent": its code is unused (pos_app.intake)
        self.show_result(outcome)

    def show_result(self, outcome: Outcome) -> None:
        outcome = self.with_split_payment(outcome)
        self.state = "result"
        self.setFocus()  # Enter and Esc now answer the result card
        self.shown = outcome
        # The journal just changed (an offline sale's queue, or "Not confirmed: 1" counted
        # by the link's check while this sale was on its way): said now, not at the next tick.
        self.status.set_counts(self.store.count("queued"), self.store.count("pending"),
                               offline=outcome.kind.startswith("offline"))
        if outcome.kind == "partial" and self.show_split(outcome):
            return
        self.split.dismiss()
        self.show_sold(outcome)  # a split basket's ✗ items off: what was sold
        self.result.show_outcome(outcome, typed=self.current is not None
                                 and codes.looks_numeric(self.current.code),
                                 scanner=self.camera_factory is None)
        self.offer_ask(outcome)  # issue 15 §1: "Ask Mei" on a decline the payer could lift
        if outcome.approved:
            self.sounds.play("approved")
            if outcome.started_at:
                self.latencies_s.append(time.perf_counter() - outcome.started_at)
        elif outcome.kind != "unknown":
            self.sounds.play("bad")
        self.refresh()
        self.set_prompt(self.tr("Enter: {action}.").format(action=self.result.primary_text()))
        self.result_shown.emit(outcome.kind)

    def on_resolved(self, outcome: Outcome) -> None:
        if self.state == "result" and self.shown is not None and self.shown.key == outcome.key:
            self.show_result(outcome)
            return
        # When it was made: a sale left pending (before a restart, say) is told apart from
        # one of the same amount made since ("¥15.00 declined" beside "¥15.00 approved").
        row = self.store.get(outcome.key)
        made = l10n.format_time(row.created_at) if row is not None else "?"
        note = (self.tr("A pending sale of {amount} made at {time} was approved by the server.")
                if outcome.approved else
                self.tr("A pending sale of {amount} made at {time} was declined by the server."))
        self.status.note(note.format(amount=format_minor(outcome.amount, outcome.currency),
                                     time=made))

    def on_action(self, name: str) -> None:
        if name == "ask":
            self.start_ask()
            return
        if name == "check" and self.current is not None:
            self.result.sending(self.current.amount, self.current.currency)
            self.state = "sending"
            self.retry_requested.emit(self.current.key)
            return
        if name == "receipt" and self.shown is not None:
            self.open_receipt(self.shown.key)
            return
        self.sale_done()  # its card closed: nothing of it to tell after a restart
        self.result.dismiss()
        self.split.dismiss()
        self.preview.unfreeze()
        if self.scan_worker is not None:
            # Whatever is in view now is reported afresh; a used code stays ignored (taken).
            self.scan_worker.forget()
        self.current = None
        self.shown = None
        if name not in ("retry", "change"):
            self.sale.clear()  # a new sale starts from zero; "change" keeps it to be edited
        self.back_to_entry()
        if name == "retry":
            # The same amount, charged again: the next code shown (a fresh one) is taken.
            self.charge()

    # --- keys ----------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        text = event.text()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            scanned = self.wedge.enter()
            if scanned is not None:
                self.submit_code(scanned)
            else:
                self.charge()
            return
        if key == Qt.Key.Key_Escape:
            self.wedge.reset()
            self.cancel()
            return
        if self.wedge.feed(text):
            return
        if key == Qt.Key.Key_Backspace:
            self.press("back")
        elif key == Qt.Key.Key_Delete:
            self.press("clear")
        elif text and ((text.isdigit() and text.isascii()) or text in (".", ",")):
            self.press(text)
        else:
            super().keyPressEvent(event)

