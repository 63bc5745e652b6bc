"""Refunds: choose one of today's approved payments, give back all of it or part.

The cashier confirms each refund (amount and who gets it) before it is sent. Its
idempotency key is written to the terminal's journal *before* it is sent, so a refund
whose answer never came is sent again with the same key, after a closed dialog or a
restart, and is never paid twice: while one is unanswered, it is the one sent. A payment
refunded in full leaves the list. The manager's PIN guards this screen (pos_app.manager).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLineEdit

from kinpay.client import Client, new_idempotency_key
from kinpay.errors import AmountError, ApiError, TransportError
from kinpay.money import format_minor, parse_minor
from pos_app import report, screens
from pos_app.ops import Op
from pos_app.store import SaleRow, now_s
from pos_app.widgets import theme
from pos_app.widgets.keypad import button, plain_label

if TYPE_CHECKING:
    from pos_app.app import MainWindow


def refundable(window: MainWindow) -> list[SaleRow]:
    return [r for r in window.store.since(report.start_of_day()) if r.refundable_minor > 0]


def _send(window: MainWindow, payment_id: str, minor: int, key: str) -> Any:
    link = window.settings
    with Client(link.server_url, token=link.api_key, timeout_s=link.timeout_s,
                retries=1) as client:
        return client.refund(payment_id, minor, idempotency_key=key)


def open_refund(window: MainWindow, key: str | None) -> QDialog:
    dlg, lay = screens.dialog(window, "Refund", "refund")
    lay.addWidget(plain_label("Choose the payment, then refund all of it or type a part."))
    rows = refundable(window)
    table = screens.sales_table(rows, "refund_table")
    lay.addWidget(table, 1)
    amount_row = QHBoxLayout()
    amount_row.addWidget(plain_label("Amount to refund"))
    amount = QLineEdit()
    amount.setObjectName("refund_amount")
    amount_row.addWidget(amount, 1)
    lay.addLayout(amount_row)
    note = plain_label("", "refund_note")
    note.setWordWrap(True)
    lay.addWidget(note)
    asked: dict[str, Any] = {}  # the refund waiting for the cashier's "yes"

    def selected() -> SaleRow | None:
        index = table.currentRow()
        return rows[index] if 0 <= index < len(rows) else None

    def say(text: str, good: bool | None) -> None:
        note.setText(text)
        note.setStyleSheet("" if good is None else
                           f"color: {theme.GOOD if good else theme.BAD}; font-weight: 700;")

    def on_select() -> None:
        r = selected()
        ask(False)
        if r is not None:
            amount.setText(format_minor(r.refundable_minor, r.currency, symbol=False))
            say(f"Up to {format_minor(r.refundable_minor, r.currency)} can be refunded.", None)

    def reload(select_key: str | None) -> None:
        rows[:] = refundable(window)
        screens.fill_sales_table(table, rows)
        index = next((i for i, r in enumerate(rows) if r.key == select_key), -1)
        if index >= 0:
            table.selectRow(index)
        else:
            amount.clear()

    def ask(show: bool) -> None:
        for b in (full, part):
            b.setVisible(not show)
        for b in (confirm, cancel):
            b.setVisible(show)
        if not show:
            asked.clear()

    def request(whole: bool) -> None:
        r = selected()
        if r is None:
            say("Choose a payment first.", False)
            return
        try:
            minor = r.refundable_minor if whole else parse_minor(amount.text(), r.currency)
        except AmountError as exc:
            say(f"That amount can't be used: {exc}", False)
            return
        if not 0 < minor <= r.refundable_minor:
            say(f"Refund between {format_minor(1, r.currency)} and "
                f"{format_minor(r.refundable_minor, r.currency)}.", False)
            return
        asked.update(row=r, minor=minor)
        ask(True)
        say(f"Refund {format_minor(minor, r.currency)} of the "
            f"{format_minor(r.amount, r.currency)} payment to {r.delegate or 'the customer'}?"
            " It can't be undone.", None)

    def send() -> None:
        r, minor = asked["row"], asked["minor"]
        ask(False)
        earlier = window.store.pending_refund(r.key)
        if earlier is not None:
            # An unanswered refund of this payment goes first, with its own key and amount.
            idem, minor = str(earlier["key"]), int(earlier["amount"])
        else:
            idem = new_idempotency_key()
            window.store.begin_refund(key=idem, sale_key=r.key, payment_id=str(r.payment_id),
                                      amount=minor, currency=r.currency, now_s=now_s())
        payment_id = str(r.payment_id)

        def ok(result: Any) -> None:
            total = getattr(getattr(result, "payment", None), "refunded", None)
            window.store.finish_refund(
                key=idem, sale_key=r.key, refund_id=str(getattr(result, "id", "")),
                refunded_total=int(total if total is not None else r.refunded + minor),
                now_s=now_s())
            reload(r.key)
            say(f"Refunded {format_minor(minor, r.currency)}. Give it back to "
                f"{r.delegate or 'the customer'}; the allowance is restored.", True)
            dlg.setProperty("refunded", minor)

        def failed(exc: Exception) -> None:
            if isinstance(exc, TransportError):
                say("The server did not answer. Press Refund again: the same refund is sent "
                    "with the same key, so it is never paid twice.", False)
                return
            window.store.drop_refund(idem)  # refused: nothing was refunded
            if isinstance(exc, ApiError):
                say(f"The server refused the refund: {exc.message}", False)
            else:
                say(f"The refund failed: {exc}", False)

        say("Sending the refund…" if earlier is None else
            f"Sending the unanswered refund of {format_minor(minor, r.currency)} again…", True)
        Op(lambda: _send(window, payment_id, minor, idem)).success(ok).failure(failed).run()

    full = button("Refund all", "primary", "refund_full")
    full.clicked.connect(lambda: request(True))
    part = button("Refund this amount", None, "refund_part")
    part.clicked.connect(lambda: request(False))
    confirm = button("Yes, refund", "danger", "refund_confirm")
    confirm.clicked.connect(send)
    cancel = button("No", None, "refund_cancel")
    cancel.clicked.connect(lambda: (ask(False), on_select()))
    table.itemSelectionChanged.connect(on_select)
    lay.addLayout(screens.close_row(dlg, full, part, confirm, cancel))
    ask(False)
    if rows:
        table.selectRow(next((i for i, r in enumerate(rows) if r.key == key), 0))
    else:
        say("No payment today can be refunded.", False)
    dlg.resize(1100, 640)
    dlg.open()
    return dlg
