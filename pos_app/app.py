"""The cashier's terminal: the main window, and `run()` for `kinpay pos`.

The window is a thin shell over the core: `Sale` holds the amount or basket, the scan
worker (pos_app.scan) finds codes off the GUI thread, the settle worker sends the sale,
the link worker watches the server and the offline queue. The window turns their
signals into what the cashier sees, and the cashier's keys and taps into requests.

    entry ─(Enter / a code is scanned)→ waiting ─(code)→ sending → result → entry
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QWidget,
)

from kinpay import codes
from kinpay.client import new_idempotency_key
from kinpay.errors import CodeError, CodeForged
from kinpay.money import format_minor
from pos_app import offline, screens
from pos_app.catalogue import Catalogue, Product
from pos_app.sale import Sale
from pos_app.settings import Settings
from pos_app.settle import Outcome, SaleRequest
from pos_app.sounds import Sounds
from pos_app.store import Store
from pos_app.wedge import Wedge
from pos_app.widgets import theme
from pos_app.workers import Link, LinkWorker, SettleWorker, Threads

MAX_TAKEN = 256  # codes remembered as taken: a shift's worth of sales
CameraFactory = Callable[[], object]


def rules_of(s: Settings) -> offline.RiskRules:
    return offline.RiskRules(s.floor_limit_minor, s.offline_max_count, s.offline_max_sum_minor)


def link_of(s: Settings) -> Link:
    return Link(s.server_url, s.api_key, s.timeout_s)


class MainWindow(QMainWindow):
    charge_requested = Signal(object)  # SaleRequest, to the settle thread
    retry_requested = Signal(str)  # a pending sale's key, to the settle thread
    reconfigure_settle = Signal(object, object)
    reconfigure_link = Signal(object)
    result_shown = Signal(str)  # the kind of result now on screen
    prompt_changed = Signal(str)

    def __init__(self, *, data_dir: Path, settings: Settings, catalogue: Catalogue,
                 camera_factory: CameraFactory | None = None, tick_ms: int = 2000) -> None:
        super().__init__()
        self.data_dir = Path(data_dir)
        self.settings = settings
        self.catalogue = catalogue
        self.camera_factory = camera_factory
        self.store = Store(self.data_dir / "terminal.db")
        self.cache = offline.KeyCache(self.data_dir)
        self.sounds = Sounds(settings.sounds, parent=self)
        self.sale = Sale(settings.currency)
        self.state = "entry"
        self.current: SaleRequest | None = None
        self.shown: Outcome | None = None
        self.taken: OrderedDict[str, None] = OrderedDict()
        self.wedge = Wedge()
        self.online: bool | None = None
        self.latencies_s: list[float] = []
        self.scan_worker: object | None = None
        self.dialog: QWidget | None = None
        self._build()
        self.settle_worker = SettleWorker(link_of(settings), self.store, self.cache,
                                          rules_of(settings))
        self.link_worker = LinkWorker(link_of(settings), self.store, self.cache,
                                      tick_ms=tick_ms)
        self.threads = Threads(self.settle_worker, self.link_worker)
        self.charge_requested.connect(self.settle_worker.pay)
        self.retry_requested.connect(self.settle_worker.retry_now)
        self.reconfigure_settle.connect(self.settle_worker.configure)
        self.reconfigure_link.connect(self.link_worker.configure)
        self.settle_worker.outcome.connect(self.on_outcome)
        self.link_worker.link.connect(self.on_link)
        self.link_worker.resolved.connect(self.on_resolved)
        self.link_worker.upload_declined.connect(self.on_upload_declined)
        self.link_worker.terminal.connect(self.on_terminal)
        self.link_worker.problem.connect(lambda text: self.status.note(text))
        self.refresh()

    # --- building -----------------------------------------------------------------------

    def _build(self) -> None:
        from pos_app.widgets.layout import build

        build(self)

    # --- threads and camera -------------------------------------------------------------

    def start(self) -> None:
        self.activateWindow()
        self.setFocus()
        self.threads.start()
        self.start_camera()
        unseen = self.store.unseen_declines()
        if unseen:
            self.banner.show_declines(unseen)

    def start_camera(self) -> None:
        from pos_app.scan import DecoderUnavailable
        from pos_app.scan.decoder import make_decoder
        from pos_app.scan.worker import ScanWorker

        self.stop_camera()
        if self.camera_factory is None:
            self.preview.show_message("No camera is set.\nChoose one in Settings, "
                                      "or type the code below.")
            return
        try:
            decoder = make_decoder(accept=self.accept)
        except DecoderUnavailable as exc:
            self.preview.show_message(f"Can't read QR codes on this machine.\n{exc}")
            return
        worker = ScanWorker(self.camera_factory, decoder)
        worker.frame.connect(self.preview.show_frame)
        worker.found.connect(self.on_found)
        worker.rejected.connect(self.on_rejected)
        worker.error.connect(self.on_camera_error)
        self.scan_worker = worker
        worker.start()

    def stop_camera(self) -> None:
        worker = self.scan_worker
        self.scan_worker = None
        if worker is not None:
            worker.stop()  # type: ignore[attr-defined]

    def shutdown(self) -> None:
        self.stop_camera()
        self.threads.stop()
        self.store.close()

    def closeEvent(self, event: object) -> None:
        self.shutdown()
        super().closeEvent(event)  # type: ignore[arg-type]

    # --- the code filter (runs on the scan thread) -----------------------------------------

    def accept(self, text: str) -> None:
        """A kinpay code that verifies, or a well-formed numeric code; raises CodeError.

        A code signed by a server key this terminal has not cached yet passes on form
        alone: the server, which knows its keys, judges it.
        """
        if codes.looks_numeric(text):
            codes.parse_numeric(text)
            return
        keys = self.cache.keys
        if not keys:
            codes.parse_code(text)
            return
        try:
            codes.verify_code(text, keys, now_s=int(time.time()))
        except CodeForged:
            if codes.parse_code(text).cert.key_id in keys:
                raise

    # --- the sale -----------------------------------------------------------------------

    def set_mode(self, index: int) -> None:
        self.modes.setCurrentIndex(index)
        self.mode_amount.setChecked(index == 0)
        self.mode_items.setChecked(index == 1)

    def press(self, key: str) -> None:
        if self.state not in ("entry", "waiting"):
            return
        self.sale.press(key)
        self.back_to_entry()

    def add_product(self, product: Product) -> None:
        if self.state not in ("entry", "waiting"):
            return
        self.sale.add(product.name, product.price_minor, product.category)
        self.back_to_entry()

    def remove_line(self, index: int) -> None:
        if self.state in ("entry", "waiting") and 0 <= index < len(self.sale.lines):
            self.sale.remove(index)
            self.refresh()

    def back_to_entry(self) -> None:
        self.state = "entry"
        self.code_input.clearFocus()
        self.setFocus()
        self.refresh()

    def charge(self) -> None:
        """Enter: ready to take the code (the camera is always looking)."""
        if self.state == "result":
            self.on_action(self._primary_action())
            return
        if self.state == "sending":
            return
        if self.state not in ("entry", "waiting") or self.sale.empty:
            self.set_prompt("Enter the amount first.")
            return
        self.state = "waiting"
        self.code_input.setFocus()
        self.refresh()

    def cancel(self) -> None:
        """Esc: leave the result, stop waiting for a code, or clear the sale."""
        if self.state == "result":
            self.on_action("keep" if self.result.kind == "unknown" else "new")
        elif self.state == "waiting":
            self.code_input.clear()
            self.back_to_entry()
        elif self.state == "entry":
            self.sale.clear()
            self.refresh()

    def refresh(self) -> None:
        self.total.setText(self.sale.total_text())
        self.basket.show_sale(self.sale)
        self.charge_button.setEnabled(self.state in ("entry", "waiting") and not self.sale.empty)
        if self.state == "entry":
            self.set_prompt("Enter the amount, then show the code to the camera."
                            if self.sale.empty else
                            f"Charge {self.sale.total_text()}: show the code to the camera.")
        elif self.state == "waiting":
            self.set_prompt(f"Charge {self.sale.total_text()}: scan the code, "
                            "or type the numeric code.")

    def set_prompt(self, text: str, bad: bool = False) -> None:
        self.prompt.setText(text)
        self.prompt.setStyleSheet(f"color: {theme.BAD if bad else theme.INK};")
        self.prompt_changed.emit(text)

    # --- codes coming in --------------------------------------------------------------------

    def on_found(self, text: str, corners: list) -> None:
        self.preview.show_outline(corners)
        self.take(text, time.perf_counter())

    def on_rejected(self, text: str, reason: str) -> None:
        if self.state not in ("entry", "waiting"):
            return
        self.sounds.play("bad")
        self.set_prompt(f"Not a code this terminal can take: {_plain(reason)}", bad=True)

    def on_camera_error(self, message: str) -> None:
        self.status.set_camera("Camera: " + message)
        if self.preview.image is None or self.preview.frames_shown == 0:
            self.preview.show_message(f"The camera can't be used.\n{message}\n\nChoose "
                                      "another camera in Settings, or type the code below.")

    def submit_typed(self) -> None:
        text = self.code_input.text().strip()
        if not text:
            return
        self.code_input.clear()
        self.submit_code(text)

    def submit_code(self, text: str) -> None:
        """A code typed by the cashier or by a keyboard-wedge scanner."""
        try:
            self.accept(text)
        except (CodeError, ValueError) as exc:
            self.sounds.play("bad")
            self.set_prompt(f"Not a code this terminal can take: {_plain(str(exc))}", bad=True)
            return
        if codes.looks_numeric(text):
            text = codes.normalize_numeric(text)
        self.take(text, time.perf_counter(), deliberate=True)

    def take(self, text: str, started_at: float, *, deliberate: bool = False) -> None:
        if self.state not in ("entry", "waiting"):
            return  # a result is on screen: the frame behind it is frozen
        if text in self.taken and not deliberate:
            # The camera sees a code it already took: ignored. A code typed or scanned on
            # purpose goes to the server again, which answers `code_used`.
            return
        if self.sale.empty:
            self.set_prompt("Enter the amount first, then show the code.", bad=True)
            if self.scan_worker is not None:
                self.scan_worker.forget(text)  # type: ignore[attr-defined]
            return
        self.taken[text] = None
        while len(self.taken) > MAX_TAKEN:
            self.taken.popitem(last=False)
        self.sounds.play("good")
        self.preview.freeze()
        self.state = "sending"
        req = SaleRequest(new_idempotency_key(), text, self.sale.total_minor,
                          self.sale.currency, self.sale.items(), None, started_at)
        self.current = req
        self.result.sending(req.amount, req.currency)
        self.refresh()
        self.set_prompt("Sending…")
        self.charge_requested.emit(req)

    # --- answers ---------------------------------------------------------------------------

    def on_outcome(self, outcome: Outcome) -> None:
        if self.current is None or outcome.key != self.current.key:
            return
        self.show_result(outcome)

    def show_result(self, outcome: Outcome) -> None:
        self.state = "result"
        self.setFocus()  # Enter and Esc now answer the result card
        self.shown = outcome
        if outcome.kind.startswith("offline"):
            # The queue just changed here, not on the server: show it now, not at the next tick.
            self.status.set_link(False, self.store.count("queued"),
                                 self.store.count("pending"))
        self.result.show_outcome(outcome)
        if outcome.approved:
            self.sounds.play("approved")
            if outcome.started_at:
                self.latencies_s.append(time.perf_counter() - outcome.started_at)
        elif outcome.kind != "unknown":
            self.sounds.play("bad")
        self.set_prompt("Enter: new sale." if outcome.approved else "")
        self.refresh()
        self.result_shown.emit(outcome.kind)

    def on_resolved(self, outcome: Outcome) -> None:
        if self.state == "result" and self.shown is not None and self.shown.key == outcome.key:
            self.show_result(outcome)
            return
        word = "approved" if outcome.approved else "declined"
        self.status.note(f"A pending sale of {format_minor(outcome.amount, outcome.currency)}"
                         f" was {word} by the server.")

    def on_action(self, name: str) -> None:
        if name == "check" and self.current is not None:
            self.result.sending(self.current.amount, self.current.currency)
            self.state = "sending"
            self.retry_requested.emit(self.current.key)
            return
        if name == "receipt" and self.shown is not None:
            self.open_receipt(self.shown.key)
            return
        self.result.dismiss()
        self.preview.unfreeze()
        if self.scan_worker is not None:
            # Whatever is in view now is reported afresh; a used code stays ignored (taken).
            self.scan_worker.forget()  # type: ignore[attr-defined]
        self.current = None
        self.shown = None
        if name in ("new", "keep"):
            self.sale.clear()
        self.back_to_entry()
        if name == "retry":
            self.set_prompt("Show the code again (a fresh one), or change the sale.")

    def _primary_action(self) -> str:
        kind = self.result.kind
        if kind == "unknown":
            return "check"
        if kind in ("declined", "offline_declined", "error"):
            return "retry"
        return "new"

    # --- the link ------------------------------------------------------------------------------

    def on_link(self, online: bool, queued: int, pending: int) -> None:
        self.online = online
        self.status.set_link(online, queued, pending)

    def on_terminal(self, terminal: object) -> None:
        merchant = getattr(terminal, "merchant", "")
        currency = getattr(terminal, "currency", self.settings.currency)
        self.merchant.setText(merchant)
        if (merchant, currency) != (self.settings.merchant, self.settings.currency):
            self.settings.merchant, self.settings.currency = merchant, currency
            self.settings.save(self.data_dir)
            if self.sale.empty:
                self.sale.currency = currency
                self.refresh()

    def on_upload_declined(self, rows: list) -> None:
        self.sounds.play("bad")
        self.banner.show_declines(rows)

    def _banner_seen(self, keys: list) -> None:
        self.store.mark_seen(keys)

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
        elif text and text.isdigit() and text.isascii():
            self.press(text)
        else:
            super().keyPressEvent(event)

    # --- the screens around the sale -----------------------------------------------------------

    def open_history(self) -> None:
        screens.open_history(self)

    def open_refund(self) -> None:
        screens.open_refund(self)

    def open_report(self) -> None:
        screens.open_report(self)

    def open_settings(self) -> None:
        screens.open_settings(self)

    def open_receipt(self, key: str) -> None:
        screens.open_receipt(self, key)

    def apply_settings(self, new: Settings) -> None:
        camera_changed = new.camera != self.settings.camera
        self.settings = new
        new.save(self.data_dir)
        self.sounds.enabled = new.sounds
        self.reconfigure_settle.emit(link_of(new), rules_of(new))
        self.reconfigure_link.emit(link_of(new))
        if camera_changed:
            from pos_app import terminal_cli

            self.camera_factory = terminal_cli.camera_factory(new.camera)
            self.start_camera()


def _plain(reason: str) -> str:
    reason = reason.strip().rstrip(".")
    return (reason[:1].upper() + reason[1:] + ".") if reason else "unreadable."


def run(window_factory: Callable[[], MainWindow]) -> int:
    app = QApplication.instance() or QApplication([])
    window = window_factory()
    window.show()
    window.start()
    code = app.exec()
    return int(code)
