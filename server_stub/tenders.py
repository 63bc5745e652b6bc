"""Split baskets and partial approvals: what a code may pay of a sale, and the sale's other
tenders (the IIAS way of food-stamp and FSA cards, and EMV's partial approval, for an
allowance).

A till sends the whole sale (`amount` and its items), the parts it already took another
way (`tenders`) and whether it can take an approval for less than it asks (`partial`).
What the code pays, in order:

    asked ......... the sale less the other tenders
    eligible ...... the items the grant allows: an item without a category has the shop's,
                    and the shop's own category must pass too (a till's categories narrow
                    the payer's rules, never widen them)
    charged ....... at most the eligible subtotal; then at most the per-payment limit (a
                    decline, never partial: it bounds what one purchase may be); then, when
                    the grant allows partial payments, at most what is left of the
                    allowance today and this month

A till that doesn't send `partial` is answered as before: anything the code may not pay in
full is a decline (an old till never takes a partial approval for the whole). Funds are no
partial reason: an approval never tells a shop how much the payer has.

The rest of the sale is a `due` tender until the till says how it was paid (`settle_rest`):
cash, card, or the blocked items taken off the sale. Refunds give each tender back at most
what it paid (`check_refund`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from kinpay import schemas
from server_stub.auth import TerminalPrincipal
from server_stub.db import Conn, Row
from server_stub.errors import Conflict


@dataclass(frozen=True)
class Eligibility:
    amount: int  # the eligible subtotal
    items: list[int] | None  # the eligible items' positions in the request; None: no items


@dataclass(frozen=True)
class Charge:
    asked: int  # what the till asked the code to pay
    amount: int  # what the code pays
    reason: str | None  # why `amount` is below `asked` (a schemas.PartialReason)
    eligible: Eligibility


def request_body(req: schemas.PaymentRequest | schemas.OfflinePayment) -> dict[str, Any]:
    """The request as its idempotency hash sees it: a request without the new fields hashes
    as it did before them, so a retry across an upgrade is still the same request."""
    body = req.model_dump(mode="json")
    if not body.get("tenders"):
        body.pop("tenders", None)
    if not body.get("partial"):
        body.pop("partial", None)
    return body


def refund_body(req: schemas.RefundRequest) -> dict[str, Any]:
    body = req.model_dump(mode="json")
    if not body.get("other_amount"):
        body.pop("other_amount", None)
    return body


def category_allowed(rules: schemas.GrantRules, category: str) -> bool:
    if category in rules.blocked_categories:
        return False
    return rules.allowed_categories is None or category in rules.allowed_categories


def eligibility(
    rules: schemas.GrantRules, merchant: str, items: list[schemas.Item], amount: int
) -> Eligibility:
    if not category_allowed(rules, merchant):
        return Eligibility(0, [] if items else None)
    if not items:
        return Eligibility(amount, None)
    found = [n for n, i in enumerate(items) if category_allowed(rules, i.category or merchant)]
    return Eligibility(sum(items[n].quantity * items[n].unit_amount for n in found), found)


def by_items(
    *, amount: int, others: list[schemas.Tender], items: list[schemas.Item], partial: bool,
    rules: schemas.GrantRules, merchant: str,
) -> Charge | str:
    """What the code may pay of the basket, or "category_blocked"."""
    asked = amount - sum(t.amount for t in others)
    assert asked > 0, "the request's schema leaves the code a part"
    found = eligibility(rules, merchant, items, amount)
    mixed = found.items is not None and len(found.items) < len(items)
    if mixed and not (partial or others):
        # A till that knows nothing of splits is answered as before: a blocked item (even
        # a free one) declines the sale.
        return "category_blocked"
    if found.amount >= asked:
        return Charge(asked, asked, None, found)
    if partial and found.amount > 0:
        return Charge(asked, found.amount, "category_blocked", found)
    return "category_blocked"


def by_allowance(
    charge: Charge, *, partial: bool, rules: schemas.GrantRules, today: int, month: int
) -> Charge | str:
    """What the code may pay within the allowance left, or the limit's decline code."""
    left_day = rules.limits.daily - today
    left_month = rules.limits.monthly - month
    left = min(left_day, left_month)
    if charge.amount <= left:
        return charge
    limit = "limit_daily" if left_day <= left_month else "limit_monthly"
    if partial and rules.allow_partial and left > 0:
        return replace(charge, amount=left, reason=limit)
    return "limit_daily" if charge.amount > left_day else "limit_monthly"


# How many of a basket's item names an answer carries: the parent's activity and the
# child's purchases say what was bought ("Bread, Milk"), and a till's day of answers stays
# small whatever its baskets (at most 10 × 120 letters a payment).
ITEM_NAMES_MAX = 10


def name_items(body: dict[str, Any], names: list[str]) -> None:
    """The sale's items by name into its answer, in the basket's order: the first
    `ITEM_NAMES_MAX` as `item_names`, and how many lines more as `more_items`. A sale of an
    amount alone has neither."""
    if not names:
        return
    body["item_names"] = names[:ITEM_NAMES_MAX]
    if len(names) > ITEM_NAMES_MAX:
        body["more_items"] = len(names) - ITEM_NAMES_MAX


def annotate(
    body: dict[str, Any], *, amount: int, others: list[schemas.Tender], items: list[schemas.Item],
    charge: Charge | None, eligible: Eligibility | None,
) -> None:
    """Write the split into an answer: `amount` becomes what the code paid (or was asked
    for, when declined), with the rest of the sale beside it; and what the sale was of."""
    name_items(body, [i.name for i in items])
    tenders: list[dict[str, Any]] = [{"kind": t.kind, "amount": t.amount} for t in others]
    if charge is None:
        body["amount"] = amount - sum(t.amount for t in others)
        if others:
            body["sale_total"] = amount
            body["tenders"] = tenders
        if eligible is not None and eligible.items is not None and body["decline_code"] == (
            "category_blocked"
        ):
            body["eligible_amount"] = eligible.amount
            body["eligible_items"] = eligible.items
        return
    body["amount"] = charge.amount
    if charge.amount < charge.asked:
        tenders.append({"kind": "due", "amount": charge.asked - charge.amount})
        body["requested"] = charge.asked
        body["partial_reason"] = charge.reason
    if tenders:
        body["sale_total"] = amount
        body["tenders"] = tenders
    if charge.eligible.items is not None and len(charge.eligible.items) < len(items):
        body["eligible_amount"] = charge.eligible.amount
        body["eligible_items"] = charge.eligible.items
        body["paid_for"] = [items[n].name for n in charge.eligible.items]
        # And what it was not (live test 34: the parent read "¥7.00 not on the allowance"
        # for a beer the child tried to buy, never named).
        taken = set(charge.eligible.items)
        body["left_out"] = [i.name for n, i in enumerate(items) if n not in taken]


def record(conn: Conn, payment_id: str, body: dict[str, Any]) -> None:
    """The sale's total and other tenders on the payment's row, when it has any."""
    if body.get("sale_total") is None:
        return
    conn.execute(
        "UPDATE payments SET sale_total = ?, tenders = ? WHERE id = ?",
        (body["sale_total"], json.dumps(body.get("tenders", [])), payment_id),
    )


def of_row(row: Row, body: dict[str, Any]) -> None:
    """The row's current tenders into its stored answer (the rest may have been recorded
    since, and tenders refunded)."""
    keys = row.keys()
    if "tenders" not in keys or row["tenders"] is None:
        return
    body["tenders"] = json.loads(row["tenders"])
    body["sale_total"] = int(row["sale_total"])
    body["other_refunded"] = int(row["other_refunded"])


def settle_rest(
    conn: Conn, *, terminal: TerminalPrincipal, payment_id: str, how: str
) -> tuple[Row, bool]:
    """Writer job: the till says how the `due` rest of a sale was paid, or that the blocked
    items came off it; the row, and whether this changed it. Saying the same again changes
    nothing (a retry); saying something else once it is recorded is a conflict."""
    from server_stub.payments import merchants_payment  # payments imports this module

    row = merchants_payment(conn, terminal, payment_id)
    tenders: list[dict[str, Any]] = json.loads(row["tenders"] or "[]")
    due = [t for t in tenders if t["kind"] == "due"]
    rest = [t for t in tenders if t.get("rest")]
    if not due:
        if rest and rest[0]["kind"] == how:
            return row, False
        if rest:
            raise Conflict(f"the rest of this sale was recorded as {rest[0]['kind']}",
                           code="rest_recorded")
        raise Conflict("nothing of this sale is left to pay", code="nothing_due")
    if row["status"] != "approved":
        raise Conflict("only an approved sale has a rest to pay", code="nothing_due")
    answer = json.loads(row["response"])
    sale_total = int(row["sale_total"])
    if how == "removed":
        blocked = sale_total - int(answer.get("eligible_amount") or 0) - sum(
            t["amount"] for t in tenders if t["kind"] in ("cash", "card"))
        if answer.get("partial_reason") != "category_blocked" or blocked != due[0]["amount"]:
            raise Conflict("the rest is not only blocked items: take it another way",
                           code="cannot_remove")
        sale_total -= due[0]["amount"]
    due[0].update(kind=how, rest=True)
    conn.execute(
        "UPDATE payments SET sale_total = ?, tenders = ? WHERE id = ?",
        (sale_total, json.dumps(tenders), payment_id),
    )
    found = conn.one("SELECT * FROM payments WHERE id = ?", (payment_id,))
    assert found is not None
    return found, True


def given_back(conn: Conn, payment_id: str, amount: int) -> None:
    """What the cashier gave back in cash or to the card, so it is never given twice."""
    conn.execute("UPDATE payments SET other_refunded = other_refunded + ? WHERE id = ?",
                 (amount, payment_id))


def check_refund(row: Row, req: schemas.RefundRequest) -> None:
    """Each tender gives back at most what it paid and has not given back yet."""
    code_left = int(row["amount"]) - int(row["refunded"])
    if req.amount > code_left:
        raise Conflict(f"at most {code_left} of this payment is left to refund",
                       code="refund_too_large")
    keys = row.keys()
    tenders = json.loads(row["tenders"] or "[]") if "tenders" in keys else []
    paid_other = sum(t["amount"] for t in tenders if t["kind"] in ("cash", "card"))
    other_left = paid_other - (int(row["other_refunded"]) if "other_refunded" in keys else 0)
    if req.other_amount > other_left:
        raise Conflict(
            f"at most {other_left} of this sale's cash and card part is left to give back",
            code="refund_too_large",
        )
