"""Asking the payer at the till (issue 15 §1): one approval, bound to one declined sale.

    declined (a rule the payer could lift) ── offered ──(terminal asks)──> pending
    pending ──(payer: allow)──> allowed ──(terminal completes, once)──> used
    pending ──(payer: no)──> refused      pending/allowed ──(terminal cancels)──> cancelled
    pending, past its expiry ──> expired  allowed, not completed in time ──> expired

An approval is offered when `payments.pay` declines a sale for a rule the payer could lift
(`schemas.ASKABLE_CODES`): the row then holds everything that sale was, its terminal, its
payment (so its idempotency key and its code's use), amount, currency, items, reference,
and every liftable rule it broke with what lifting it would take. Nothing later can bind
it to anything else: completing it takes the same sale, from the same terminal, under the
same key (server_stub/approval_settle.py). Every step is one writer job (one transaction)
and moves the row with a conditional UPDATE, so two processes can't both move it.

Expiry is computed on read (`effective_status`) and written by the next step that meets
it; nothing needs a timer. Each step tells the payer and the delegate on their event
streams (type "approval", with the approval and `kind`: asked, allowed, refused,
cancelled, used).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from kinpay import schemas
from kinpay.defaults import AGE_RESTRICTED_CATEGORIES
from server_stub import events, grants
from server_stub.auth import Principal, TerminalPrincipal, UserPrincipal, require_proof
from server_stub.db import Conn, Row
from server_stub.errors import Conflict, NotFound
from server_stub.security import new_id

ASK_WINDOW_S = 600  # a declined sale may be asked about for 10 minutes after the decline
COMPLETE_WITHIN_S = 300  # an allowed sale must be completed within 5 minutes of the "yes"
MAX_PENDING_PER_GRANT = 3  # questions waiting at once for one child: no flood of prompts
MAX_LISTED = 200


# --- offered at the decline --------------------------------------------------------------


@dataclass(frozen=True)
class Offer:
    """An approval to record with the declined payment (after its row exists)."""

    payment_id: str
    grant: Row
    use_key: str
    reason: str
    needs: list[schemas.Need]


def offer_for(
    conn: Conn, *, payment_id: str, sale: Any, decline: str | None, grant: Row | None,
    use_key: str | None,
) -> Offer | None:
    """The offer for a declined online sale whose decline the payer could lift, or None.
    `sale` is a `payments.Sale` (typed loosely: payments imports this module). A split sale
    (other tenders took part of it) is not offered: an approval binds and settles the whole
    sale, so its cash or card part would be charged to the payer as well."""
    if decline not in schemas.ASKABLE_CODES or grant is None or use_key is None or sale.offline:
        return None
    if sale.tenders:
        return None
    rules = grants.rules_of(grant)
    needs = needs_of(conn, grant, rules, sale.terminal.category, sale.items, sale.amount,
                     sale.at_s)
    if not needs:  # only what the decline named could be lifted: it is at least that
        return None
    if any(set(n.categories or ()) & set(AGE_RESTRICTED_CATEGORIES) for n in needs):
        return None  # not a question for the till: see kinpay.defaults
    return Offer(payment_id, grant, use_key, str(decline), needs)


def needs_of(
    conn: Conn, grant: Row, rules: schemas.GrantRules, shop_category: str,
    items: list[schemas.Item], amount: int, at_s: int,
) -> list[schemas.Need]:
    """Every rule the payer could lift that this sale breaks, with what it would take."""
    from server_stub.payments import _hours_ok  # one definition of the hours rule

    needs: list[schemas.Need] = []
    seen = {shop_category} | {i.category or shop_category for i in items}
    blocked = seen & set(rules.blocked_categories)
    if rules.allowed_categories is not None:
        blocked |= seen - set(rules.allowed_categories)
    if blocked:
        needs.append(schemas.Need(rule="category_blocked", categories=sorted(blocked)))
    if not _hours_ok(rules, at_s):
        needs.append(schemas.Need(rule="outside_hours"))
    if amount > rules.limits.per_payment:
        needs.append(schemas.Need(rule="limit_per_payment", limit=rules.limits.per_payment,
                                  spent=0, over_by=amount - rules.limits.per_payment))
    today, month = grants.spent(conn, grant["id"], rules.timezone or "UTC", at_s)
    for rule, limit, spent in (("limit_daily", rules.limits.daily, today),
                               ("limit_monthly", rules.limits.monthly, month)):
        if spent + amount > limit:
            needs.append(schemas.Need(rule=rule, limit=limit, spent=spent,  # type: ignore[arg-type]
                                      over_by=spent + amount - limit))
    return needs


def record(conn: Conn, offer: Offer, sale: Any, now_s: int) -> None:
    """Writer: keep the offer beside its declined payment (same transaction)."""
    g = offer.grant
    conn.execute(
        "INSERT INTO approvals (id, payment_id, terminal_id, merchant_id, grant_id, payer_id,"
        " delegate_id, idem_key, use_key, amount, currency, items, reference, reason, lifts,"
        " need, status, created_at) VALUES"
        " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'offered', ?)",
        (new_id(), offer.payment_id, sale.terminal.id, sale.terminal.merchant_id, g["id"],
         g["payer_id"], g["delegate_id"], sale.idem_key, offer.use_key, sale.amount,
         sale.currency, items_json(sale.items), sale.reference, offer.reason,
         ",".join(n.rule for n in offer.needs),
         json.dumps([n.model_dump(mode="json") for n in offer.needs]), now_s),
    )


def items_json(items: list[schemas.Item]) -> str:
    """Items in one canonical form: what the approval binds and compares."""
    return json.dumps([i.model_dump(mode="json") for i in items], sort_keys=True)


# --- reading -----------------------------------------------------------------------------


def effective_status(row: Row, now_s: int) -> str:
    status = str(row["status"])
    if status == "pending" and now_s >= int(row["expires_at"]):
        return "expired"
    if status == "allowed" and now_s >= int(row["answered_at"]) + COMPLETE_WITHIN_S:
        return "expired"
    return status


def answer_of(conn: Conn, row: Row, now_s: int) -> schemas.Approval:
    from server_stub.payments import _names  # the writer's bounded cache of names

    names = _names(conn, row["payer_id"], row["delegate_id"])
    merchant = conn.scalar("SELECT name FROM merchants WHERE id = ?", (row["merchant_id"],))
    settled = None if row["completed_payment_id"] is None else conn.one(
        "SELECT status, decline_code FROM payments WHERE id = ?", (row["completed_payment_id"],))
    return schemas.Approval(
        id=row["id"],
        payment_id=row["payment_id"],
        status=effective_status(row, now_s),  # type: ignore[arg-type]
        reason=row["reason"],
        needs=[schemas.Need.model_validate(n) for n in json.loads(row["need"])],
        amount=int(row["amount"]),
        currency=row["currency"],
        items=[schemas.Item.model_validate(i) for i in json.loads(row["items"])],
        reference=row["reference"],
        merchant=schemas.Party(name=str(merchant or "?")),
        terminal_id=row["terminal_id"],
        payer=schemas.Party(name=names.get(row["payer_id"], "?")),
        delegate=schemas.Party(name=names.get(row["delegate_id"], "?")),
        grant_id=row["grant_id"],
        created_at=int(row["created_at"]),
        expires_at=int(row["expires_at"] or 0),
        answered_at=row["answered_at"],
        completed_payment_id=row["completed_payment_id"],
        completed_status=None if settled is None else settled["status"],
        completed_decline_code=None if settled is None else settled["decline_code"],
        now=now_s,
    )


def visible_row(conn: Conn, who: Principal, approval_id: str) -> Row:
    """The asked approval if `who` is its terminal, its payer or its delegate; otherwise
    404, as if absent (an offered one, not yet asked, is nobody's to see)."""
    row = conn.one("SELECT * FROM approvals WHERE id = ?", (approval_id,))
    if row is None or row["status"] == "offered" or not _sees(who, row):
        raise NotFound("no such approval")
    return row


def _sees(who: Principal, row: Row) -> bool:
    if isinstance(who, TerminalPrincipal):
        return bool(who.id == row["terminal_id"])
    return who.id in (row["payer_id"], row["delegate_id"])


def get(conn: Conn, who: Principal, approval_id: str, now_s: int) -> schemas.Approval:
    return answer_of(conn, visible_row(conn, who, approval_id), now_s)


def list_for(conn: Conn, user: UserPrincipal, limit: int, now_s: int) -> schemas.ApprovalList:
    """The user's asked approvals, newest first (the payer's and the child's activity)."""
    column = "payer_id" if user.role == "payer" else "delegate_id"
    rows = conn.all(
        f"SELECT * FROM approvals WHERE {column} = ? AND status <> 'offered'"  # noqa: S608
        " ORDER BY created_at DESC, id DESC LIMIT ?",
        (user.id, min(max(limit, 1), MAX_LISTED)),
    )
    return schemas.ApprovalList(approvals=[answer_of(conn, r, now_s) for r in rows])


# --- the steps (writer jobs) ---------------------------------------------------------------


def tell(conn: Conn, row: Row, kind: str, now_s: int) -> schemas.Approval:
    """The approval as it is now, sent to its payer and its delegate."""
    fresh = conn.one("SELECT * FROM approvals WHERE id = ?", (row["id"],))
    answer = answer_of(conn, fresh, now_s)
    data = {**answer.model_dump(mode="json"), "kind": kind}
    for user_id in (row["payer_id"], row["delegate_id"]):
        events.emit(conn, user_id=user_id, type_="approval", data=data, now_s=now_s)
    return answer


def _move(conn: Conn, row: Row, from_status: str, sets: str, params: tuple[Any, ...]) -> bool:
    """Move the row on only if it is still in `from_status` (the one guard on each step)."""
    return conn.changed(
        f"UPDATE approvals SET {sets} WHERE id = ? AND status = ?",  # noqa: S608
        (*params, row["id"], from_status),
    ) == 1


def _reread(conn: Conn, row: Row) -> Row:
    fresh = conn.one("SELECT * FROM approvals WHERE id = ?", (row["id"],))
    assert fresh is not None, "an approval is never deleted"
    return fresh


def _expire_if_due(conn: Conn, row: Row, now_s: int) -> Row:
    """Write down an expiry that has come, so later reads and steps agree."""
    if effective_status(row, now_s) == "expired" and row["status"] != "expired":
        _move(conn, row, str(row["status"]), "status = 'expired'", ())
        row = conn.one("SELECT * FROM approvals WHERE id = ?", (row["id"],))
    return row


def ask(
    conn: Conn, *, terminal: TerminalPrincipal, req: schemas.AskRequest, now_s: int
) -> tuple[schemas.Approval, bool]:
    """Writer: the terminal asks about its own declined sale. Asking again is answered with
    the same approval (True: it was new)."""
    pay_row = conn.one("SELECT terminal_id FROM payments WHERE id = ?", (req.payment_id,))
    if pay_row is None or pay_row["terminal_id"] != terminal.id:
        raise NotFound("no such payment")
    row = conn.one("SELECT * FROM approvals WHERE payment_id = ?", (req.payment_id,))
    if row is None:
        raise Conflict("the payer can't lift this decline: ask for another way to pay",
                       code="not_askable")
    if row["status"] != "offered":
        return answer_of(conn, _expire_if_due(conn, row, now_s), now_s), False
    if now_s >= int(row["created_at"]) + ASK_WINDOW_S:
        raise Conflict("this sale was declined too long ago to ask about; charge it again",
                       code="ask_too_late")
    _inactive_grant_refuses(conn, row, now_s, "not_askable")
    waiting = conn.scalar(
        "SELECT COUNT(*) FROM approvals WHERE grant_id = ? AND status = 'pending'"
        " AND expires_at > ?", (row["grant_id"], now_s),
    )
    if int(waiting or 0) >= MAX_PENDING_PER_GRANT:
        raise Conflict("the payer already has questions waiting for this child",
                       code="approval_pending")
    if not _move(conn, row, "offered", "status = 'pending', asked_at = ?, expires_at = ?",
                 (now_s, now_s + req.expires_in_s)):
        # Asked at the same moment by another request (another process): the same question.
        fresh = conn.one("SELECT * FROM approvals WHERE id = ?", (row["id"],))
        return answer_of(conn, fresh, now_s), False
    return tell(conn, row, "asked", now_s), True


def _inactive_grant_refuses(conn: Conn, row: Row, now_s: int,
                            code: schemas.ErrorCode) -> None:
    """Asking, or a "yes", for an allowance that has ended (stopped, or past its end
    date): nothing could be paid from it."""
    grant = conn.one("SELECT * FROM grants WHERE id = ?", (row["grant_id"],))
    assert grant is not None, "an approval always has its grant"
    if grants.status_of(grant, grants.rules_of(grant), now_s) != "active":
        raise Conflict("this allowance has ended: ask for another way to pay", code=code)


def refuse_open(conn: Conn, grant_id: str, now_s: int) -> int:
    """Writer: the payer stopped the allowance: its questions still waiting are answered
    no (the stop is the payer's answer), each told to the payer and the child; the till
    reads it on its next look. How many. (They waited on: the till counted down, the
    payer's card still offered "Allow", and a "yes" then was settled as a decline.)"""
    refused = 0
    for row in conn.all("SELECT * FROM approvals WHERE grant_id = ? AND status = 'pending'",
                        (grant_id,)):
        row = _expire_if_due(conn, row, now_s)
        if row["status"] == "pending" and _move(
                conn, row, "pending", "status = 'refused', answered_at = ?", (now_s,)):
            tell(conn, row, "refused", now_s)
            refused += 1
    return refused


def reply(
    conn: Conn, *, payer: UserPrincipal, approval_id: str, allow: bool, now_s: int
) -> schemas.Approval:
    """Writer: the payer allows the sale once or says no. Only the payer of the grant may;
    the same answer again is answered as before, the other answer after it is refused."""
    row = visible_row(conn, payer, approval_id)
    if row["payer_id"] != payer.id:
        raise NotFound("no such approval")  # the child sees it, but only the payer answers
    row = _expire_if_due(conn, row, now_s)
    wanted = "allowed" if allow else "refused"
    status = str(row["status"])
    if status == wanted or (allow and status == "used"):
        return answer_of(conn, row, now_s)
    if status != "pending":
        raise Conflict(_closed_text(status), code=_closed_code(status))
    if allow:  # "yes" pays a sale the rules refused; "no" is never held back
        require_proof(payer, now_s, "allowing a sale")
        _inactive_grant_refuses(conn, row, now_s, "grant_inactive")
    if not _move(conn, row, "pending", "status = ?, answered_at = ?", (wanted, now_s)):
        # Moved on by another request at the same moment: answered as it now stands.
        fresh = _reread(conn, row)
        if fresh["status"] == wanted:
            return answer_of(conn, fresh, now_s)
        raise closed(str(fresh["status"]))
    return tell(conn, row, wanted, now_s)


def cancel(
    conn: Conn, *, terminal: TerminalPrincipal, approval_id: str, now_s: int
) -> schemas.Approval:
    """Writer: the cashier stops asking (pending), or gives up an allowed sale before
    completing it. Cancelling again answers the same; a used approval can't be undone
    here (that is a refund)."""
    row = _expire_if_due(conn, visible_row(conn, terminal, approval_id), now_s)
    status = str(row["status"])
    if status in ("cancelled", "refused", "expired"):
        return answer_of(conn, row, now_s)
    if status == "used":
        raise Conflict("this sale was completed: refund it instead", code="approval_used")
    if not _move(conn, row, status, "status = 'cancelled'", ()):
        fresh = _reread(conn, row)
        if fresh["status"] == "used":
            raise closed("used")
        return answer_of(conn, fresh, now_s)
    return tell(conn, row, "cancelled", now_s)


_CLOSED: dict[str, tuple[schemas.ErrorCode, str]] = {
    "pending": ("approval_pending", "the payer hasn't answered yet"),
    "refused": ("approval_refused", "the payer said no to this sale"),
    "expired": ("approval_expired", "the question expired without an answer in time"),
    "cancelled": ("approval_cancelled", "the shop cancelled the question"),
    "used": ("approval_used", "this approval was already used for its sale"),
    "allowed": ("approval_answered", "the payer already allowed this sale"),
}


def _closed_code(status: str) -> schemas.ErrorCode:
    return _CLOSED.get(status, ("conflict", ""))[0]


def _closed_text(status: str) -> str:
    return _CLOSED.get(status, ("conflict", "the approval can't do that now"))[1]


def closed(status: str) -> Conflict:
    """The refusal for a step the approval's status doesn't allow."""
    return Conflict(_closed_text(status), code=_closed_code(status))
