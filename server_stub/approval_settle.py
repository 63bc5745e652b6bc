"""Completing an allowed sale (issue 15 §1): exactly that sale, once.

`complete` is one writer job. It settles the sale an approval is bound to, and nothing
else: the request must come from the approval's terminal (else 404), carry the declined
sale's own Idempotency-Key, amount, currency, items and reference (else
`approval_mismatch`), and the approval must be allowed and not yet used. The payer's "yes"
lifts only the rules the sale broke when it was declined (`approvals.lifts`); every other
rule is judged again now: the allowance still active, the other limits, the payer's funds.
The code's use was consumed by the declined attempt and stays so.

Exactly once: the approval moves allowed → used by a conditional UPDATE before the ledger
is touched, in the same transaction; the answer is kept on the payment row, and a retry
with the same key and body gets it again (`Idempotent-Replayed`), never a second transfer.
The sale's spend is counted in today's and this month's totals like any payment; no limit
changes.
"""

from __future__ import annotations

import json
from typing import Any

from kinpay import schemas
from kinpay.defaults import AGE_RESTRICTED_CATEGORIES
from server_stub import approvals, events, grants, ledger, tenders
from server_stub.auth import TerminalPrincipal
from server_stub.db import Conn, Row
from server_stub.errors import Conflict
from server_stub.security import new_id

# The completed payment's own key in the terminal's namespace of keys. A header can only
# carry printable ASCII, so no key a terminal sends can ever take this one.
_KEY_PREFIX = "\u00b7approval:"


def request_hash(req: schemas.ApprovalComplete, key: str) -> str:
    from server_stub.payments import request_hash as body_hash

    return body_hash({**req.model_dump(mode="json"), "idempotency_key": key})


def complete(
    conn: Conn, *, terminal: TerminalPrincipal, approval_id: str, key: str,
    req: schemas.ApprovalComplete, now_s: int,
) -> tuple[dict[str, Any], bool]:
    """Writer: the payment answer for the allowed sale, and whether it was replayed."""
    row = approvals.visible_row(conn, terminal, approval_id)
    req_hash = request_hash(req, key)
    if row["status"] == "used":
        return _replay(conn, row, req_hash), True
    _check_same_sale(row, key, req)
    status = approvals.effective_status(row, now_s)
    if status != "allowed":
        raise approvals.closed(status)
    pid = new_id()
    # The one guard: whoever moves it first settles; any other sees "used" and replays.
    if conn.changed(
        "UPDATE approvals SET status = 'used', completed_payment_id = ?, complete_hash = ?"
        " WHERE id = ? AND status = 'allowed'", (pid, req_hash, row["id"]),
    ) != 1:
        fresh = conn.one("SELECT * FROM approvals WHERE id = ?", (row["id"],))
        return _replay(conn, fresh, req_hash), True
    body = _settle(conn, row, pid=pid, terminal=terminal, key=key, req_hash=req_hash,
                   now_s=now_s)
    approvals.tell(conn, row, "used", now_s)
    return body, False


def _check_same_sale(row: Row, key: str, req: schemas.ApprovalComplete) -> None:
    same = (
        key == row["idem_key"]
        and req.amount == int(row["amount"])
        and req.currency == row["currency"]
        and approvals.items_json(req.items) == row["items"]
        and req.reference == row["reference"]
    )
    if not same:
        raise Conflict("an approval completes only the sale it was asked for: the same"
                       " amount, currency, items and reference, with that sale's"
                       " Idempotency-Key", code="approval_mismatch")


def _replay(conn: Conn, row: Row, req_hash: str) -> dict[str, Any]:
    if row["complete_hash"] != req_hash:
        raise approvals.closed("used")
    paid = conn.one("SELECT response FROM payments WHERE id = ?",
                    (row["completed_payment_id"],))
    assert paid is not None, "a used approval always has its payment"
    body: dict[str, Any] = json.loads(paid["response"])
    return body


def _settle(
    conn: Conn, row: Row, *, pid: str, terminal: TerminalPrincipal, key: str,
    req_hash: str, now_s: int,
) -> dict[str, Any]:
    grant = conn.one("SELECT * FROM grants WHERE id = ?", (row["grant_id"],))
    assert grant is not None, "an approval always has its grant"
    rules = grants.rules_of(grant)
    tz = rules.timezone or "UTC"
    day, month = grants.periods(tz, now_s)
    today, month_spent = grants.spent(conn, grant["id"], tz, now_s)
    decline = _still_refused(conn, row, grant, rules, now_s)
    if decline is None:
        try:
            ledger.post(
                conn, kind="payment",
                debit=ledger.account_id(conn, "payer", grant["payer_id"], row["currency"]),
                credit=ledger.account_id(conn, "merchant", terminal.merchant_id,
                                         row["currency"]),
                amount=int(row["amount"]), currency=row["currency"], ref_id=pid, now_s=now_s,
            )
        except Conflict:
            decline = "insufficient_funds"
    amount = int(row["amount"])
    spent_after = (today, month_spent) if decline else (today + amount, month_spent + amount)
    if decline is None:
        for period in (day, month):
            conn.execute(
                "INSERT INTO spend (grant_id, period, amount) VALUES (?, ?, ?)"
                " ON CONFLICT (grant_id, period) DO UPDATE SET amount = spend.amount + ?",
                (grant["id"], period, amount, amount),
            )
    body = _answer(conn, row, pid=pid, terminal=terminal, decline=decline, rules=rules,
                   spent=spent_after, now_s=now_s)
    conn.execute(
        "INSERT INTO payments (id, terminal_id, merchant_id, idem_key, request_hash, grant_id,"
        " status, decline_code, amount, currency, refunded, offline, periods, created_at,"
        " response) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?)",
        (pid, terminal.id, terminal.merchant_id, _KEY_PREFIX + row["id"], req_hash,
         grant["id"], body["status"], decline, amount, row["currency"],
         None if decline else f"{day},{month}", now_s, json.dumps(body)),
    )
    note = {**body, "kind": "payment"}
    for user_id in (grant["payer_id"], grant["delegate_id"]):
        events.emit(conn, user_id=user_id, type_="payment", data=note, now_s=now_s)
    return body


def _still_refused(
    conn: Conn, row: Row, grant: Row, rules: schemas.GrantRules, now_s: int
) -> str | None:
    """The first rule that refuses the sale now, other than those the payer lifted."""
    status = grants.status_of(grant, rules, now_s)
    if status != "active":
        return "grant_revoked" if status == "revoked" else "grant_expired"
    if row["currency"] != grant["currency"]:
        return "currency_mismatch"
    lifted = set(str(row["lifts"]).split(","))
    asked = {n.rule: n for n in
             (schemas.Need.model_validate(x) for x in json.loads(row["need"]))}
    category = conn.scalar("SELECT category FROM merchants WHERE id = ?", (row["merchant_id"],))
    items = [schemas.Item.model_validate(i) for i in json.loads(row["items"])]
    for need in approvals.needs_of(conn, grant, rules, str(category), items,
                                   int(row["amount"]), now_s):
        seen = asked.get(need.rule) if need.rule in lifted else None
        if seen is None or not _within(need, seen):
            return need.rule
    return None


def _within(need: schemas.Need, seen: schemas.Need) -> bool:
    """Whether the payer's yes covers what the sale breaks now (security.md row 64): the
    categories the payer saw, never an age-restricted one; no further over a limit than
    the payer saw. A category blocked or a limit lowered since is the payer's newer word."""
    now_blocked = set(need.categories)
    if now_blocked - set(seen.categories) or now_blocked & set(AGE_RESTRICTED_CATEGORIES):
        return False
    return need.over_by is None or need.over_by <= (seen.over_by or 0)


def _answer(
    conn: Conn, row: Row, *, pid: str, terminal: TerminalPrincipal, decline: str | None,
    rules: schemas.GrantRules, spent: tuple[int, int], now_s: int,
) -> dict[str, Any]:
    """The payment answer, in the shape of every other payment's."""
    from server_stub.payments import _names

    names = _names(conn, row["payer_id"], row["delegate_id"])
    body: dict[str, Any] = {
        "id": pid,
        "status": "declined" if decline else "approved",
        "decline_code": decline,
        "amount": int(row["amount"]),
        "currency": row["currency"],
        "payer": {"name": names.get(row["payer_id"], "?")},
        "delegate": {"name": names.get(row["delegate_id"], "?")},
        "remaining": {"daily": max(0, rules.limits.daily - spent[0]),
                      "monthly": max(0, rules.limits.monthly - spent[1])},
        "created_at": now_s,
        "reference": row["reference"],
        "offline": False,
        "grant_id": row["grant_id"],
        "terminal_id": terminal.id,
        "merchant": {"name": terminal.merchant},
        "askable": False,
        "approval_id": row["id"],
    }
    tenders.name_items(body, [str(i["name"]) for i in json.loads(row["items"])])
    return body
