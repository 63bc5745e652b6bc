"""Lists of payments: a grant's (for its payer or delegate) and a terminal's or its
merchant's (for the till's history), newest first."""

from __future__ import annotations

import json
import logging

from pydantic import ValidationError

from kinpay import schemas
from server_stub import events, grants, tenders
from server_stub.auth import TerminalPrincipal, UserPrincipal
from server_stub.db import Conn, Row

log = logging.getLogger("kinpay.server")
# What every payment's answer says (kinpay.schemas.Payment's contract), kept when the rest of
# a stored answer no longer reads.
_CORE = ("id", "status", "decline_code", "amount", "currency", "payer", "delegate",
         "remaining", "created_at", "refunded", "reference", "offline", "grant_id",
         "terminal_id", "merchant")

DEFAULT_SPAN_BEFORE_S = 24 * 3600  # a till's history: the last day...
DEFAULT_SPAN_AFTER_S = 3600  # ...and an hour ahead, for a clock slightly behind the server's


def payment_answer(row: Row) -> schemas.Payment:
    """A stored payment as the API answers it. A stored answer that no longer reads as a
    Payment (one an older server kept: an offline basket's `eligible_amount` past what an
    answer may hold, docs/security.md row 74) is answered with what every payment says,
    and logged: one such row made every list it was in a 500."""
    body = json.loads(row["response"])
    body["refunded"] = int(row["refunded"])
    tenders.of_row(row, body)
    try:
        return schemas.Payment.model_validate(body)
    except ValidationError as exc:
        log.warning("payment %s: its stored answer doesn't read (%d errors): answered with"
                    " its core fields", row["id"], exc.error_count())
        return schemas.Payment.model_validate({k: body[k] for k in _CORE if k in body})


def tell_family(conn: Conn, row: Row, *, kind: str, now_s: int) -> None:
    """The payment as it is now (`payment_answer`), to its payer and its delegate, marked
    `kind`: a change after its answer (the till's word on a split's rest) reaches their
    screens, which said the rest was still due ("Lily also wanted Beer") until they were
    opened again."""
    grant = conn.one("SELECT payer_id, delegate_id FROM grants WHERE id = ?", (row["grant_id"],))
    if grant is None:
        return
    data = {**payment_answer(row).model_dump(mode="json"), "kind": kind}
    for user_id in (grant["payer_id"], grant["delegate_id"]):
        events.emit(conn, user_id=user_id, type_="payment", data=data, now_s=now_s)


def of_grant(conn: Conn, user: UserPrincipal, grant_id: str, limit: int) -> schemas.PaymentList:
    grants.own_grant(conn, user, grant_id)
    rows = conn.all(
        "SELECT * FROM payments WHERE grant_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
        (grant_id, limit),
    )
    return schemas.PaymentList(payments=[payment_answer(r) for r in rows])


def of_terminal(
    conn: Conn,
    terminal: TerminalPrincipal,
    *,
    scope: str,
    since_s: int | None,
    until_s: int | None,
    limit: int,
    now_s: int,
) -> schemas.PaymentList:
    """The terminal's own payments, or (scope "merchant") all its merchant's."""
    start = since_s if since_s is not None else now_s - DEFAULT_SPAN_BEFORE_S
    end = until_s if until_s is not None else now_s + DEFAULT_SPAN_AFTER_S
    column, value = (
        ("terminal_id", terminal.id) if scope == "terminal"
        else ("merchant_id", terminal.merchant_id)
    )
    rows = conn.all(
        f"SELECT * FROM payments WHERE {column} = ? AND created_at >= ?"  # noqa: S608
        " AND created_at < ? ORDER BY created_at DESC, id DESC LIMIT ?",
        (value, start, end, limit),
    )
    return schemas.PaymentList(payments=[payment_answer(r) for r in rows])
