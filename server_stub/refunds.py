"""Refunds: a terminal gives back up to what a payment's code paid, through the ledger and
the allowance with it, and records what a split sale's other tender gave back (issue 15 §2).
Idempotent per (terminal, key), like payments."""

from __future__ import annotations

from kinpay import schemas
from server_stub import events, ledger, spend, tenders
from server_stub.auth import TerminalPrincipal
from server_stub.db import Conn, Row
from server_stub.errors import Conflict
from server_stub.history import payment_answer
from server_stub.payments import merchants_payment
from server_stub.security import new_id


def refund(
    conn: Conn,
    *,
    terminal: TerminalPrincipal,
    payment_id: str,
    req: schemas.RefundRequest,
    idem_key: str | None,
    req_hash: str,
    now_s: int,
) -> tuple[schemas.Refund, bool]:
    """Writer job: give back up to what was paid, and the allowance with it."""
    if idem_key is not None:
        prior = conn.one(
            "SELECT * FROM refunds WHERE terminal_id = ? AND idem_key = ?",
            (terminal.id, idem_key),
        )
        if prior is not None:
            if prior["request_hash"] != req_hash or prior["payment_id"] != payment_id:
                raise Conflict(
                    "this Idempotency-Key was used for another request",
                    code="idempotency_conflict",
                )
            return _refund_answer(conn, prior), True
    row = merchants_payment(conn, terminal, payment_id)
    if row["status"] != "approved":
        raise Conflict("only an approved payment can be refunded", code="not_refundable")
    tenders.check_refund(row, req)
    grant = conn.one("SELECT * FROM grants WHERE id = ?", (row["grant_id"],))
    assert grant is not None
    refund_id = new_id()
    if req.amount:
        _refund_code_part(conn, terminal, row, grant, req.amount, refund_id, now_s)
    if req.other_amount:  # given back by the cashier; recorded so it is never given twice
        tenders.given_back(conn, payment_id, req.other_amount)
    conn.execute(
        "INSERT INTO refunds (id, payment_id, terminal_id, idem_key, request_hash, amount,"
        " other_amount, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (refund_id, payment_id, terminal.id, idem_key, req_hash, req.amount, req.other_amount,
         now_s),
    )
    prior_row = conn.one("SELECT * FROM refunds WHERE id = ?", (refund_id,))
    answer = _refund_answer(conn, prior_row)
    note = {**answer.payment.model_dump(), "kind": "refund", "refund_amount": req.amount,
            "refund_id": refund_id}
    for user_id in (grant["payer_id"], grant["delegate_id"]):
        events.emit(conn, user_id=user_id, type_="refund", data=note, now_s=now_s)
    return answer, False


def _refund_code_part(
    conn: Conn, terminal: TerminalPrincipal, row: Row, grant: Row, amount: int,
    refund_id: str, now_s: int,
) -> None:
    """The code's part of a refund: back through the ledger, and the allowance with it."""
    ledger.post(conn, kind="refund", amount=amount, currency=row["currency"], ref_id=refund_id,
                debit=ledger.account_id(conn, "merchant", terminal.merchant_id, row["currency"]),
                credit=ledger.account_id(conn, "payer", grant["payer_id"], row["currency"]),
                now_s=now_s)
    conn.execute("UPDATE payments SET refunded = refunded + ? WHERE id = ?", (amount, row["id"]))
    lowered = [(str(grant["id"]), p) for p in (row["periods"] or "").split(",") if p]
    # ... and the allowances given since it ended, which started with it counted (carried,
    # grants._carry_spend, or counted so at an offline upload, server_stub/spend.py): the
    # child's "today" there stayed as if unrefunded, the till saying "restored". Only in
    # the day and month that counted it: the sale's day in a new zone's allowance may be a
    # day that never did (attack review 37).
    lowered += spend.counted_later(conn, grant, row, now_s)
    for grant_id, period in lowered:
        conn.execute(
            "UPDATE spend SET amount = CASE WHEN amount > ? THEN amount - ? ELSE 0 END"
            " WHERE grant_id = ? AND period = ?",
            (amount, amount, grant_id, period),
        )


def _refund_answer(conn: Conn, refund_row: Row) -> schemas.Refund:
    payment = conn.one("SELECT * FROM payments WHERE id = ?", (refund_row["payment_id"],))
    assert payment is not None, "a refund always has its payment"
    return schemas.Refund(
        id=refund_row["id"],
        payment_id=refund_row["payment_id"],
        amount=int(refund_row["amount"]),
        currency=payment["currency"],
        created_at=int(refund_row["created_at"]),
        payment=payment_answer(payment),
        other_amount=int(refund_row["other_amount"] or 0),
    )
