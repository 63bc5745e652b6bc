"""A principal's account: its balances, and the demo's self top-up."""

from __future__ import annotations

from kinpay import money, schemas
from server_stub import auth, funding
from server_stub.auth import TerminalPrincipal
from server_stub.db import Conn
from server_stub.errors import BadInput


def answer(conn: Conn, who: auth.Principal) -> schemas.Account:
    """The balances of the account `who` spends or receives with, one per currency."""
    if isinstance(who, TerminalPrincipal):
        kind, owner, name = "merchant", who.merchant_id, who.merchant
    else:
        kind, owner, name = ("payer" if who.role == "payer" else "delegate"), who.id, who.name
    rows = conn.all(
        "SELECT currency, balance FROM accounts WHERE kind = ? AND owner_id = ?"
        " ORDER BY currency",
        (kind, owner),
    )
    return schemas.Account(
        owner=name,
        kind=kind,  # type: ignore[arg-type]
        balances=[schemas.Balance(currency=r["currency"], balance=r["balance"]) for r in rows],
    )


def check_top_up(req: schemas.TopUp) -> None:
    """Refuse a demo top-up beyond the currency's most (before any work is queued)."""
    most = funding.max_fund_minor(req.currency)
    if req.amount > most:
        limit = money.format_minor(most, req.currency)
        raise BadInput(f"a demo top-up is at most {limit}", code="top_up_too_large")


def top_up(
    conn: Conn, who: auth.UserPrincipal, req: schemas.TopUp, now_s: int
) -> schemas.Account:
    """The demo's self top-up, posted to the ledger; answers the account after it."""
    check_top_up(req)
    funding.fund(
        conn, payer_id=who.id, amount=req.amount, currency=req.currency,
        reason="demo top-up", operator="demo", now_s=now_s,
    )
    return answer(conn, who)
