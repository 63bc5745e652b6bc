"""Live activity: each payment, decline and refund on the payer's grants, and the money
added to the payer's account, in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from kinpay import l10n, schemas
from kinpay.money import format_minor
from wallet_app import style, ui
from wallet_app.payer.home import rules_summary
from wallet_app.words import QT_TRANSLATE_NOOP, bought, listing

MAX_LINES = 300
translate = QCoreApplication.translate

# What a parent reads for each decline. The cashier's words (kinpay.schemas.DECLINE_TEXT)
# tell a till what to do ("…or ask the parent"); the parent needs what happened.
PARENT_DECLINE_TEXT: dict[str, str] = {
    "code_invalid": QT_TRANSLATE_NOOP("Activity", "the shop's till couldn't read a valid code"),
    "code_expired": QT_TRANSLATE_NOOP("Activity", "the code shown was too old"),
    "code_used": QT_TRANSLATE_NOOP("Activity", "that code had already been used"),
    "grant_revoked": QT_TRANSLATE_NOOP("Activity", "you had stopped this spending money"),
    "grant_expired": QT_TRANSLATE_NOOP("Activity", "this spending money had ended"),
    "limit_per_payment": QT_TRANSLATE_NOOP("Activity", "over the limit for one payment"),
    "limit_daily": QT_TRANSLATE_NOOP("Activity", "over today's limit"),
    "limit_monthly": QT_TRANSLATE_NOOP("Activity", "over this month's limit"),
    "insufficient_funds": QT_TRANSLATE_NOOP("Activity", "your balance was too low"),
    "category_blocked": QT_TRANSLATE_NOOP("Activity", "a kind of thing you don't allow"),
    "outside_hours": QT_TRANSLATE_NOOP("Activity", "outside the times you allow"),
    "currency_mismatch": QT_TRANSLATE_NOOP("Activity",
                                           "in another currency than the spending money's"),
    "limit_offline": QT_TRANSLATE_NOOP("Activity", "over what may be paid while the shop is "
                                                   "offline"),
}


def parent_decline_text(code: str | None) -> str:
    return translate("Activity", PARENT_DECLINE_TEXT.get(code or "", "declined"))


@dataclass(frozen=True, slots=True)
class Line:
    """One line of activity. `key` makes a payment seen twice (history, stream) show once."""

    key: str
    title: str
    detail: str
    amount: str
    tone: str  # "ok", "bad" or "info"
    at_s: int
    notice: str = ""  # the notification's title, when "{title} {amount}" reads badly


def _rules_now(data: dict[str, Any]) -> str:
    """A new or changed allowance's rules as they now are: "¥150.00 a day, ¥1,000.00 a
    month · Up to ¥50.00 a payment · …" (the line said only "You changed Lily's limits",
    and a parent could not see what had been changed, nor by whom it might have been)."""
    if data.get("kind") not in ("created", "changed"):
        return ""
    try:
        grant = schemas.Grant.model_validate(data.get("grant"))
    except ValueError:
        return ""
    c = grant.currency
    per_day = translate("Activity", "{daily} a day, {monthly} a month").format(
        daily=format_minor(grant.limits.daily, c), monthly=format_minor(grant.limits.monthly, c))
    parts = [per_day, rules_summary(grant)]
    spent = grant.spending
    if data.get("kind") == "created" and spent.month > 0:
        # What was spent under the allowance stopped before it counts toward this one's
        # limits (server_stub/grants.py, _carry_spend): the card said so, the line did not.
        parts.append(translate("Activity", "already spent: {today} today, {month} this month")
                     .format(today=format_minor(spent.today, c),
                             month=format_minor(spent.month, c)))
    return translate("Home", " · ").join(parts)


def _minor(value: object) -> int:
    """An amount in minor units from an event's data; 0 for anything that is not one."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return 0


def _name(party: Any, default: str) -> str:
    if isinstance(party, dict) and party.get("name"):
        return ui.display_name(str(party["name"]))
    return default


def _left_out(names: list[Any], who: str, rest: str, how: str) -> str:
    """The items the allowance did not pay for, by name (live test 34 §5: the parent read
    "¥7.00 not on the allowance" and never learnt it was a beer). `how` the rest went:
    "due" (the cashier has not said yet: it may be paid in cash a moment later, so not
    "tried to buy", which read as if she went without), "removed" (taken off the sale) or
    "paid"."""
    items = listing([str(n) for n in names[:5]])
    if how == "paid" and rest:
        return translate("Activity", "{items} paid another way ({rest})").format(
            items=items, rest=rest)
    if how == "due":
        text = translate("Activity", "{name} also wanted {items}: not on the "
                                     "allowance").format(name=who, items=items)
    else:
        text = translate("Activity", "{name} tried to buy {items}: not on the "
                                     "allowance").format(name=who, items=items)
    return text + (translate("Activity", " ({rest})").format(rest=rest) if rest else "")


def split_detail(p: dict[str, Any], currency: str, who: str = "") -> str:
    """A split or partial payment: what the allowance paid for, and the rest paid another
    way (issue 15 §2); empty for a whole one. An older payment, without `left_out`, reads
    as before."""
    out = ""
    paid_for = p.get("paid_for")
    if isinstance(paid_for, list) and paid_for:
        out += " · " + translate("Activity", "for {items}").format(
            items=listing([str(n) for n in paid_for[:5]]))
    total, amount = p.get("sale_total"), int(p.get("amount", 0))
    tenders = p.get("tenders")
    kinds = {t.get("kind") for t in tenders if isinstance(t, dict)} if isinstance(
        tenders, list) else set()
    how = "due" if "due" in kinds else "removed" if "removed" in kinds else "paid"
    left_out = p.get("left_out")
    if isinstance(left_out, list) and left_out:
        rest = (format_minor(total - amount, currency)
                if isinstance(total, int) and total > amount else "")
        who = who or translate("Activity", "Your child")
        return out + " · " + _left_out(left_out, who, rest, how)
    if isinstance(total, int) and total > amount:
        rest = format_minor(total - amount, currency)
        if isinstance(tenders, list) and any(
                isinstance(t, dict) and t.get("kind") == "due" for t in tenders):
            # Told as the allowance pays its part: the rest is still the shop's to take in
            # cash, by card, or off the sale ("paid another way" said it was paid, of a bar
            # of chocolate the cashier then took off: found live).
            out += " · " + translate("Activity", "{rest} not on the allowance").format(rest=rest)
        else:
            out += " · " + translate("Activity", "{rest} paid another way").format(rest=rest)
    return out


def _bought(p: dict[str, Any]) -> str:
    """What the sale was of (" · for Bread, Milk"; declined, " · tried to buy Headphones"),
    when its till named the items; a split names them its own way (`split_detail`)."""
    names = p.get("item_names")
    if not isinstance(names, list) or p.get("paid_for") or p.get("left_out"):
        return ""
    more = p.get("more_items")
    items = bought([str(n) for n in names], more if isinstance(more, int) else 0)
    if not items:
        return ""
    words = (translate("Activity", "for {items}") if p.get("status") == "approved"
             else translate("Activity", "tried to buy {items}"))
    return " · " + words.format(items=items)


def payment_line(p: dict[str, Any], key_prefix: str = "payment") -> Line:
    who = _name(p.get("delegate"), translate("Activity", "Your child"))
    shop = _name(p.get("merchant"), translate("Activity", "a shop"))
    currency = str(p.get("currency", "CNY"))
    amount = format_minor(int(p.get("amount", 0)), currency)
    at_s = int(p.get("created_at", 0))
    if p.get("status") == "approved":
        left = p.get("remaining")
        detail = translate("Activity", "at {shop}").format(shop=shop)
        if isinstance(left, dict):
            detail += translate("Activity", " · {amount} left today").format(
                amount=format_minor(int(left.get("daily", 0)), currency))
        if p.get("offline"):
            detail += translate("Activity", " · paid offline")
        detail += _bought(p) + split_detail(p, currency, who)
        return Line(f"{key_prefix}:{p.get('id')}",
                    translate("Activity", "{name} paid").format(name=who), detail, amount, "ok",
                    at_s)
    reason = parent_decline_text(str(p.get("decline_code") or ""))
    detail = translate("Activity", "at {shop} · {reason}").format(shop=shop, reason=reason)
    detail += _bought(p)
    if p.get("offline"):
        # Taken at the till while it was offline, declined when it reached the server: the
        # child has the goods and the shop was not paid (live use: it read as any decline).
        detail += translate("Activity", " · the shop took it offline and handed it over "
                                        "unpaid: it may ask you to pay")
    return Line(
        f"{key_prefix}:{p.get('id')}",
        translate("Activity", "{name}'s payment was declined").format(name=who),
        detail, amount,
        "bad", at_s,
        # Not "Lily's payment was declined ¥60.00": the amount where it is read.
        notice=translate("Activity", "{name}'s payment of {amount} was declined").format(
            name=who, amount=amount),
    )


def describe(event: schemas.Event, *, own_session: str = "") -> Line | None:
    """The line for an event, or None for events the payer needn't see (among them the
    sign-in of `own_session`, this window's own)."""
    data = event.data
    if event.type == "payment":
        return payment_line(data)
    if event.type == "refund":
        shop = _name(data.get("merchant"), translate("Activity", "A shop"))
        currency = str(data.get("currency", "CNY"))
        amount = format_minor(_minor(data.get("refund_amount")), currency)
        who = _name(data.get("delegate"), translate("Activity", "your child"))
        # Which purchase, by what it was of (of a split, what the allowance paid for).
        names = data.get("paid_for") or data.get("item_names")
        more = data.get("more_items") if not data.get("paid_for") else 0
        items = bought([str(n) for n in names], more if isinstance(more, int) else 0) \
            if isinstance(names, list) else ""
        detail = (translate("Activity", "for {name}'s purchase of {items}").format(
            name=who, items=items) if items
            else translate("Activity", "for {name}'s purchase").format(name=who))
        return Line(f"refund:{data.get('refund_id')}",
                    translate("Activity", "{shop} gave back money").format(shop=shop),
                    detail, amount, "info", event.created_at,
                    # Not "Corner Shop gave back money ¥3.00" (live QA 36 §12).
                    notice=translate("Activity", "{shop} gave back {amount}").format(
                        shop=shop, amount=amount))
    if event.type == "grant":
        raw = data.get("grant")
        grant: dict[str, Any] = raw if isinstance(raw, dict) else {}
        who = _name({"name": grant.get("delegate")}, translate("Activity", "your child"))
        text = {
            "created": translate("Activity", "You gave {name} spending money"),
            "changed": translate("Activity", "You changed {name}'s limits"),
            "revoked": translate("Activity", "You stopped {name}'s spending money"),
            "paired": translate("Activity", "{name}'s tablet is paired"),
        }.get(str(data.get("kind")))
        if text is None:
            return None
        return Line(f"grant:{event.id}", text.format(name=who), _rules_now(data), "", "info",
                    event.created_at)
    if event.type == "account" and data.get("kind") == "funded":
        amount = format_minor(_minor(data.get("amount")), str(data.get("currency", "CNY")))
        return Line(f"account:{data.get('transfer_id')}",
                    translate("Activity", "Money added to your account"),
                    translate("Activity", "a top-up (demo)") if data.get("demo") else "",
                    amount, "info", event.created_at)
    if event.type == "account" and data.get("kind") == "signed_in":
        if data.get("session") == own_session:
            return None
        return Line(f"signin:{event.id}", translate("Activity", "New sign-in to your account"),
                    translate("Activity", "from {address} · if it wasn't you, change your "
                              "password in Settings: that signs everyone else out").format(
                        address=str(data.get("address") or "?")), "", "bad",
                    event.created_at)
    if event.type == "device" and data.get("kind") == "numeric_locked":
        until = l10n.format_time(_minor(data.get("until")))
        return Line(f"device:{event.id}", translate("Activity", "The typed code was switched off"),
                    translate("Activity", "after wrong numbers at a till · off until {time}, "
                              "unless you turn it back on in Home · the QR code still works"
                              ).format(time=until), "", "bad", event.created_at)
    return None


def notification(line: Line) -> tuple[str, str, bool] | None:
    """Title, text and whether it is bad news, for payments, declines, refunds, the typed
    code's lockout and another sign-in."""
    if not line.key.startswith(("payment:", "refund:", "device:", "signin:")):
        return None
    title = line.notice or f"{line.title} {line.amount}".strip()
    return title, line.detail, line.tone == "bad"


class LineRow(QWidget):
    def __init__(self, line: Line, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        dot = ui.label("●")
        color = {"ok": style.OK, "bad": style.BAD}.get(line.tone, style.ACCENT)
        dot.setStyleSheet(f"color: {color}; font-size: 18px;")
        text = QWidget()
        tbox = QVBoxLayout(text)
        tbox.setContentsMargins(0, 0, 0, 0)
        tbox.setSpacing(2)
        tbox.addWidget(ui.label(line.title, "subtitle", wrap=True))
        when = l10n.format_datetime(line.at_s) if line.at_s else ""
        detail = translate("Activity", " · ").join(x for x in (when, line.detail) if x)
        tbox.addWidget(ui.label(detail, "muted", wrap=True))
        amount = ui.label(line.amount, "subtitle")
        if line.tone == "bad":
            amount.setStyleSheet(f"color: {style.BAD}; text-decoration: line-through;")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(dot, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(text, 1)
        layout.addWidget(amount, 0, Qt.AlignmentFlag.AlignVCenter)


class ActivityPage(ui.Page):
    """Newest first. `lines` keeps what is shown, for tests and screenshots."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = ui.FittedList()
        self.list.setObjectName("activity")
        self.list.setAccessibleName(self.tr("Activity"))  # what a screen reader says of it
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.link_state = ui.label("", "pill-info")
        self.empty = ui.label(
            self.tr("Nothing yet. Payments, declines and refunds show up here as they happen."),
            "muted", wrap=True,
        )
        self.box.addLayout(ui.row(ui.label(self.tr("Activity"), "title"), self.link_state,
                                  stretch_at=1))
        self.box.addWidget(self.empty)
        self.box.addWidget(self.list, 1)
        self.lines: list[Line] = []
        self._keys: set[str] = set()

    def replace(self, line: Line) -> None:
        """Show `line`, in the place of the line of its key if one is shown: a question's
        answer moves on ("you allowed it once" → "…; paid"), and `add` kept the first."""
        for index, old in enumerate(self.lines):
            if old.key == line.key:
                if old != line:
                    self.lines[index] = line
                    ui.set_row(self.list, self.list.item(index), LineRow(line))
                    ui.fit_rows(self.list)
                return
        self.add(line)

    def add(self, line: Line) -> bool:
        """Show `line` at its place by time; False when it is already shown."""
        if line.key in self._keys:
            return False
        self._keys.add(line.key)
        index = sum(1 for old in self.lines if old.at_s > line.at_s)
        self.lines.insert(index, line)
        item = QListWidgetItem()
        self.list.insertItem(index, item)
        ui.set_row(self.list, item, LineRow(line))
        while len(self.lines) > MAX_LINES:
            gone = self.lines.pop()
            self._keys.discard(gone.key)
            self.list.takeItem(self.list.count() - 1)
        self.empty.hide()
        ui.fit_rows(self.list)
        return True

    def show_link(self, up: bool) -> None:
        self.link_state.setText(self.tr("● Live") if up else self.tr("Reconnecting…"))
        ui.set_kind(self.link_state, "pill-ok" if up else "pill-bad")
