"""The result card over the frozen frame: sending, approved, declined, unknown, offline.

It shows an `Outcome` as the core decided it, with the buttons that make sense for it;
a tap reports `action(name)` to the window, which decides what happens. One button per
card is highlighted and marked ⏎: it is `primary`, what Enter does on that card.

Names, messages and amounts come from the server: every label is plain text.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QPushButton, QVBoxLayout, QWidget

from kinpay.money import format_minor
from kinpay.names import display_name
from pos_app import words
from pos_app.core.settle import Outcome
from pos_app.widgets import theme
from pos_app.widgets.keypad import FitLabel, button, fit_height, plain_label
from pos_app.words import QT_TRANSLATE_NOOP

translate = QCoreApplication.translate

ACTIONS = {
    "receipt": QT_TRANSLATE_NOOP("ResultCard", "Receipt"),
    "retry": QT_TRANSLATE_NOOP("ResultCard", "Try again"),
    "change": QT_TRANSLATE_NOOP("ResultCard", "Change the sale"),
    "check": QT_TRANSLATE_NOOP("ResultCard", "Check again"),
    "new": QT_TRANSLATE_NOOP("ResultCard", "New sale"),
    "keep": QT_TRANSLATE_NOOP("ResultCard", "Keep pending"),
    # "Ask Mei": worded with the payer's name (pos_app/widgets/ask.py)
    "ask": QT_TRANSLATE_NOOP("ResultCard", "Ask"),
}
ENTER_MARK = "  ⏎"
# Declines a second try of the same sale can pass: another code (a fresh scan, or the QR
# where a typed code can't be checked offline). The others (a limit, a category, a stopped
# allowance, short funds…) decline the same sale again: their card goes back to the sale to
# change it ("change", the amount or basket kept), not straight to the server. "Try again"
# there sent ¥35 over a ¥30 limit twice: a second decline in the parent's and child's lists.
RETRY_DECLINES = frozenset({"code_expired", "code_used", "code_invalid", "numeric_offline",
                            "numeric_invalid"})
BUTTON_GAP_PX = 12
BORDER_PX = 3
PLAIN_CSS = "background: transparent; border: none;"


@dataclass(frozen=True)
class Sizes:
    """The card's measures: `NORMAL`, or `COMPACT` over a short camera view (an 800 x 600
    till), where the normal card was taller than the view: its title, words and buttons
    were cut and the buttons lay on each other."""

    margins: tuple[int, int]  # a side, top and bottom
    spacing: int  # between the lines
    title_px: int
    amount_px: int
    text_px: int  # who paid, and the detail
    button_css: str


NORMAL = Sizes((28, 22), 8, 34, 44, 21, "")
COMPACT = Sizes((16, 12), 4, 26, 34, 16, "min-height: 48px; font-size: 17px; padding: 0 10px;")
# Under a tall banner (three offline payments declined on upload, live 33 §13) the compact
# card was taller than the view left to it, and its last line was cut under New sale.
TIGHT = Sizes((12, 6), 2, 20, 24, 14, "min-height: 44px; font-size: 16px; padding: 0 8px;")
COMPACT_BELOW_PX = 400  # the camera view's height under which the card is compact


@dataclass(frozen=True)
class Look:
    title: str
    fg: str
    bg: str
    actions: tuple[str, ...]
    primary: str = "new"  # what Enter does; one of `actions`


LOOKS = {
    "sending": Look(QT_TRANSLATE_NOOP("ResultCard", "Sending…"),
                    theme.ACCENT_DARK, theme.INFO_BG, ()),
    "approved": Look(QT_TRANSLATE_NOOP("ResultCard", "Approved"),
                     theme.GOOD, theme.GOOD_BG, ("receipt", "new")),
    "offline_approved": Look(QT_TRANSLATE_NOOP("ResultCard", "Approved offline"),
                             theme.GOOD, theme.GOOD_BG, ("receipt", "new")),
    "declined": Look(QT_TRANSLATE_NOOP("ResultCard", "Declined"),
                     theme.BAD, theme.BAD_BG, ("retry", "new")),
    "offline_declined": Look(QT_TRANSLATE_NOOP("ResultCard", "Declined (offline)"),
                             theme.BAD, theme.BAD_BG, ("retry", "new")),
    "unknown": Look(QT_TRANSLATE_NOOP("ResultCard", "Not confirmed yet"),
                    theme.WARN, theme.WARN_BG, ("check", "keep"), "check"),
    # Nothing left the till: Enter sends the same sale again (the basket kept), as the
    # cashier means to once the cause is gone; "New sale" would drop the basket.
    "error": Look(QT_TRANSLATE_NOOP("ResultCard", "Not sent"),
                  theme.BAD, theme.BAD_BG, ("retry", "new"), "retry"),
    # An offline sale's "Approved offline" card, once the server declined that sale on
    # upload: the goods are gone and the shop was not paid (pos_app.link_news).
    "unpaid": Look(QT_TRANSLATE_NOOP("ResultCard", "Declined by the server"),
                   theme.BAD, theme.BAD_BG, ("new",)),
    # Issue 15 §1: asking the payer ended without a sale (refused, expired, cancelled…);
    # its title and words come from pos_app/widgets/ask.py.
    "ask_closed": Look("", theme.BAD, theme.BAD_BG, ("retry", "new")),
    # On start: what became of the sale the till stopped in the middle of (pos_app.restart).
    "restarted": Look("", theme.WARN, theme.WARN_BG, ("new",)),
}


class ResultCard(QFrame):
    action = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = ""
        self.primary = "new"
        self.sizes = NORMAL
        self.setObjectName("result")
        lay = self._lay = QVBoxLayout(self)
        # The title and the amount shrink to fit, the names wrap: a card never widens its
        # panel.
        self.title = FitLabel("result_title", PLAIN_CSS)
        self.amount = FitLabel("result_amount", PLAIN_CSS)
        self.who = plain_label()
        self.who.setObjectName("result_who")
        self.who.setWordWrap(True)
        self.detail = plain_label()
        self.detail.setObjectName("result_detail")
        self.detail.setWordWrap(True)
        for label in (self.title, self.amount, self.who, self.detail):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            lay.addWidget(label)
        self._row = QGridLayout()
        self._row.setSpacing(BUTTON_GAP_PX)
        self.buttons: dict[str, QPushButton] = {}
        for name, text in ACTIONS.items():
            b = button(self.tr(text), None, f"act_{name}")
            b.clicked.connect(lambda _=False, n=name: self.action.emit(n))
            self._row.addWidget(b, 0, len(self.buttons))
            self.buttons[name] = b
        lay.addLayout(self._row)
        self._cells: list[tuple[QPushButton, int, int, int]] = []
        self.room_px = 10_000  # told by the stage (set_room)
        self._settling = False
        self._looked: tuple[object, ...] = ()
        self._apply_sizes()
        self.hide()

    def set_room(self, height_px: int) -> None:
        """The height the camera view leaves the card, which it must fit in: compact under
        COMPACT_BELOW_PX, or where the normal card, worded as it is, would be taller."""
        self.room_px = height_px
        self._settle()

    def _settle(self) -> None:
        """The largest of NORMAL, COMPACT and TIGHT the card, worded as it is, fits in its
        room at its width (never NORMAL under COMPACT_BELOW_PX). Told the card's own
        height, the window's layout would squeeze the sale for a long card instead
        (pos_app.widgets.layout.CardStage)."""
        looked = (self.room_px, self.width(), self.kind, self.detail.text(), self.who.text(),
                  tuple(b.text() for b in self.buttons.values() if not b.isHidden()))
        if self._settling or looked == self._looked:
            return
        self._settling = True
        try:
            tries = (NORMAL, COMPACT, TIGHT) if self.room_px >= COMPACT_BELOW_PX else (
                COMPACT, TIGHT)
            sizes = tries[0]
            for sizes in tries if not self.isHidden() else tries[:1]:
                self._use(sizes)
                if self._lay.totalMinimumSize().height() <= self.room_px:
                    break
            self._use(sizes)
            self._looked = looked
        finally:
            self._settling = False

    def _use(self, sizes: Sizes) -> None:
        if sizes is not self.sizes:
            self.sizes = sizes
            self._apply_sizes()

    def _apply_sizes(self) -> None:
        s = self.sizes
        side, top = s.margins
        self._lay.setContentsMargins(side, top, side, top)
        self._lay.setSpacing(s.spacing)
        self.title.set_max_px(s.title_px)
        self.amount.set_max_px(s.amount_px)
        for label, weight in ((self.who, 600), (self.detail, 500)):
            label.setStyleSheet(f"font-size: {s.text_px}px; font-weight: {weight}; {PLAIN_CSS}")
        for b in self.buttons.values():
            b.setStyleSheet(s.button_css)
        self._cells = []  # the buttons' widths changed: arrange them again
        self._arrange()
        self._fit_labels()

    def _sides_px(self) -> int:
        """What the card's margins and border take of its width."""
        return 2 * (self.sizes.margins[0] + BORDER_PX)

    def _arrange(self) -> None:
        """The buttons in one row when they fit the panel beside each other whole; else
        the others in a row (or one above the other) and the highlighted one (Enter's)
        under them. Three in a row made the card wider than its panel at 1024 px: the
        panel pushed the keypad aside, or the names were cut ("ry agai", "sk Mei"); two
        in a row cut "Check again" to "heck again" on the 1024-px till of the demo."""
        shown = [b for b in self.buttons.values() if not b.isHidden()]
        primary = self.buttons.get(self.primary)
        room = self.width() - self._sides_px()  # the panel's width: the card never widens it

        def fit(row: list[QPushButton]) -> bool:
            return sum(b.sizeHint().width() for b in row) + BUTTON_GAP_PX * (len(row) - 1) <= room

        cells: list[tuple[QPushButton, int, int, int]]
        if fit(shown):
            cells = [(b, 0, column, 1) for column, b in enumerate(shown)]
        else:
            others = [b for b in shown if b is not primary]
            side = len(others) > 1 and fit(others)
            cells = [(b, 0 if side else i, i if side else 0, 1) for i, b in enumerate(others)]
            if primary in shown:
                cells.append((primary, 1 if side else len(others), 0,
                              len(others) if side else 1))
        if cells == self._cells:
            return  # as it is: no new layout, no new resize
        self._cells = cells
        for b in self.buttons.values():
            self._row.removeWidget(b)
        for b, row, column, span in cells:
            self._row.addWidget(b, row, column, 1, span)

    def minimumSizeHint(self) -> QSize:
        """No wider than its widest button needs: the buttons rearrange to the width the
        panel gives (`_arrange`), so the card never widens the panel."""
        hint = super().minimumSizeHint()
        widest = max((b.sizeHint().width() for b in self.buttons.values()
                      if not b.isHidden()), default=0)
        return QSize(min(hint.width(), widest + self._sides_px()), hint.height())

    def _look(self, kind: str) -> Look:
        look = LOOKS[kind]
        self.kind = kind
        self.setStyleSheet(
            f"QFrame#result {{ background: {look.bg}; border: {BORDER_PX}px solid {look.fg};"
            f" border-radius: 16px; }}"
        )
        self.title.set_css(f"color: {look.fg}; {PLAIN_CSS}")
        self.title.setText(self.tr(look.title))
        self.amount.setVisible(kind != "restarted")  # its words name the amount and time
        self.primary = look.primary
        for name, b in self.buttons.items():
            b.setVisible(name in look.actions)
            b.setProperty("role", "primary" if name == look.primary else None)
            b.setText(self.tr(ACTIONS[name]) + (ENTER_MARK if name == look.primary else ""))
            b.style().unpolish(b)
            b.style().polish(b)
        self._arrange()
        self.show()
        self.raise_()
        return look

    def sending(self, amount: int, currency: str) -> None:
        self._look("sending")
        self.amount.setText(format_minor(amount, currency))
        self.who.setText("")
        self.who.hide()
        self.detail.setText(self.tr("Waiting for the server’s answer."))

    def show_outcome(self, outcome: Outcome, *, typed: bool = False,
                     scanner: bool = False) -> None:
        """`typed`: the sale's code was a typed numeric code (worded as such); `scanner`: the
        till has no camera, codes come by its barcode scanner (what to do says so)."""
        outcome = replace(outcome, decline_code=words.typed_decline(outcome.decline_code,
                                                                     typed))
        self._look(outcome.kind)
        if (outcome.kind in ("declined", "offline_declined")
                and (outcome.stale or outcome.decline_code not in RETRY_DECLINES)):
            self.buttons["retry"].hide()
            self.buttons["change"].show()
            self._arrange()
        self.amount.setText(format_minor(outcome.total or outcome.amount, outcome.currency))
        payment = outcome.payment
        who = ""
        if outcome.delegate or outcome.payer:
            who = self.tr("{delegate}  ·  paid by {payer}").format(
                delegate=display_name(outcome.delegate or "?"),
                payer=display_name(outcome.payer or "?"))
        self.who.setText(who)
        self.who.setVisible(bool(who))
        if outcome.kind == "approved" and outcome.tenders:
            self.detail.setText(tenders_text(outcome))  # a split sale: how each part came
        elif outcome.kind == "approved" and payment is not None:
            left = ""
            if payment.remaining is not None:
                left = format_minor(payment.remaining.daily, payment.currency)
                left = (self.tr("Left today for {name}: {amount}").format(
                    name=display_name(outcome.delegate), amount=left) if outcome.delegate
                    else self.tr("Left today: {amount}").format(amount=left))
            self.detail.setText(left + (self.tr("  (answer repeated)") if outcome.replayed
                                        else ""))
        elif outcome.kind in ("declined", "offline_declined"):
            limit = ("" if outcome.limit_minor is None
                     else format_minor(outcome.limit_minor, outcome.currency))
            askable = outcome.kind != "declined" or (
                outcome.payment is not None and bool(outcome.payment.askable))
            code = ("numeric_offline_scanner"
                    if scanner and outcome.decline_code == "numeric_offline"
                    else "category_age" if outcome.age_only  # the law's rule (live QA 36 §7)
                    else outcome.decline_code)
            if outcome.stale:
                self.detail.setText(words.stale_text(*outcome.stale))
            elif code == "heard_daily" and outcome.heard and outcome.heard[1]:
                said, taken = (format_minor(m, outcome.currency) for m in outcome.heard)
                self.detail.setText(words.heard_daily_text(said, taken, limit))
            else:
                self.detail.setText(words.decline_text(code, limit, askable=askable))
        elif outcome.kind == "offline_approved":
            self.detail.setText(words.sentences(
                self.tr("Checked by this terminal and queued; it is sent to the server when it "
                        "answers again."),
                self.tr("Offline a sale is taken whole: splitting it or paying part needs the "
                        "server.")))
        elif outcome.kind == "unknown":
            # Its answer lost, the server may have declined it: never handed over as paid.
            self.detail.setText(self.tr(
                "No answer yet: it may be approved or declined. Asked again with the same key, "
                "never charged twice. Don't charge again; hand the goods over only once "
                "Approved."))
        elif outcome.kind == "error":
            self.detail.setText(self.tr("{refusal} Nothing was charged.").format(
                refusal=words.error_text(outcome.error_code)))
        else:
            self.detail.setText(outcome.message)
        self._fit()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._arrange()
        self._fit()

    def _fit(self) -> None:
        self._fit_labels()
        self._settle()

    def _fit_labels(self) -> None:
        # A wrapped message needs the height of its lines at the card's real width; the
        # box layout over the preview would otherwise squeeze it and cut lines off.
        # The card's width less its margins and border: the label's own is the last
        # layout's, at the other sizes' margins when they just changed.
        width = self.width() - self._sides_px()
        for label in (self.who, self.detail):
            fit_height(label, width)

    def offer(self, name: str, text: str) -> None:
        """Show one more action on this card, worded `text`, as the highlighted one (what
        Enter does): "Ask Mei" on a decline the payer could lift."""
        self.primary = name
        for other, b in self.buttons.items():
            if other == name:
                b.setVisible(True)
            b.setProperty("role", "primary" if other == name else None)
            b.setText((text if other == name else self.tr(ACTIONS[other]))
                      + (ENTER_MARK if other == name else ""))
            b.style().unpolish(b)
            b.style().polish(b)
        self._arrange()
        self._fit()

    def show_closed(self, title: str, detail: str, amount: int, currency: str, *,
                    again: bool = True) -> None:
        """Asking the payer ended without a sale: the title and words given, plain text.
        `again` false: the same sale can't pass (the payer said no, or can't be asked):
        the card goes back to the sale to change it, as after a limit's decline, never
        "Try again" (it sent the same sale, declined again, and asked the same question)."""
        self._look("ask_closed")
        if not again:
            self.buttons["retry"].hide()
            self.buttons["change"].show()
            self._arrange()
        self.title.setText(title)
        self.amount.setText(format_minor(amount, currency))
        self.who.hide()
        self.detail.setText(detail)
        self._fit()

    def show_restarted(self, title: str, detail: str, amount: int, currency: str, *,
                       charged: bool) -> None:
        """The sale the till stopped in the middle of: `charged` (approved, or queued
        offline) in the approved colours, else in the warning ones."""
        self._look("restarted")
        if charged:
            self.setStyleSheet(f"QFrame#result {{ background: {theme.GOOD_BG}; border: "
                               f"{BORDER_PX}px solid {theme.GOOD}; border-radius: 16px; }}")
            self.title.set_css(f"color: {theme.GOOD}; {PLAIN_CSS}")
        self.title.setText(title)
        self.amount.setText(format_minor(amount, currency))  # for a test's or a reader's eye
        self.who.hide()
        self.detail.setText(detail)
        self._fit()

    def show_unpaid(self, amount: int, currency: str, detail: str) -> None:
        """The offline sale on this card was declined by the server when it was sent: the
        card no longer says "Approved offline" beside the banner that says declined."""
        self._look("unpaid")
        self.amount.setText(format_minor(amount, currency))
        self.who.hide()
        self.detail.setText(detail)
        self._fit()

    def add_note(self, text: str) -> None:
        self.detail.setText(f"{self.detail.text()}\n{text}" if self.detail.text() else text)
        self._fit()

    def primary_text(self) -> str:
        """What Enter does now, in the highlighted button's words."""
        b = self.buttons.get(self.primary)
        text = b.text().replace(ENTER_MARK, "") if b else self.tr(ACTIONS[self.primary])
        # Mid-sentence ("Enter: new sale."), but a name keeps its capital ("ask Mei").
        return text[:1].lower() + text[1:]

    def dismiss(self) -> None:
        self.kind = ""
        self.hide()


def tenders_text(outcome: Outcome) -> str:
    """"¥7.50 by the allowance · ¥5.00 in cash": a split sale's tenders on its card."""
    cur = outcome.currency
    parts = [translate("ResultCard", "{amount} by the allowance").format(
        amount=format_minor(outcome.amount, cur))]
    for kind, amount in outcome.tenders:
        text = (translate("ResultCard", "{amount} in cash") if kind == "cash"
                else translate("ResultCard", "{amount} by card"))
        parts.append(text.format(amount=format_minor(amount, cur)))
    return "  ·  ".join(parts)
