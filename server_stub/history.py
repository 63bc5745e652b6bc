"""Lists of payments: a grant's (for its payer or delegate) and a terminal's or its
merchant's (for the till's history), newest first."""

from __future__ import annotations

from kinpay import schemas
from server_stub import grants
from server_stub.auth import TerminalPrincipal, UserPrincipal
from server_stub.db import Conn
from server_stub.payments import payment_answer

DEFAULT_SPAN_BEFORE_S = 24 * 3600  # a till's history: the last day...
DEFAULT_SPAN_AFTER_S = 3600  # ...and an hour ahead, for a clock slightly behind the server's


def of_grant(conn: Conn, user: UserPrincipal, grant_id: str, limit: int) -> schemas.PaymentList:
    grants.own_grant(conn, user, grant_id)
    rows = conn.all(
        "SELECT * FROM payments WHERE grant_id = ? ORDER BY created_at DESC, id LIMIT ?",
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
        " AND created_at < ? ORDER BY created_at DESC, id LIMIT ?",
        (value, start, end, limit),
    )
    return schemas.PaymentList(payments=[payment_answer(r) for r in rows])
