"""Live activity: each payment, decline and refund on the payer's grants, in plain words."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from kinpay import schemas
from kinpay.money import format_minor
from wallet_app import style, ui

MAX_LINES = 300

# What a parent reads for each decline. The cashier's words (kinpay.schemas.DECLINE_TEXT)
# tell a till what to do ("…or ask the parent"); the parent needs what happened.
PARENT_DECLINE_TEXT: dict[str, str] = {
    "code_invalid": "the shop's till couldn't read a valid code",
    "code_expired": "the code shown was too old",
    "code_used": "that code had already been used",
    "grant_revoked": "you had stopped this spending money",
    "grant_expired": "this spending money had ended",
    "limit_per_payment": "over the limit for one payment",
    "limit_daily": "over today's limit",
    "limit_monthly": "over this month's limit",
    "insufficient_funds": "your balance was too low",
    "category_blocked": "a kind of thing you don't allow",
    "outside_hours": "outside the times you allow",
    "currency_mismatch": "in another currency than the spending money's",
}


def parent_decline_text(code: str | None) -> str:
    return PARENT_DECLINE_TEXT.get(code or "", "declined")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of activity. `key` makes a payment seen twice (history, stream) show once."""

    key: str
    title: str
    detail: str
    amount: str
    tone: str  # "ok", "bad" or "info"
    at_s: int


def _minor(value: object) -> int:
    """An amount in minor units from an event's data; 0 for anything that is not one."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return 0


def _name(party: Any, default: str) -> str:
    if isinstance(party, dict) and party.get("name"):
        return ui.display_name(str(party["name"]))
    return default


def split_detail(p: dict[str, Any], currency: str) -> str:
    """A split or partial payment: what the allowance paid for, and the rest paid another
    way (issue 15 §2); empty for a whole one."""
    tr = QCoreApplication.translate
    out = ""
    paid_for = p.get("paid_for")
    if isinstance(paid_for, list) and paid_for:
        out += " · " + tr("Activity", "for {items}").format(
            items=", ".join(str(n) for n in paid_for[:5]))
    total, amount = p.get("sale_total"), int(p.get("amount", 0))
    if isinstance(total, int) and total > amount:
        out += " · " + tr("Activity", "{rest} paid another way").format(
            rest=format_minor(total - amount, currency))
    return out


def payment_line(p: dict[str, Any], key_prefix: str = "payment") -> Line:
    who = _name(p.get("delegate"), "Your child")
    shop = _name(p.get("merchant"), "a shop")
    currency = str(p.get("currency", "CNY"))
    amount = format_minor(int(p.get("amount", 0)), currency)
    at_s = int(p.get("created_at", 0))
    if p.get("status") == "approved":
        left = p.get("remaining")
        detail = f"at {shop}"
        if isinstance(left, dict):
            detail += f" · {format_minor(int(left.get('daily', 0)), currency)} left today"
        if p.get("offline"):
            detail += " · paid offline"
        detail += split_detail(p, currency)
        return Line(f"{key_prefix}:{p.get('id')}", f"{who} paid", detail, amount, "ok", at_s)
    reason = parent_decline_text(str(p.get("decline_code") or ""))
    return Line(
        f"{key_prefix}:{p.get('id')}", f"{who}'s payment was declined",
        f"at {shop} · {reason}", amount, "bad", at_s,
    )


def describe(event: schemas.Event) -> Line | None:
    """The line for an event, or None for events the payer needn't see."""
    data = event.data
    if event.type == "payment":
        return payment_line(data)
    if event.type == "refund":
        shop = _name(data.get("merchant"), "A shop")
        currency = str(data.get("currency", "CNY"))
        amount = format_minor(_minor(data.get("refund_amount")), currency)
        who = _name(data.get("delegate"), "your child")
        return Line(f"refund:{data.get('refund_id')}", f"{shop} gave back money",
                    f"for {who}'s purchase", amount, "info", event.created_at)
    if event.type == "grant":
        raw = data.get("grant")
        grant: dict[str, Any] = raw if isinstance(raw, dict) else {}
        who = _name({"name": grant.get("delegate")}, "your child")
        text = {
            "created": f"You gave {who} spending money",
            "changed": f"You changed {who}'s limits",
            "revoked": f"You stopped {who}'s spending money",
            "paired": f"{who}'s tablet is paired",
        }.get(str(data.get("kind")))
        if text is None:
            return None
        return Line(f"grant:{event.id}", text, "", "", "info", event.created_at)
    if event.type == "device" and data.get("kind") == "numeric_locked":
        until = time.strftime("%H:%M", time.localtime(_minor(data.get("until"))))
        return Line(f"device:{event.id}", "The typed code was switched off",
                    f"after wrong numbers at a till · off until {until}, unless you turn it"
                    " back on in Home · the QR code still works", "", "bad", event.created_at)
    return None


def notification(line: Line) -> tuple[str, str, bool] | None:
    """Title, text and whether it is bad news, for payments, declines and refunds."""
    if not line.key.startswith(("payment:", "refund:", "device:")):
        return None
    return f"{line.title} {line.amount}".strip(), line.detail, line.tone == "bad"


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
        tbox.addWidget(ui.label(line.title, "subtitle"))
        when = time.strftime("%-d %b %H:%M", time.localtime(line.at_s)) if line.at_s else ""
        detail = " · ".join(x for x in (when, line.detail) if x)
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
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.link_state = ui.label("", "pill-info")
        self.empty = ui.label(
            "Nothing yet. Payments, declines and refunds show up here as they happen.",
            "muted", wrap=True,
        )
        self.box.addLayout(ui.row(ui.label("Activity", "title"), self.link_state, stretch_at=1))
        self.box.addWidget(self.empty)
        self.box.addWidget(self.list, 1)
        self.lines: list[Line] = []
        self._keys: set[str] = set()

    def add(self, line: Line) -> bool:
        """Show `line` at its place by time; False when it is already shown."""
        if line.key in self._keys:
            return False
        self._keys.add(line.key)
        index = sum(1 for old in self.lines if old.at_s > line.at_s)
        self.lines.insert(index, line)
        item = QListWidgetItem()
        self.list.insertItem(index, item)
        self.list.setItemWidget(item, LineRow(line))
        while len(self.lines) > MAX_LINES:
            gone = self.lines.pop()
            self._keys.discard(gone.key)
            self.list.takeItem(self.list.count() - 1)
        self.empty.hide()
        ui.fit_rows(self.list)
        return True

    def show_link(self, up: bool) -> None:
        self.link_state.setText("● Live" if up else "Reconnecting…")
        ui.set_kind(self.link_state, "pill-ok" if up else "pill-bad")
