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
        return {
            "state": RESULT_NAMES.get(shown.kind, shown.kind),
            "payment_id": shown.payment.id if shown.payment else shown.key,
            "decline_code": shown.decline_code,
            "message": shown.message,
        }

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
            _child(dlg, QPushButton, "refund_confirm").click()  # as the cashier confirms
            return dlg

        dlg = self.gui.call(open_it)
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
                + data.lines["offline_declined"].count,
                "refunded_total": data.refunds_minor,
                "pending_offline": data.offline_pending.count,
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
