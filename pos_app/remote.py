"""The terminal's remote control for `kinpay demo` (see kinpay.control).

Each command does what a cashier does: keys on the keypad, items from the basket, a code
from the camera (or typed, as a keyboard-wedge scanner types it), the refund dialog, the
end-of-day report. It waits, boundedly, for what the window then shows.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QPushButton, QWidget

from kinpay.client import Client
from kinpay.control import ControlError, ControlServer, Marshal, column, commands_of
from kinpay.money import format_minor
from pos_app import report

if TYPE_CHECKING:
    from pos_app.app import MainWindow

C = TypeVar("C", bound=QObject)
RESULT_NAMES = {"offline_approved": "offline_accepted"}


def place(window: MainWindow, spec: str) -> None:
    """`--place I/N`: the window takes column I of N on the screen."""
    screen = window.screen() or QApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    rect = column(spec, (area.x(), area.y(), area.width(), area.height()))
    if rect is not None:
        window.setGeometry(*rect)


class PosRemote:
    def __init__(self, window: MainWindow, path: Path) -> None:
        self.window = window
        self.gui = Marshal(lambda fn: QTimer.singleShot(0, window, fn))
        self.server = ControlServer(path, commands_of(self)).start()

    def _dialogs(self) -> list[QDialog]:
        return [d for d in self.window.findChildren(QDialog) if d.isVisible()]

    def _close_dialogs(self) -> None:
        for dlg in self._dialogs():
            dlg.close()

    def cmd_ping(self) -> str:
        return "pong"

    def cmd_screenshot(self, path: str) -> str:
        """The window, and beside it any dialog open over it, as a person sees them."""

        def shoot() -> bool:
            shots = [self.window.grab().toImage()]
            shots += [d.grab().toImage() for d in self._dialogs()]
            width = sum(s.width() for s in shots) + 16 * (len(shots) - 1)
            height = max(s.height() for s in shots)
            sheet = QImage(width, height, QImage.Format.Format_RGB32)
            sheet.fill(QColor("#3b4252"))
            painter = QPainter(sheet)
            x = 0
            for shot in shots:
                painter.drawImage(x, 0, shot)
                x += shot.width() + 16
            painter.end()
            return bool(sheet.save(path))

        Path(path).parent.mkdir(parents=True, exist_ok=True)
        if not self.gui.call(shoot):
            raise ControlError(f"could not save {path}")
        return path

    def cmd_quit(self) -> str:
        """Close the window, as the cashier does at the end of the day."""
        QTimer.singleShot(0, self.window, self.window.close)
        return "closing"

    def cmd_status(self) -> dict[str, Any]:
        w = self.window
        status: dict[str, Any] = self.gui.call(lambda: {
            "online": bool(w.online),
            "checked": w.online is not None,  # the link checked at least once
            "queue": w.store.count("queued"),
            "pending": w.store.count("pending"),
            "state": w.state,
        })
        return status

    def cmd_charge(
        self,
        amount: int,
        items: list[dict[str, Any]] | None = None,
        code: str | None = None,
        timeout_s: float = 20.0,
    ) -> dict[str, Any]:
        w = self.window

        def ring_up() -> None:
            self._close_dialogs()
            if w.state == "result":
                w.on_action("new")
            if w.state == "waiting":
                w.back_to_entry()  # the tabs change only while the sale is open
            w.sale.clear()
            if items:
                w.set_mode(1)
                for item in items:
                    for _ in range(int(item.get("quantity", 1))):
                        w.sale.add(shown_name(w, str(item["name"])), int(item["unit_amount"]),
                                   item.get("category"))
                w.back_to_entry()
            else:
                w.set_mode(0)
                for digit in str(int(amount)):
                    w.press(digit)
            if w.sale.total_minor != amount:
                raise ControlError(f"the sale shows {w.sale.total_text()}, not {amount}")
            w.charge()
            if code is not None:
                w.code_input.setText(code)  # as a keyboard-wedge scanner types it
                w.submit_typed()

        self.gui.call(ring_up)
        shown = self.gui.wait_until(
            "the result", lambda: w.shown if w.state == "result" else None, timeout_s
        )
        return self._shown(shown)

    def _shown(self, shown: Any) -> dict[str, Any]:
        w = self.window
        ask = w.result.buttons["ask"]
        answer: dict[str, Any] = {
            "state": RESULT_NAMES.get(shown.kind, shown.kind),
            "payment_id": shown.payment.id if shown.payment else shown.key,
            "decline_code": shown.decline_code,
            # A decline as the card words it (whether the parent may be asked, a typed code):
            # the core's message is the server's plain reason.
            "message": (w.result.detail.text() if shown.kind == "declined"
                        else shown.message),
            "key": shown.key,
            # The code this sale sent (already used or refused): a script that shows it
            # again needs the one the camera took, not the one the tablet shows now.
            "code": w.current.code if w.current is not None else None,
            "ask_offered": self.gui.call(lambda: ask.isVisibleTo(w.result)),
            "ask_label": self.gui.call(lambda: ask.text().replace("  ⏎", "")),
        }
        if shown.kind == "partial":
            answer["split"] = self.gui.call(lambda: {
                "title": w.split.title.text(), "paid": w.split.paid.text(),
                "items": w.split.items.text().splitlines(), "rest": w.split.rest.text(),
                "can_remove": w.split.buttons["removed"].isVisibleTo(w.split),
            })
        return answer

    def cmd_rest(self, how: str, timeout_s: float = 20.0) -> dict[str, Any]:
        """The split card's button: the rest in cash or by card, or the blocked items off."""
        w = self.window

        def tap() -> str:
            if not w.split.isVisible():
                raise ControlError("no sale with a rest to take is on screen")
            if how != "giveback" and how not in w.split.offered:
                raise ControlError(f"{how!r} is not offered for this sale")
            key = w.split.key
            w.split.buttons[how].click()
            return key

        key = self.gui.call(tap)
        shown = self.gui.wait_until(
            "the rest", lambda: w.shown if (w.result.isVisible() and w.shown is not None
                                            and w.shown.key == key) else None, timeout_s)
        answer = self._shown(shown)
        answer["detail"] = self.gui.call(lambda: w.result.detail.text())
        answer["amount"] = self.gui.call(lambda: w.result.amount.text())
        return answer

    def cmd_receipt_png(self, key: str, path: str) -> str:
        """A sale's receipt as the PDF the cashier saves, its page rendered to a PNG."""
        from pos_app import receipt

        w = self.window

        def render() -> str:
            row = w.store.get(key)
            if row is None:
                raise ControlError(f"no sale {key} at this terminal")
            data = receipt.receipt_of(row, w.settings.merchant, w.settings.terminal_id)
            pdf = receipt.save_pdf(data, receipt.pdf_path(w.data_dir / "receipts",
                                                          data.payment_id))
            return str(receipt.pdf_to_png(pdf, Path(path)))

        Path(path).parent.mkdir(parents=True, exist_ok=True)
        found: str = self.gui.call(render)
        return found

    # --- asking the payer (issue 15 §1) ------------------------------------------------------

    def cmd_ask(self, timeout_s: float = 10.0) -> dict[str, Any]:
        """Press "Ask <payer>" on the declined card; wait for the asking card."""
        w = self.window

        def press() -> None:
            if w.state != "result" or not w.result.buttons["ask"].isVisibleTo(w.result):
                raise ControlError("no decline on screen that can be asked about")
            w.result.buttons["ask"].click()

        self.gui.call(press)
        self.gui.wait_until("the asking card", lambda: w.ask_card.isVisible(), timeout_s)
        shown: dict[str, Any] = self.gui.call(lambda: {
            "state": w.state, "title": w.ask_card.title.text(),
            "countdown": w.ask_card.countdown.text()})
        return shown

    def cmd_ask_result(self, timeout_s: float = 30.0) -> dict[str, Any]:
        """Wait for how the question ended: the sale's card, or the plain words."""
        w = self.window
        self.gui.wait_until("the answer", lambda: w.state == "result" or None, timeout_s)
        title = self.gui.call(lambda: w.result.title.text())
        if w.result.kind == "ask_closed" or w.shown is None:
            return {"state": "ask_closed", "title": title,
                    "message": self.gui.call(lambda: w.result.detail.text())}
        return {**self._shown(w.shown), "title": title,
                "approval_id": w.shown.payment.approval_id if w.shown.payment else None}

    def cmd_sync(self, timeout_s: float = 30.0) -> dict[str, Any]:
        """Wait until the link is back and the offline queue has gone to the server."""
        w = self.window
        self.gui.wait_until(
            "the queue to be forwarded",
            lambda: getattr(w, "online", False) and w.store.count("queued") == 0,
            timeout_s,
        )
        return self.cmd_status()

    def cmd_payment(self, payment_id: str) -> dict[str, Any]:
        """What the server holds for a payment of this shop (by its id or a sale's key)."""
        s = self.window.settings
        row = self.gui.call(lambda: self.window.store.get(payment_id))
        pid = row.payment_id if row is not None and row.payment_id else payment_id
        with Client(s.server_url, token=s.api_key, timeout_s=s.timeout_s) as client:
            found: dict[str, Any] = client.payment(pid).model_dump(mode="json")
        return found

    def cmd_refund(self, payment_id: str, amount: int, timeout_s: float = 15.0) -> dict[str, Any]:
        w = self.window

        def open_it() -> QDialog:
            self._close_dialogs()
            if w.state == "result":
                w.on_action("new")
            key = next((r.key for r in w.store.since(report.start_of_day())
                        if r.payment_id == payment_id), None)
            if key is None:
                raise ControlError(f"no payment {payment_id} today at this terminal")
            dlg = w.refund_dialog(key)
            _child(dlg, QLineEdit, "refund_amount").setText(
                format_minor(amount, w.sale.currency, symbol=False))
            _child(dlg, QPushButton, "refund_part").click()
            return dlg

        dlg = self.gui.call(open_it)
        confirm = self.gui.call(lambda: _child(dlg, QPushButton, "refund_confirm"))
        # It takes a click only once it has been on screen a moment (pos_app.refund).
        self.gui.wait_until("the refund's Yes", confirm.isEnabled, timeout_s)
        self.gui.call(confirm.click)  # as the cashier confirms
        refunded = self.gui.wait_until(
            "the refund", lambda: dlg.property("refunded"), timeout_s
        )
        return {"refunded": int(refunded)}

    def cmd_report(self) -> dict[str, Any]:
        w = self.window

        def open_it() -> dict[str, Any]:
            self._close_dialogs()
            if w.state == "result":
                w.on_action("new")
            data = report.compute(w.store, w.sale.currency)
            w.open_report()
            return {
                "approved_count": data.lines["approved"].count,
                "approved_total": data.lines["approved"].total_minor,
                "declined_count": data.lines["declined"].count
                + data.lines["offline_declined"].count + data.unpaid.count,
                "unpaid_count": data.unpaid.count,
                "unpaid_total": data.unpaid.total_minor,
                "refunded_total": data.refunds_minor,
                "pending_offline": data.offline_pending.count,
                "tenders": dict(data.tenders),
            }

        result: dict[str, Any] = self.gui.call(open_it)
        return result


def _child(parent: QWidget, kind: type[C], name: str) -> C:
    found = parent.findChild(kind, name)
    if found is None:
        raise ControlError(f"the screen has no {name!r}")
    return found


def shown_name(w: Any, name: str) -> str:
    """A catalogue item's name in the till's language (the demo names items in English)."""
    try:
        return str(w.catalogue.find(name).name)
    except KeyError:
        return name
