"""The payer's home: the balance, and each grant's spending against its limits as bars."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from kinpay import l10n, schemas
from kinpay.money import format_minor
from wallet_app import ui, words
from wallet_app.flow import flow
from wallet_app.payer.session import Overview, first_balance
from wallet_app.words import QT_TRANSLATE_NOOP, plural

translate = QCoreApplication.translate
ENDED_SHOWN = 2  # stopped or ended allowances shown before the rest are folded away
# How long what became of the parent's own act (a stop, a change that failed) stays over
# the home's news: a fresh overview puts it away only after this, or when they act again.
ACTION_KEPT_S = 60.0

_STATUS = {
    "active": (QT_TRANSLATE_NOOP("Home", "Active"), "pill-ok"),
    "revoked": (QT_TRANSLATE_NOOP("Home", "Stopped"), "pill-bad"),
    "expired": (QT_TRANSLATE_NOOP("Home", "Ended"), "pill-bad"),
}


def rules_summary(grant: schemas.Grant) -> str:
    """One line: the per-payment limit, categories, hours, expiry and the offline cap."""
    c = grant.currency
    parts = [translate("Home", "Up to {amount} a payment").format(
        amount=format_minor(grant.limits.per_payment, c))]
    if grant.allowed_categories is not None:
        parts.append(translate("Home", "only {categories}").format(
            categories=words.category_list(grant.allowed_categories)))
    elif grant.blocked_categories:
        parts.append(translate("Home", "no {categories}").format(
            categories=words.category_list(grant.blocked_categories)))
    if grant.windows:  # the times when they fit a line; "1 time window" said nothing
        parts.append(words.windows_text(grant.windows) if len(grant.windows) <= 2
                     else words.counts.time_windows(len(grant.windows)))
    if grant.expires_at:
        parts.append(translate("Home", "until {date}").format(
            date=l10n.format_date(grant.expires_at)))
    # A payment's cap, not a total: "offline up to ¥20.00" was read as ¥20.00 in all, and
    # three offline sales made ¥21.00 (the server's day total is twice the cap).
    parts.append(translate("Home", "offline up to {amount} a payment").format(
        amount=format_minor(grant.offline_cap, c)))
    parts.append(translate("GrantCard", "pays what is left of a larger purchase")
                 if grant.allow_partial else translate("GrantCard", "no part payments"))
    return translate("Home", " · ").join(parts)


class GrantCard(ui.Card):
    """Signals carry the grant id."""

    change_clicked = Signal(str)
    pairing_clicked = Signal(str)
    revoke_clicked = Signal(str)
    unlock_clicked = Signal(str)

    def __init__(self, grant: schemas.Grant, parent: QWidget | None = None) -> None:
        super().__init__(parent, spacing=8)
        self.grant = grant
        self.setObjectName(f"grant-{grant.id}")
        name = ui.label(ui.display_name(grant.delegate), "subtitle")
        text, kind = _STATUS.get(grant.status, (grant.status, "pill-info"))
        status = ui.label(translate("Home", text), kind)
        # A stopped grant's tablet is retired: "Not paired yet" would read as a to-do.
        tablet = (self.tr("Tablet paired") if grant.paired else self.tr("Not paired yet")) if (
            grant.status == "active") else ""
        paired = ui.label(tablet, "muted")
        self.box.addLayout(flow(name, status, paired, stretch_at=2))
        # Hidden when it says nothing; never shown before it is in the card (a widget with
        # no parent shown is a window of its own: it flashed, and cancelled Qt's quit).
        paired.setHidden(not tablet)
        s, lim, cur = grant.spending, grant.limits, grant.currency
        self.today = ui.SpendBar(self.tr("Today"))
        spendable = grant.status == "active"
        self.today.set_values(s.today, lim.daily, cur, open_=spendable)
        self.month = ui.SpendBar(self.tr("This month"))
        self.month.set_values(s.month, lim.monthly, cur, open_=spendable)
        self.box.addWidget(self.today)
        self.box.addWidget(self.month)
        self.box.addWidget(ui.label(rules_summary(grant), "muted", wrap=True))
        self.unlock: QPushButton | None = None
        self.locked = _typed_code_off(grant)
        if self.locked:
            locked_until = grant.numeric_locked_until or 0
            note = ui.label(translate(
                "GrantCard", "The typed code is off until {time}: someone tried wrong numbers "
                "at a till. The QR code still works.").format(
                    time=l10n.format_time(locked_until)), "pill-bad", wrap=True)
            note.setObjectName("numericLocked")
            self.unlock = ui.button(translate("GrantCard", "Turn typed code back on"),
                                    name="unlockButton")
            self.unlock.clicked.connect(lambda: self.unlock_clicked.emit(grant.id))
            self.box.addWidget(note)
            self.box.addLayout(ui.row(self.unlock, stretch_at=1))
        self.revoke: QPushButton | None = None
        if grant.status == "active":
            change = ui.button(self.tr("Change limits"), name="changeButton")
            pairing = ui.button(self.tr("Pairing code"), name="pairingButton")
            revoke = ui.button(self.tr("Stop…"), "danger", name="revokeButton")
            change.clicked.connect(lambda: self.change_clicked.emit(grant.id))
            pairing.clicked.connect(lambda: self.pairing_clicked.emit(grant.id))
            revoke.clicked.connect(lambda: self.revoke_clicked.emit(grant.id))
            # "Stop…" at the right; on a narrow window the buttons that don't fit take the
            # next line (a phone: "Change limits" and "Pairing code" need 310 px).
            self.revoke = revoke
            self.box.addLayout(flow(change, pairing, revoke, stretch_at=2))

    def only_spending_changed(self, grant: schemas.Grant) -> bool:
        """Whether `grant` differs from the card's only in what was spent (a payment,
        a refund): then its bars are set again and the card, its buttons, stay."""
        return (grant.model_copy(update={"spending": self.grant.spending}) == self.grant
                and _typed_code_off(grant) == self.locked)

    def show_spending(self, grant: schemas.Grant) -> None:
        self.grant = grant
        s, lim, cur, spendable = grant.spending, grant.limits, grant.currency, (
            grant.status == "active")
        self.today.set_values(s.today, lim.daily, cur, open_=spendable)
        self.month.set_values(s.month, lim.monthly, cur, open_=spendable)


def _typed_code_off(grant: schemas.Grant) -> bool:
    """The grant's typed code is off for now (wrong numbers were tried at a till)."""
    return grant.status == "active" and (grant.numeric_locked_until or 0) > time.time()


class HomePage(ui.ScrollPage):
    """Signals: `new_grant_clicked()`, `top_up_clicked()`, and the cards' signals.

    The whole page scrolls, the balance with the cards: when only the cards' list did, a
    question from the till on a phone squeezed the balance to half its height and put
    "Top up" out of reach."""

    new_grant_clicked = Signal()
    top_up_clicked = Signal()
    change_clicked = Signal(str)
    pairing_clicked = Signal(str)
    revoke_clicked = Signal(str)
    unlock_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        balance_card = ui.Card()
        self.balance = ui.label("—", "big")
        self.balance.setObjectName("balance")
        self.top_up = ui.button(self.tr("Top up (demo)"), name="topUpButton")
        self.top_up.clicked.connect(self.top_up_clicked)
        self.top_up.setVisible(False)  # only when the server offers demo funding
        balance_card.box.addWidget(ui.label(self.tr("Your balance"), "muted"))
        balance_card.box.addLayout(flow(self.balance, self.top_up, stretch_at=1))
        # The allowances say what is left of their limits, not of the money: a child with
        # ¥4,996.00 "left today" was declined at ¥1,500 for a parent's ¥1,077.20.
        self.short = ui.label("", "pill-bad", wrap=True)
        self.short.setObjectName("balanceShort")
        self.short.hide()
        balance_card.box.addWidget(self.short)
        # How money gets in, on a server without demo top-ups: a new parent started at
        # ¥0.00 with no button and no word of it (live test 34 §15). The operator who runs
        # the server adds it (`kinpay fund`, README).
        self.how_to_fund = ui.label(self.tr(
            "Your account has no money yet. The kinpay operator (whoever runs kinpay for "
            "you, such as your shop) adds it: ask them to. It shows here as soon as it "
            "arrives."), "pill-info", wrap=True)
        self.how_to_fund.setObjectName("howToFund")
        self.how_to_fund.hide()
        balance_card.box.addWidget(self.how_to_fund)
        self._demo_funding: bool | None = None  # not known until the server says
        self._balance_minor: int | None = None
        self.new_grant = ui.button(self.tr("+ Give spending money"), "primary",
                                   name="newGrantButton")
        self.new_grant.clicked.connect(self.new_grant_clicked)
        # Two places: what became of what the parent did (`show_error`), and the home's own
        # state, such as a check that could not reach kinpay (`show_status`). In one place
        # "Couldn't stop it: …" was replaced within milliseconds by the home's failed check,
        # and the parent never read what happened to their stop.
        self.error = ui.Banner()
        self.error.setObjectName("actionMessage")
        self._error_shown_at = 0.0
        self.status = ui.Banner()
        self.status.setObjectName("homeStatus")
        for acted in (self.new_grant_clicked, self.top_up_clicked, self.change_clicked,
                      self.pairing_clicked, self.revoke_clicked, self.unlock_clicked):
            acted.connect(self.error.hide)  # the parent acts again: the old word is done

        self.cards_host = QWidget()
        self.cards = QVBoxLayout(self.cards_host)
        self.cards.setContentsMargins(0, 0, 0, 0)
        self.cards.setSpacing(12)
        self.cards_host.setObjectName("page")
        self.empty = ui.label(
            self.tr("No spending money given yet. Tap “Give spending money” to start."), "muted",
            wrap=True
        )

        self.box.addWidget(self.error)
        self.box.addWidget(self.status)
        self.box.addWidget(balance_card)
        self.box.addLayout(flow(ui.label(self.tr("Spending money"), "title", wrap=True),
                                self.new_grant, stretch_at=1))
        self.box.addWidget(self.empty)
        self.box.addWidget(self.cards_host, 1)
        self.grant_cards: dict[str, GrantCard] = {}
        # Stopped and ended allowances, past the newest few, are folded away: a parent who
        # stopped and gave spending money again and again had a page of grey cards above
        # nothing new. One button shows them.
        self.folded: list[GrantCard] = []
        self.show_folded = False
        self.older = ui.button("", name="olderGrants")
        self.older.clicked.connect(self._toggle_folded)
        self.older.hide()
        self.box.addLayout(ui.row(self.older, stretch_at=1))

    def show_overview(self, overview: Overview) -> None:
        self.status.hide()
        if time.monotonic() - self._error_shown_at >= ACTION_KEPT_S:
            self.error.hide()
        minor, currency = first_balance(overview.account)
        self.balance.setText(format_minor(minor, currency))
        self._balance_minor = minor
        self._sync_how_to_fund()
        self._show_short(overview.grants, minor, currency)
        # Active grants first, the newest first; then the ended ones, the most recently
        # ended first (stopped today above one made last week and stopped long ago).
        order = sorted(overview.grants, key=lambda g: (
            g.status != "active", -(g.ended_at or g.created_at), -g.created_at))
        if [g.id for g in order] == list(self.grant_cards) and all(
                self.grant_cards[g.id].only_spending_changed(g) for g in order):
            # Each payment brings an overview: the cards stay, so a parent's tap on one
            # of their buttons is not lost to a card made again under the finger.
            for grant in order:
                self.grant_cards[grant.id].show_spending(grant)
            return
        while self.cards.count():
            item = self.cards.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.grant_cards = {}
        ended = [g.id for g in order if g.status != "active"]
        self.folded = []
        for grant in order:
            card = GrantCard(grant)
            card.change_clicked.connect(self.change_clicked)
            card.pairing_clicked.connect(self.pairing_clicked)
            card.revoke_clicked.connect(self.revoke_clicked)
            card.unlock_clicked.connect(self.unlock_clicked)
            self.cards.addWidget(card)  # in the page first: shown alone, it is a window
            if grant.id in ended[ENDED_SHOWN:]:
                self.folded.append(card)
                card.setVisible(self.show_folded)
            self.grant_cards[grant.id] = card
        self.cards.addStretch(1)
        self.empty.setVisible(not overview.grants)
        self._sync_older()

    def _toggle_folded(self) -> None:
        self.show_folded = not self.show_folded
        for card in self.folded:
            card.setVisible(self.show_folded)
        self._sync_older()

    def _sync_older(self) -> None:
        n = len(self.folded)
        self.older.setVisible(n > 0)
        self.older.setText(self.tr("Hide the older stopped ones") if self.show_folded
                           else plural(self.tr("Show %n more stopped or ended", "", n), n))

    def _show_short(self, grants: list[schemas.Grant], balance: int, currency: str) -> None:
        """Says so when a child may spend more today than the balance holds."""
        more = [g for g in grants if g.status == "active" and g.currency == currency
                and min(g.spending.remaining_daily, g.spending.remaining_monthly) > balance]
        if not more:
            self.short.hide()
            return
        most = max(min(g.spending.remaining_daily, g.spending.remaining_monthly) for g in more)
        self.short.setText(self.tr(
            "{names} may spend up to {allowed} today, more than your balance: a payment "
            "above {balance} will be declined.").format(
                names=words.listing([ui.display_name(g.delegate) for g in more]),
                allowed=format_minor(most, currency), balance=format_minor(balance, currency)))
        self.short.show()

    def show_funding(self, demo_funding: bool) -> None:
        self.top_up.setVisible(demo_funding)
        self._demo_funding = demo_funding
        self._sync_how_to_fund()

    def _sync_how_to_fund(self) -> None:
        self.how_to_fund.setVisible(self._demo_funding is False and self._balance_minor == 0)

    def show_error(self, text: str) -> None:
        """What became of something the parent did; it stays until they act again, or a
        while (ACTION_KEPT_S) and then the next news from kinpay."""
        self._error_shown_at = time.monotonic()
        self.error.show_message(text, "banner-bad")

    def show_status(self, text: str) -> None:
        """The home's own state (it could not be brought up to date); gone with the next
        overview. It never takes the place of the parent's act's message."""
        self.status.show_message(text, "banner-bad")
