"""The screens around the sale: today's history, receipt, end-of-day report, and the
parts they share (the banner, the sales table, DialogHost) in pos_app.widgets.dialogs.
Refunds are in pos_app.refund, settings in pos_app.settings_dialog. Each dialog gets what
it shows (the journal, the currency, a folder) and callbacks for where it leads, never the
window; it opens window-modal without blocking (`open()`) through a DialogHost.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
)

from kinpay.money import format_minor
from pos_app import receipt, report
from pos_app.core.store import SaleRow, Store
from pos_app.widgets import theme
from pos_app.widgets.dialogs import DialogHost, close_row, dialog, fit, sales_table
from pos_app.widgets.keypad import button, plain_label
from pos_app.words import counts, sentences

if TYPE_CHECKING:
    from pos_app.settings import Settings

translate = QCoreApplication.translate


# --- today's history ---------------------------------------------------------------------


def open_history(host: DialogHost, store: Store, currency: str, *,
                 on_receipt: Callable[[str], object],
                 on_refund: Callable[[str | None], object]) -> QDialog:
    dlg, lay = dialog(host, translate("Screens", "Today’s sales"), "history")
    # The day's reckoning is End of day's (report.compute): the same net, the same tenders.
    day = report.compute(store, currency)
    rows = day.rows  # each marked when the parent was asked (pos_app.core.asked)
    table = sales_table(rows, "history_table", translate("Screens", "Today’s sales"))
    lay.addWidget(table, 1)
    summary = plain_label(summary_text(day))
    summary.setObjectName("history_summary")
    summary.setStyleSheet("font-weight: 700;")
    lay.addWidget(summary)
    unpaid = plain_label(unpaid_text(day), "history_unpaid")
    unpaid.setWordWrap(True)
    unpaid.setStyleSheet(f"color: {theme.BAD}; font-weight: 700;")
    lay.addWidget(unpaid)  # in the dialog first: a widget shown alone is a window
    unpaid.setVisible(bool(unpaid.text()))
    tenders = plain_label(tenders_text(day), "history_tenders")
    tenders.setWordWrap(True)
    lay.addWidget(tenders)
    tenders.setVisible(bool(tenders.text()))

    def selected() -> SaleRow | None:
        index = table.currentRow()
        return rows[index] if 0 <= index < len(rows) else None

    show = button(translate("Screens", "Receipt"), None, "history_receipt")
    show.clicked.connect(lambda: (r := selected()) and on_receipt(r.key))
    refund = button(translate("Screens", "Refund…"), None, "history_refund")

    def do_refund() -> None:
        r = selected()
        on_refund(r.key if r else None)

    def on_select() -> None:
        r = selected()
        refund.setEnabled(r is None or r.refundable_minor > 0)  # nothing left: not offered

    table.itemSelectionChanged.connect(on_select)
    refund.clicked.connect(do_refund)
    lay.addLayout(close_row(dlg, show, refund))
    fit(dlg, host, 1100, 640)
    dlg.open()
    return dlg


def unpaid_text(day: report.Report) -> str:
    """What the shop is owed: offline sales the server declined when they were sent, their
    goods handed over; empty when there are none."""
    unpaid = day.unpaid
    if not unpaid.count:
        return ""
    return translate("Screens", "Not paid: {payments}, {amount} in all, declined by the server "
                                "after the goods were handed over. Collect it from the "
                                "family.").format(
        payments=counts.offline_waiting(unpaid.count),
        amount=format_minor(unpaid.total_minor, day.currency))


def summary_text(day: report.Report) -> str:
    """"8 sales · 2 approved · net ¥16.00", and what was taken offline apart until the
    server settles it ("· ¥38.00 offline, not yet confirmed"): it counted in the net, and
    the server may still decline it (live test 34 §4)."""
    text = translate("Screens", "{sales} · {approved} · net {amount}").format(
        sales=counts.sales(len(day.rows)),
        approved=counts.approved(day.lines["approved"].count),
        amount=format_minor(day.net_minor, day.currency))
    queued = day.offline_pending
    if queued.count:
        text = translate("Screens", "{summary} · {amount} offline, not yet confirmed").format(
            summary=text, amount=format_minor(queued.total_minor, day.currency))
    if day.unconfirmed:  # sent, no answer yet: not in the net (live QA 36 §1)
        text = translate("Screens", "{summary} · refunds −{amount} not confirmed "
                                    "(retrying)").format(
            summary=text, amount=format_minor(day.unconfirmed_minor, day.currency))
    return text


def unconfirmed_text(day: report.Report) -> str:
    """Refunds sent and not answered: the till sends them again by itself, and until then
    the day is not all sent (live QA 36 §1: "Every offline payment has been sent", in green,
    beside a refund the server had done and the report left out); empty when none."""
    if not day.unconfirmed:
        return ""
    return translate("Screens", "Refunds not confirmed: {count}, {amount} in all. The till "
                                "sends them again by itself, with the same key, when the "
                                "link is back; they are not in the net until the server "
                                "answers.").format(
        count=len(day.unconfirmed), amount=format_minor(day.unconfirmed_minor, day.currency))


def tenders_text(day: report.Report) -> str:
    """What the net is made of, when more than the code's part: "kinpay code ¥104.80 ·
    cash ¥9.00 · card ¥10.00 · refunds −¥6.00 (allowance ¥5.00 + cash ¥1.00)"; empty on
    a day of code sales only. Refunds: all they gave back, as End of day counts them."""
    t, cur = day.tenders, day.currency
    back = day.given_back_minor
    if not (t["cash"] or t["card"] or back):
        return ""
    return translate("Screens", "kinpay code {code} · cash {cash} · card {card} · refunds "
                                "−{refunds}").format(
        code=format_minor(t["code"], cur), cash=format_minor(t["cash"], cur),
        card=format_minor(t["card"], cur), refunds=report.refunded_words(
            day.refunds_minor, day.other_refunds_minor, cur, mixed=True))


# --- receipt --------------------------------------------------------------------------------


def open_receipt(host: DialogHost, store: Store, settings: Settings, data_dir: Path,
                 key: str, *, over: QDialog | None = None) -> QDialog | None:
    """The sale's receipt; `over`: the dialog it opens over (Today's sales), there again
    when the receipt closes (live 33 §16: the list closed, and checking several receipts
    meant opening it again for each)."""
    row = store.get(key)
    if row is None:
        return None
    data = receipt.receipt_of(row, settings.merchant, settings.terminal_id)
    dlg, lay = dialog(host, translate("Screens", "Receipt"), "receipt", over=over)
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
    pdf = button(translate("Screens", "Save PDF"), "primary", "receipt_pdf")

    def save() -> None:
        path = receipt.pdf_path(data_dir / "receipts", data.payment_id)
        receipt.save_pdf(data, path)
        note.setText(translate("Screens", "Saved: {path}").format(path=path))

    pdf.clicked.connect(save)
    lay.addLayout(close_row(dlg, pdf))
    fit(dlg, host, 520, 900)
    dlg.open()
    return dlg


# --- end of day -------------------------------------------------------------------------------


def _day_button(name: str, text: str, tip: str, to_s: int,
                go: Callable[[int], object]) -> QPushButton:
    """◀ or ▶ in the report: the day `to_s` falls in, never a day still to come."""
    step = button(text, None, name)
    step.setToolTip(tip)
    step.setAccessibleName(tip)
    step.setEnabled(to_s <= report.start_of_day())
    step.clicked.connect(lambda _=False: go(to_s))
    return step


REPORT_ROW_PX = 34  # a line read, not tapped: twelve lines fit a 768-pixel screen


def open_report(host: DialogHost, store: Store, currency: str, merchant: str,
                folder: Path, *, day_s: int | None = None) -> QDialog:
    """The end of the day `day_s` falls in (today by default). ◀ and ▶ go to the day
    before and after (not past today): a shop that closes after midnight still prints the
    day it sold on."""
    data = report.compute(store, currency, now_s=day_s)
    # "This till": a shop's other tills keep their own journals (live test 34 §14).
    title = translate("Screens", "End of day · this till · {day}").format(day=data.day_text)
    dlg, lay = dialog(host, title, "report")
    rows = report.summary_rows(data)
    table = QTableWidget(len(rows), 3)
    table.setObjectName("report_table")
    table.setAccessibleName(title)  # what a screen reader calls it
    table.setHorizontalHeaderLabels(["", translate("Screens", "Count"),
                                     translate("Screens", "Total")])
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
        table.setRowHeight(i, REPORT_ROW_PX)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
    lay.addWidget(table, 1)
    pending, owed = data.offline_pending, unpaid_text(data)
    waiting = (translate("Screens", "Not sent yet: {payments}, {amount} in all.").format(
        payments=counts.offline_waiting(pending.count),
        amount=format_minor(pending.total_minor, data.currency)) if pending.count else "")
    waiting = sentences(waiting, unconfirmed_text(data)) if data.unconfirmed else waiting
    # The all-clear only when nothing is owed either: green beside unpaid sales hid them.
    warn = plain_label(sentences(waiting, owed) if waiting or owed else translate(
        "Screens", "Every offline payment has been sent to the server."))
    warn.setObjectName("report_pending")
    warn.setWordWrap(True)
    colour = theme.BAD if owed else theme.WARN if waiting else theme.GOOD
    warn.setStyleSheet(f"color: {colour}; font-weight: 700;")
    lay.addWidget(warn)
    note = plain_label("")
    note.setObjectName("report_note")
    note.setWordWrap(True)
    lay.addWidget(note)
    csv_button = button(translate("Screens", "Export CSV"), None, "report_csv")
    csv_button.clicked.connect(
        lambda: note.setText(translate("Screens", "Saved: {path}").format(
            path=report.write_csv(data, folder / f"{data.day}.csv"))))
    pdf = button(translate("Screens", "Print (PDF)"), "primary", "report_pdf")
    pdf.clicked.connect(lambda: note.setText(translate("Screens", "Saved: {path}").format(
        path=report.save_pdf(data, merchant, folder / f"{data.day}.pdf"))))
    days = [_day_button(name, text, tip, to_s, lambda at: open_report(
                host, store, currency, merchant, folder, day_s=at))
            for name, text, tip, to_s in (
                ("report_before", "◀", translate("Screens", "The day before"),
                 data.start_s - 1),
                ("report_after", "▶", translate("Screens", "The day after"),
                 report.next_day(data.start_s)))]
    lay.addLayout(close_row(dlg, *days, csv_button, pdf))
    fit(dlg, host, 820, 800)  # all its lines, the net takings last, on a 768-px screen
    dlg.open()
    return dlg
