"""The screens around the sale: today's history, receipt, end-of-day report, and the
banner for offline payments the server declined. Refunds are in pos_app.refund, settings
in pos_app.settings_dialog. Dialogs open window-modal without blocking (`open()`), and the
window keeps the open one in `window.dialog`.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kinpay import schemas
from kinpay.money import format_minor
from pos_app import receipt, report
from pos_app.core.store import SaleRow
from pos_app.widgets import theme
from pos_app.widgets.keypad import button, plain_label

if TYPE_CHECKING:
    from pos_app.app import MainWindow

HEADERS = ["Time", "Amount", "Status", "Delegate", "Refunded", "Payment"]
STATUS_WORDS = {
    "approved": "Approved",
    "declined": "Declined",
    "queued": "Offline · queued",
    "pending": "Not confirmed",
    "offline_declined": "Declined offline",
}


class Banner(QFrame):
    """Offline payments the server declined on upload: shown until the cashier has seen them."""

    dismissed = Signal(list)  # keys

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setStyleSheet(f"QFrame#banner {{ background: {theme.BAD_BG}; border: 3px solid "
                           f"{theme.BAD}; border-radius: 12px; }}")
        row = QHBoxLayout(self)
        self.text = plain_label()
        self.text.setObjectName("banner_text")
        self.text.setWordWrap(True)
        self.text.setStyleSheet(f"color: {theme.BAD}; font-size: 19px; font-weight: 700;"
                                " border: none;")
        row.addWidget(self.text, 1)
        ok = button("Seen", "danger", "banner_ok")
        ok.clicked.connect(self._ok)
        row.addWidget(ok)
        self.keys: list[str] = []
        self.hide()

    def show_declines(self, rows: list[SaleRow]) -> None:
        for r in rows:
            if r.key not in self.keys:
                self.keys.append(r.key)
        lines = [
            f"An offline payment of {format_minor(r.amount, r.currency)} at "
            f"{time.strftime('%H:%M', time.localtime(r.created_at))}"
            f"{' (' + r.delegate + ')' if r.delegate else ''} was declined by the server: "
            f"{schemas.decline_text(r.decline_code)} The shop was not paid for it."
            for r in rows
        ]
        previous = self.text.text()
        self.text.setText("\n".join(([previous] if previous else []) + lines))
        self.show()

    def _ok(self) -> None:
        keys, self.keys = self.keys, []
        self.text.setText("")
        self.hide()
        self.dismissed.emit(keys)


def dialog(window: MainWindow, title: str, name: str) -> tuple[QDialog, QVBoxLayout]:
    if window.dialog is not None:
        window.dialog.close()
    dlg = QDialog(window)
    dlg.setObjectName(name)
    dlg.setWindowTitle(title)
    dlg.setStyleSheet(theme.STYLE)
    lay = QVBoxLayout(dlg)
    lay.setContentsMargins(20, 16, 20, 16)
    lay.setSpacing(12)
    head = plain_label(title)
    head.setStyleSheet("font-size: 28px; font-weight: 800;")
    lay.addWidget(head)
    window.dialog = dlg
    dlg.finished.connect(lambda _r: setattr(window, "dialog", None)
                         if window.dialog is dlg else None)
    return dlg, lay


def close_row(dlg: QDialog, *extra: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for w in extra:
        row.addWidget(w)
    row.addStretch(1)
    close = button("Close", None, "close")
    close.clicked.connect(dlg.reject)
    row.addWidget(close)
    return row


def sales_table(rows: list[SaleRow], name: str) -> QTableWidget:
    table = QTableWidget(0, len(HEADERS))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(HEADERS)
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    fill_sales_table(table, rows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
    return table


def refunded_text(r: SaleRow) -> str:
    if not r.refunded:
        return ""
    shown = format_minor(r.refunded, r.currency)
    return f"{shown} (all)" if r.refunded >= r.amount else shown


def fill_sales_table(table: QTableWidget, rows: list[SaleRow]) -> None:
    table.clearContents()
    table.setRowCount(len(rows))
    for i, r in enumerate(rows):
        values = [
            time.strftime("%H:%M:%S", time.localtime(r.created_at)),
            format_minor(r.amount, r.currency),
            STATUS_WORDS.get(r.status, r.status)
            + (f" · {r.decline_code}" if r.decline_code else ""),
            r.delegate or "",
            refunded_text(r),
            (r.payment_id or r.key)[:14],
        ]
        for j, v in enumerate(values):
            item = QTableWidgetItem(v)
            if j == 1:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if r.status in ("declined", "offline_declined"):
                item.setForeground(Qt.GlobalColor.darkRed)
            table.setItem(i, j, item)
        table.setRowHeight(i, 48)


# --- today's history ---------------------------------------------------------------------


def open_history(window: MainWindow) -> QDialog:
    dlg, lay = dialog(window, "Today’s sales", "history")
    rows = window.store.since(report.start_of_day())
    table = sales_table(rows, "history_table")
    lay.addWidget(table, 1)
    approved = [r for r in rows if r.status == "approved"]
    total = sum(r.amount - r.refunded for r in approved)
    summary = plain_label(f"{len(rows)} sales · {len(approved)} approved · net "
                     f"{format_minor(total, window.sale.currency)}")
    summary.setObjectName("history_summary")
    summary.setStyleSheet("font-weight: 700;")
    lay.addWidget(summary)

    def selected() -> SaleRow | None:
        index = table.currentRow()
        return rows[index] if 0 <= index < len(rows) else None

    show = button("Receipt", None, "history_receipt")
    show.clicked.connect(lambda: (r := selected()) and open_receipt(window, r.key))
    refund = button("Refund…", None, "history_refund")

    def do_refund() -> None:
        from pos_app.manager import with_pin
        from pos_app.refund import open_refund

        r = selected()
        with_pin(window, "A refund", lambda: open_refund(window, r.key if r else None))

    def on_select() -> None:
        r = selected()
        refund.setEnabled(r is None or r.refundable_minor > 0)  # nothing left: not offered

    table.itemSelectionChanged.connect(on_select)
    refund.clicked.connect(do_refund)
    lay.addLayout(close_row(dlg, show, refund))
    dlg.resize(1100, 640)
    dlg.open()
    return dlg


def open_refund(window: MainWindow) -> QDialog | None:
    from pos_app.manager import with_pin
    from pos_app.refund import open_refund as _open

    return with_pin(window, "A refund", lambda: _open(window, None))


# --- receipt --------------------------------------------------------------------------------


def open_receipt(window: MainWindow, key: str) -> QDialog | None:
    row = window.store.get(key)
    if row is None:
        return None
    data = receipt.receipt_of(row, window.settings.merchant, window.settings.terminal_id)
    dlg, lay = dialog(window, "Receipt", "receipt")
    scroll = QScrollArea()
    scroll.setWidget(receipt.ReceiptView(data))
    scroll.setWidgetResizable(False)
    scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
    scroll.setStyleSheet(f"background: {theme.PAPER}; border: none;")
    lay.addWidget(scroll, 1)
    note = plain_label("")
    note.setObjectName("receipt_note")
    note.setWordWrap(True)
    lay.addWidget(note)
    pdf = button("Save PDF", "primary", "receipt_pdf")

    def save() -> None:
        path = receipt.pdf_path(window.data_dir / "receipts", data.payment_id)
        receipt.save_pdf(data, path)
        note.setText(f"Saved: {path}")

    pdf.clicked.connect(save)
    lay.addLayout(close_row(dlg, pdf))
    dlg.resize(520, 900)
    dlg.open()
    return dlg


# --- end of day -------------------------------------------------------------------------------


def open_report(window: MainWindow) -> QDialog:
    data = report.compute(window.store, window.sale.currency)
    dlg, lay = dialog(window, f"End of day · {data.day}", "report")
    rows = report.summary_rows(data)
    table = QTableWidget(len(rows), 3)
    table.setObjectName("report_table")
    table.setHorizontalHeaderLabels(["", "Count", "Total"])
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    for i, values in enumerate(rows):
        for j, v in enumerate(values):
            item = QTableWidgetItem(v)
            if j:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if i == len(rows) - 1:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            table.setItem(i, j, item)
        table.setRowHeight(i, 50)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
    lay.addWidget(table, 1)
    pending = data.offline_pending
    warn = plain_label(
        f"{pending.count} offline payment(s) of "
        f"{format_minor(pending.total_minor, data.currency)} still wait to be sent."
        if pending.count else "Every offline payment has been sent to the server."
    )
    warn.setObjectName("report_pending")
    warn.setStyleSheet(f"color: {theme.WARN if pending.count else theme.GOOD};"
                       " font-weight: 700;")
    lay.addWidget(warn)
    note = plain_label("")
    note.setObjectName("report_note")
    note.setWordWrap(True)
    lay.addWidget(note)
    folder = window.data_dir / "reports"
    csv_button = button("Export CSV", None, "report_csv")
    csv_button.clicked.connect(
        lambda: note.setText(f"Saved: {report.write_csv(data, folder / f'{data.day}.csv')}"))
    pdf = button("Print (PDF)", "primary", "report_pdf")
    pdf.clicked.connect(lambda: note.setText(
        f"Saved: {report.save_pdf(data, window.settings.merchant, folder / f'{data.day}.pdf')}"))
    lay.addLayout(close_row(dlg, csv_button, pdf))
    dlg.resize(820, 680)
    dlg.open()
    return dlg


def open_settings(window: MainWindow) -> QDialog | None:
    from pos_app.manager import with_pin
    from pos_app.settings_dialog import open_settings as _open

    return with_pin(window, "Changing the settings", lambda: _open(window))
