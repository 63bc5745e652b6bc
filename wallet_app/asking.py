"""Words for asking the payer at the till (issue 15 §1), shared by the parent's wallet and
the child's tablet. The server sends codes and amounts; people read these sentences, each
through Qt's translation (context "Asking")."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QCoreApplication

from kinpay import schemas
from kinpay.money import format_minor
from wallet_app import ui, words
from wallet_app.words import listing

# Qt's lupdate reads `translate("Context", "text")` calls (not a wrapper's): every string
# here is written that way so the translation sources pick it up.
translate = QCoreApplication.translate

MAX_ITEMS_SHOWN = 6



def approval_of(data: dict[str, Any]) -> schemas.Approval | None:
    """An approval from an event's data, or None when it isn't one (logged by the caller)."""
    try:
        return schemas.Approval.model_validate(data)
    except ValidationError:
        return None


def need_text(need: schemas.Need, currency: str) -> str:
    """What allowing the sale would take, e.g. "today would be ¥12.00 over its limit". A day
    already over it (an earlier "yes") says so: "¥5.50 over today's limit" for a ¥2.50 sale
    read as if the sale were that much too dear (found live)."""
    over = format_minor(need.over_by or 0, currency)
    already = (need.spent or 0) - (need.limit or 0) if need.limit is not None else 0
    was = format_minor(already, currency)
    if need.rule == "limit_daily":
        if already > 0:
            return translate("Asking", "today is already {was} over its limit; this makes it "
                                       "{amount}").format(was=was, amount=over)
        return translate("Asking", "today would be {amount} over its limit").format(amount=over)
    if need.rule == "limit_monthly":
        if already > 0:
            return translate("Asking", "this month is already {was} over its limit; this makes"
                                       " it {amount}").format(was=was, amount=over)
        return translate("Asking", "this month would be {amount} over its limit").format(
            amount=over)
    if need.rule == "limit_per_payment":
        return translate("Asking", "{amount} over the limit for one payment").format(amount=over)
    if need.rule == "category_blocked":
        return translate("Asking", "includes things you don't allow: {kinds}").format(
            kinds=words.category_list(need.categories) or translate("Asking", "a blocked kind"))
    return translate("Asking", "outside the times you allow")


def needs_text(approval: schemas.Approval) -> str:
    # Each language's own separator: "; " in English, "；" in Chinese.
    return translate("Asking", "; ").join(need_text(n, approval.currency)
                                          for n in approval.needs)


def items_text(approval: schemas.Approval) -> str:
    """"2 × Juice, Crayons" (at most a few; "and 3 more")."""
    shown = [f"{i.quantity} × {i.name}" if i.quantity > 1 else i.name
             for i in approval.items[:MAX_ITEMS_SHOWN]]
    more = len(approval.items) - len(shown)
    if more > 0:
        shown.append(translate("Asking", "and {n} more").format(n=more))
    return listing(shown)


def question(approval: schemas.Approval) -> str:
    """The payer's question: "Lily asks to pay ¥60.00 at Corner Shop"."""
    return translate("Asking", "{child} asks to pay {amount} at {shop}").format(
        child=ui.display_name(approval.delegate.name),
        amount=format_minor(approval.amount, approval.currency),
        shop=approval.merchant.name)


def unpaid_yes(approval: schemas.Approval) -> bool:
    """Allowed, but the sale was declined when the till settled it (the allowance was
    stopped meanwhile, the money was short): the "yes" paid nothing."""
    return approval.status == "used" and approval.completed_status == "declined"


def payer_status_text(approval: schemas.Approval) -> str:
    """What became of a question, in the payer's words."""
    if unpaid_yes(approval):
        return translate("Asking", "you allowed it once; it wasn't paid")
    return {
        "pending": translate("Asking", "waiting for your answer"),
        "allowed": translate("Asking", "you allowed it once"),
        "used": translate("Asking", "you allowed it once; paid"),
        "refused": translate("Asking", "you said no"),
        "expired": translate("Asking", "no answer in time"),
        "cancelled": translate("Asking", "the shop stopped asking"),
    }.get(approval.status, approval.status)


def child_status_text(approval: schemas.Approval) -> tuple[str, str]:
    """The tablet's title and line for a question, by its status."""
    payer = ui.display_name(approval.payer.name)
    amount = format_minor(approval.amount, approval.currency)
    not_paid = translate("Asking", "{amount} at {shop} wasn't paid.")
    texts = {
        "pending": (translate("Asking", "Asking {payer}…"),
                    translate("Asking", "{amount} at {shop}. Wait a moment.")),
        "allowed": (translate("Asking", "{payer} said yes"),
                    translate("Asking", "{amount} at {shop}: it's being paid.")),
        "used": (translate("Asking", "{payer} said yes"),
                 translate("Asking", "{amount} at {shop} is paid.")),
        "refused": (translate("Asking", "{payer} said no"), not_paid),
        "expired": (translate("Asking", "No answer from {payer}"), not_paid),
        "cancelled": (translate("Asking", "The shop stopped asking"), not_paid),
    }
    title, line = texts.get(approval.status, texts["cancelled"])
    if unpaid_yes(approval):
        # Not a headline "said yes" over "wasn't paid": what the child needs is the outcome.
        title = translate("Asking", "Not paid")
        line = translate("Asking", "{payer} said yes, but {amount} at {shop} wasn't paid.")
    fill = {"payer": payer, "amount": amount, "shop": approval.merchant.name}
    return title.format(**fill), line.format(**fill)
