"""The split card: the allowance paid part of the sale, the rest is still to take.

Shown over the frozen frame instead of the result card when the server approved less
than the sale (pos_app.core.tenders): which items the allowance paid for and which it
can't, what was paid and what is left, and the cashier's choices:

    cash / card ... the rest was taken another way (a second tender on the receipt)
    removed ....... the blocked items come off the sale (a split basket only)
    giveback ...... the customer can't pay the rest: the allowance's part goes back

A tap reports `action(name)`; the window decides. Enter takes none of them: money that
changes hands is recorded by a deliberate tap only (live session 33: an Enter meant for the
card before recorded ¥5.50 in cash no one had taken). Age-restricted ✗ items in the child's
basket (`tenders.not_for_a_child`) are never offered in cash or by card: they come off the
sale, or the allowance's part goes back. Item names come from the catalogue and amounts
from the server: every label is plain text.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QSizePolicy, QVBoxLayout, QWidget

from kinpay import schemas
from kinpay.money import format_minor
from pos_app.core import tenders
from pos_app.core.store import SaleRow
from pos_app.widgets import theme
from pos_app.widgets.keypad import button, fit_height, plain_label
from pos_app.words import unbroken

ENTER_MARK = "  ⏎"


translate = QCoreApplication.translate


def why_text(row: SaleRow) -> str:
    """Why the code paid only part, in the cashier's words."""
    reason = row.split.get("partial_reason")
    if reason == "category_blocked":
        return translate("SplitCard", "The allowance can't pay for the items marked ✗.")
    if reason == "limit_daily":
        return translate("SplitCard", "That was all that is left of today's allowance.")
    if reason == "limit_monthly":
        return translate("SplitCard", "That was all that is left of this month's allowance.")
    return ""


def tender_lines(row: SaleRow, *, rest: bool = True) -> list[tuple[str, int]]:
    """The sale's tenders as the receipt and the report name them: the code's part first;
    `rest` false: without what is still to pay."""
    names = {"cash": translate("SplitCard", "Paid in cash"),
             "card": translate("SplitCard", "Paid by card"),
             "due": translate("SplitCard", "Still to pay")}
    out = [(translate("SplitCard", "Paid by allowance (kinpay)"), row.amount)]
    if row.refunded >= row.amount > 0:
        # The allowance's part given back: the rest is owed no more (pos_app.report).
        names["due"] = translate("SplitCard", "Rest, not owed (given back)")
    if not rest:
        del names["due"]
    out += [(names[str(t["kind"])], int(t["amount"])) for t in row.tenders
            if t["kind"] in names]
    return out


def refund_lines(row: SaleRow) -> list[tuple[str, int]]:
    """What each tender of a split sale gave back."""
    out = []
    if row.refunded:
        out.append((translate("SplitCard", "Refunded to the allowance"), row.refunded))
    if row.other_refunded:
        out.append((translate("SplitCard", "Given back in cash or to the card"),
                    row.other_refunded))
    return out


def item_lines(row: SaleRow) -> list[tuple[bool, schemas.Item]]:
    """Each item of the basket and whether the allowance paid for it."""
    found = row.split.get("eligible_items")
    paid = set(range(len(row.items)) if found is None else found)
    return [(n in paid, item) for n, item in enumerate(row.items)]


# The card's type (title, paid, items, why, rest; buttons), margins and spacing, largest
# first: the first whose card fits the camera view is used. At a 600-px till the normal
# card was taller than the view: its lines lay on each other and "Give back" was cut.
LOOKS = (((24, 26, 18, 17, 23), "font-size: 16px; padding: 4px 2px; min-height: 40px;",
          (24, 18), 6),
         ((19, 20, 15, 14, 18), "font-size: 15px; padding: 2px 2px; min-height: 36px;",
          (14, 10), 4),
         ((16, 17, 13, 13, 15), "font-size: 14px; padding: 2px 2px; min-height: 32px;",
          (10, 6), 2))


class SplitCard(QFrame):
    action = Signal(str)  # cash | card | removed | giveback

    NAMES = ("cash", "card", "removed", "giveback")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("split")
        self.key = ""
        self.primary = ""  # Enter takes no action here: each one is a deliberate tap
        self.offered: list[str] = []
        self.setStyleSheet(
            f"QFrame#split {{ background: {theme.WARN_BG}; border: 3px solid {theme.WARN};"
            " border-radius: 16px; }"
        )
        lay = QVBoxLayout(self)
        self._lay = lay
        self.room_px = 10_000  # the camera view's height (set_room)
        self.look = -1
        self.title = plain_label("", "split_title")
        self.paid = plain_label("", "split_paid")
        self.items = plain_label("", "split_items")
        self.rest = plain_label("", "split_rest")
        self.why = plain_label("", "split_why")
        self.labels = (self.title, self.paid, self.items, self.why, self.rest)
        for label in self.labels:
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            lay.addWidget(label)
        # Two by two: four buttons side by side don't fit a till's narrow scan panel.
        row = QGridLayout()
        row.setHorizontalSpacing(10)
        row.setVerticalSpacing(8)
        texts = {"cash": self.tr("Cash"), "card": self.tr("Card"),
                 "removed": self.tr("Remove ✗ items"), "giveback": self.tr("Give back")}
        self.texts = texts
        self.buttons = {}
        for i, name in enumerate(self.NAMES):
            b = button(texts[name], None, f"split_{name}")
            b.clicked.connect(lambda _=False, n=name: self.action.emit(n))
            b.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            # In the card from the start: show_split shows a button before it is put in
            # the grid, and a widget with no parent shown is a window of its own.
            row.addWidget(b, i // 2, i % 2)
            self.buttons[name] = b
        self.grid = row
        lay.addLayout(row)
        self._use(0)
        self.hide()

    def show_split(self, row: SaleRow, shop_category: str = "") -> None:
        """The journal row of a partial sale, as the cashier needs it; `shop_category`
        the shop's, for the ✗ items without one of their own."""
        self.key = row.key
        cur = row.currency
        blocked = row.split.get("partial_reason") == "category_blocked"
        # The headlines break between words, never inside a bracket (words.unbroken).
        self.title.setText(unbroken(self.tr("Split the basket") if blocked
                                    else self.tr("Part approved")))
        self.paid.setText(unbroken(self.tr("Allowance paid {paid} of {total}").format(
            paid=format_minor(row.amount, cur), total=format_minor(row.total_minor, cur))))
        lines = []
        if row.split.get("eligible_items") is not None:
            for ok, item in item_lines(row):
                mark = "✓" if ok else "✗"
                amount = format_minor(item.quantity * item.unit_amount, cur)
                lines.append(f"{mark}  {item.quantity} × {item.name}   {amount}")
        self.items.setText("\n".join(lines))
        self.items.setVisible(bool(lines))
        self.why.setText(why_text(row))
        self.rest.setText(unbroken(self.tr("Take {due} another way").format(
            due=format_minor(row.due_minor, cur))))
        shown = [n for n in self.NAMES if n != "removed" or tenders.can_remove(row)]
        barred = tenders.not_for_a_child(row, shop_category)
        if barred:
            names = ", ".join(item.name for item in barred)
            self.why.setText(self.tr(
                "{items}: not for sale to a child, not even for cash or by card.").format(
                    items=names))
            self.rest.setText(unbroken(
                self.tr("Remove the ✗ items") if tenders.can_remove(row)
                else self.tr("Give the allowance's part back, then ring up the sale again "
                             "without them")))
            shown = [n for n in shown if n not in ("cash", "card")]
        self.offered = shown
        for name, b in self.buttons.items():
            self.grid.removeWidget(b)
            b.setVisible(name in shown)
        for i, name in enumerate(shown):  # no gap where a button is not offered
            self.grid.addWidget(self.buttons[name], i // 2, i % 2)
        self.set_busy(False)
        self.show()
        self.raise_()
        self._fit()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit()

    def set_room(self, height_px: int) -> None:
        """The height the camera view leaves the card (layout.CardStage)."""
        self.room_px = height_px
        self._fit()

    def _use(self, look: int) -> None:
        if look == self.look:
            return
        self.look = look
        sizes, button_css, (side, top), spacing = LOOKS[look]
        self._lay.setContentsMargins(side, top, side, top)
        self._lay.setSpacing(spacing)
        for label, size, weight in zip(self.labels, sizes, (800, 800, 500, 500, 800),
                                       strict=True):
            color = "#111111" if label is self.items else theme.WARN
            label.setStyleSheet(f"font-size: {size}px; font-weight: {weight}; border: none;"
                                f" background: transparent; color: {color};")
        for b in self.buttons.values():
            b.setStyleSheet(button_css)

    def _fit(self) -> None:
        # Wrapped lines need their height at the card's real width, or the box layout over
        # the preview squeezes them into each other; the largest look that fits the view.
        width = self.width() - 2 * (self._lay.contentsMargins().left() + 3)
        for look in range(len(LOOKS)):
            self._use(look)
            width = self.width() - 2 * (self._lay.contentsMargins().left() + 3)
            for label in self.labels:
                fit_height(label, width)
            if self._lay.totalMinimumSize().height() <= self.room_px:
                break
        for label in self.labels:
            fit_height(label, width)

    def set_busy(self, busy: bool) -> None:
        for name, b in self.buttons.items():
            b.setEnabled(not busy)
            b.setProperty("role", "primary" if name == self.primary else None)
            b.setText(self.texts[name] + (ENTER_MARK if name == self.primary else ""))
            b.style().unpolish(b)
            b.style().polish(b)

    def dismiss(self) -> None:
        self.key = ""
        self.hide()
