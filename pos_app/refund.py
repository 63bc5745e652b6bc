"""Refunds: choose one of today's approved payments, give back all of it or part.

The refund request carries an idempotency key made once per refund the cashier asks for
and kept if they press the button again after a timeout, so a refund is never paid twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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


def open_refund(window: MainWindow, key: str | None) -> QDialog:
    rows = refundable(window)
    dlg, lay = screens.dialog(window, "Refund", "refund")
    lay.addWidget(plain_label("Choose the payment, then refund all of it or type a part."))
    table = screens.sales_table(rows, "refund_table")
    lay.addWidget(table, 1)
    amount_row = QHBoxLayout()
    amount_row.addWidget(plain_label("Amount to refund"))
    amount = QLineEdit()
    amount.setObjectName("refund_amount")
    amount_row.addWidget(amount, 1)
    lay.addLayout(amount_row)
    note = plain_label("")
    note.setObjectName("refund_note")
    note.setWordWrap(True)
    lay.addWidget(note)
    state: dict[str, str | None] = {"key": None, "for": None}

    def selected() -> SaleRow | None:
        index = table.currentRow()
        return rows[index] if 0 <= index < len(rows) else None

    def on_select() -> None:
        r = selected()
        if r is not None:
            amount.setText(format_minor(r.refundable_minor, r.currency, symbol=False))
            note.setText(f"Up to {format_minor(r.refundable_minor, r.currency)} can be refunded.")
            note.setStyleSheet("")

    def say(text: str, good: bool) -> None:
        note.setText(text)
        note.setStyleSheet(f"color: {theme.GOOD if good else theme.BAD}; font-weight: 700;")

    def do_refund(full: bool) -> None:
        r = selected()
        if r is None:
            say("Choose a payment first.", False)
            return
        try:
            minor = r.refundable_minor if full else parse_minor(amount.text(), r.currency)
        except AmountError as exc:
            say(f"That amount can't be used: {exc}", False)
            return
        if not 0 < minor <= r.refundable_minor:
            say(f"Refund between {format_minor(1, r.currency)} and "
                f"{format_minor(r.refundable_minor, r.currency)}.", False)
            return
        # One key per refund asked for; a retry of the same refund keeps it.
        request = f"{r.key}:{minor}"
        if state["for"] != request:
            state["key"], state["for"] = new_idempotency_key(), request
        idem = str(state["key"])
        link = window.settings
        payment_id = str(r.payment_id)

        def work() -> object:
            with Client(link.server_url, token=link.api_key, timeout_s=link.timeout_s,
                        retries=1) as client:
                return client.refund(payment_id, minor, idempotency_key=idem)

        def ok(result: object) -> None:
            refunded_total = getattr(getattr(result, "payment", None), "refunded", None)
            window.store.record_refund(
                key=idem, sale_key=r.key, payment_id=payment_id, amount=minor,
                currency=r.currency, refund_id=str(getattr(result, "id", "")),
                refunded_total=int(refunded_total if refunded_total is not None
                                   else r.refunded + minor),
                now_s=now_s(),
            )
            state["key"] = state["for"] = None
            r.refunded = int(refunded_total if refunded_total is not None
                             else r.refunded + minor)
            amount.setText(format_minor(r.refundable_minor, r.currency, symbol=False))
            say(f"Refunded {format_minor(minor, r.currency)}. Give it back to "
                f"{r.delegate or 'the customer'}; the allowance is restored.", True)
            dlg.setProperty("refunded", minor)

        def failed(exc: Exception) -> None:
            if isinstance(exc, ApiError):
                say(f"The server refused the refund: {exc.message}", False)
            elif isinstance(exc, TransportError):
                say("The server did not answer. Press Refund again: it is sent with the "
                    "same key, so it is never paid twice.", False)
            else:
                say(f"The refund failed: {exc}", False)

        say("Sending the refund…", True)
        Op(work).success(ok).failure(failed).run()

    table.itemSelectionChanged.connect(on_select)
    full = button("Refund all", "primary", "refund_full")
    full.clicked.connect(lambda: do_refund(True))
    part = button("Refund this amount", None, "refund_part")
    part.clicked.connect(lambda: do_refund(False))
    lay.addLayout(screens.close_row(dlg, full, part))
    if rows:
        index = next((i for i, r in enumerate(rows) if r.key == key), 0)
        table.selectRow(index)
    else:
        say("No payment today can be refunded.", False)
    dlg.resize(1100, 640)
    dlg.open()
    return dlg
