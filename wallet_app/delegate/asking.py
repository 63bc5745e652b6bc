"""The child's side of asking at the till (issue 15 §1): while the shop asks the parent,
the tablet says "Asking Mei…" with the time left, then what the parent answered. The
banner floats over the tablet's screen (the code stays underneath, laid out as always: a
banner in the layout would squeeze the code screen of a small tablet) where it covers
neither the code (the till may scan the next sale while the answer shows), nor the amount
left, nor the buttons; where no such place is, it takes a strip at the top while it shows.
Nothing here decides anything."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QRect, QSize, QTimer
from PySide6.QtGui import QHideEvent, QMouseEvent
from PySide6.QtWidgets import QWidget

from kinpay import schemas
from kinpay.money import format_minor
from wallet_app import ui
from wallet_app.asking import child_status_text, translate
from wallet_app.delegate.pages import child_decline_text

RESULT_SHOWN_MS = 15_000  # the answer stays this long, then the banner goes
BANNER_MARGIN_PX = 8
SPOT_STEP_PX = 4  # the places tried, from the top down
LAYOUT_LEVELS = 8  # more than the widgets between the screen and its window


def _back_to(window: QWidget, height: int) -> None:
    """`window` at `height` again, if a strip made it taller and it is still a plain window."""
    if window.height() <= height or window.isMaximized() or window.isFullScreen():
        return
    # The layouts' least heights, level by level up to the window (each level's request
    # is posted as the one below it is handled), before the window's least height
    # lets it go below the height with the strip.
    for _level in range(LAYOUT_LEVELS):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    window.resize(window.width(), height)


class AskingBanner(ui.Card):
    """Shows the newest question about this tablet's grant."""

    def __init__(self, parent: QWidget | None = None, *,
                 keep_clear: Callable[[], list[QRect]] | None = None,
                 reserve: Callable[[int], None] | None = None) -> None:
        super().__init__(parent, spacing=4)
        self.setObjectName("asking_banner")
        # What it must not cover (the code, the amount left, the buttons), in the parent's
        # pixels; and how it takes a strip of its own at the top (0: gives it back).
        self._keep_clear = keep_clear
        self._reserve = reserve
        self._height_before: int | None = None  # the window's, before a strip made it grow
        self._docked = False
        self.compact = False  # its title alone, where the whole banner finds no room
        self.title = ui.label("", "title", wrap=True)
        self.title.setObjectName("asking_title")
        self.line = ui.label("", "muted", wrap=True)
        self.left = ui.label("", "pill-info")
        for w in (self.title, self.line, self.left):
            self.box.addWidget(w)
        self.current: schemas.Approval | None = None
        self._deadline = 0.0
        self._tick_timer = QTimer(self)
        self._tick_timer.setInterval(500)
        self._tick_timer.timeout.connect(self._tick)
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.timeout.connect(self.hide)
        self.hide()
        if parent is not None:
            parent.installEventFilter(self)  # follow the screen's size

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() in (
                QEvent.Type.Resize, QEvent.Type.LayoutRequest) and self.isVisible():
            # Once the screen's layout has placed the code at the new size (placed at once,
            # the banner went by where the code had been, and covered it: tests/wallet/fit.py)
            QTimer.singleShot(0, self, self.place)
        return False

    def place(self) -> None:
        """Over the screen, as high as its lines need, above everything, where it covers
        none of what the child needs (the code, the amount left, the buttons): the top
        when that is clear, else the highest clear spot, else its title alone there.
        Where none is, it takes a strip of its own at the top and the screen moves down
        under it while it shows (live QA 36 §10: it covered the amount left and "← Back
        to my code")."""
        parent = self.parentWidget()
        if parent is None:
            return
        margin = BANNER_MARGIN_PX
        width = max(parent.width() - 2 * margin, 1)
        spot = None
        if not self._docked:
            # Whole, else its title alone (the rest of its words are on the screen too).
            for compact in (False, True):
                self._set_compact(compact)
                spot = self._clear_spot(parent.height(), self._size_at(width))
                if spot is not None:
                    break
        if spot is None:
            self._set_compact(False)
            self._docked = True
            spot = QRect(QPoint(margin, margin), self._size_at(width))
            self._take_strip(spot.height() + 2 * margin)
        self.setGeometry(spot)
        layout = self.layout()
        if layout is not None:
            # Its words laid out now, for the size just set, not at the next turn of the
            # loop: a picture taken between (the demo's screenshots) showed the title cut
            # in half, in 4 of 13 runs of `make demo --script` (step 12), 0 of 16 so.
            layout.activate()
        self.raise_()

    def _size_at(self, width: int) -> QSize:
        layout = self.layout()
        if layout is not None:
            layout.invalidate()
        height = (layout.totalHeightForWidth(width) if layout is not None
                  else self.sizeHint().height())
        return QSize(width, max(height, self.minimumSizeHint().height()))

    def _set_compact(self, compact: bool) -> None:
        self.compact = compact
        self.line.setVisible(not compact)
        self.left.setVisible(not compact and self._tick_timer.isActive())

    def _clear_spot(self, parent_height: int, size: QSize) -> QRect | None:
        """The highest place that covers nothing kept clear, or None."""
        margin = BANNER_MARGIN_PX
        kept = self._keep_clear() if self._keep_clear is not None else []
        for y in range(margin, max(margin, parent_height - size.height() - margin) + 1,
                       SPOT_STEP_PX):
            spot = QRect(QPoint(margin, y), size)
            if not any(spot.intersects(r) for r in kept):
                return spot
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # the banner's, not the screen's under it

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A tap puts an answer or a sale's outcome away, as a tap does the parent's notice
        (live use: "Paid" in a strip pushed "My purchases" below a small tablet's foot for
        15 s); a question still waiting stays: its time left is what the child watches."""
        event.accept()
        if self._hide_timer.isActive():
            self._hide_timer.stop()
            self.hide()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if self._docked and self.isHidden():  # put away, not hidden with the window
            self._docked = False
            self._take_strip(0)

    def _take_strip(self, px: int) -> None:
        """Takes a strip of `px` at the top of the screen (0: gives it back). Where the
        window's height can't spare it, Qt makes the window taller (a window is never less
        than its layout's least height); given back, the window returns to the height it
        had, unless it was maximised or made full screen meanwhile (live QA 39: the demo's
        tablet stayed 40 px taller after a "Paid", its last lines below the screen's foot
        and a gap above its buttons)."""
        if self._reserve is None:
            return
        top = self.window()
        if px and self._height_before is None:
            self._height_before = top.height()
        self._reserve(px)
        if not px and self._height_before is not None:
            before, self._height_before = self._height_before, None
            QTimer.singleShot(0, top, lambda: _back_to(top, before))

    def show_approval(self, a: schemas.Approval) -> None:
        if self.current is not None and a.id != self.current.id and a.status != "pending":
            return  # an answer to an older question: the newer one stays on screen
        self.current = a
        title, line = child_status_text(a)
        if a.status != "pending":
            self._show_outcome(title, line)
            return
        self.title.setText(title)
        self.line.setText(line)
        self._deadline = time.monotonic() + max(0, a.expires_at - a.now)
        self._hide_timer.stop()
        self._tick_timer.start()
        self.left.show()
        self._tick()
        ui.set_kind(self.title, "title")
        self.show()
        self.place()

    def _show_outcome(self, title: str, line: str) -> None:
        """An answer or a sale's outcome: shown for RESULT_SHOWN_MS, then the banner goes."""
        self.title.setText(title)
        self.line.setText(line)
        self._tick_timer.stop()
        self.left.hide()
        self._hide_timer.start(RESULT_SHOWN_MS)
        ui.set_kind(self.title, "title")
        self.show()
        self.place()

    def show_payment(self, p: schemas.Payment) -> None:
        """A sale just made with this tablet's code: "Paid ¥45.00 · at Corner Shop · ¥55.00
        left today", or "Not paid" and why. Live use: the child at the counter learnt
        nothing from their own tablet, and an earlier "Mei said yes" stayed up into the next
        sale. A question still waiting keeps the banner (its answer comes as its own)."""
        if self.current is not None and self.current.status == "pending" and self.isVisible():
            return
        self.current = None
        amount = format_minor(p.amount, p.currency)
        shop = p.merchant.name if p.merchant else translate("Purchases", "A shop")
        if p.status == "approved":
            title = translate("Asking", "Paid {amount}").format(amount=amount)
            line = translate("Asking", "at {shop}").format(shop=shop)
            if p.remaining is not None:
                line += translate("Asking", " · {left} left today").format(
                    left=format_minor(p.remaining.daily, p.currency))
        else:
            title = translate("Asking", "Not paid")
            line = translate("Asking", "{amount} at {shop}: {reason}").format(
                amount=amount, shop=shop, reason=child_decline_text(p.decline_code))
        self._show_outcome(title, line)

    def allowance_ended(self) -> None:
        """The allowance was stopped or has ended: the tablet hears no more of the question
        on screen, and nothing can be paid from it now, so a question still waiting (or
        allowed, not yet paid) says so, instead of counting down to "No answer" or
        staying "being paid"."""
        a = self.current
        if a is None or a.status not in ("pending", "allowed") or not self.isVisible():
            return
        amount = format_minor(a.amount, a.currency)
        self.title.setText(translate("Asking", "Your spending money has stopped"))
        self.line.setText(translate("Asking", "{amount} at {shop} wasn't paid.").format(
            amount=amount, shop=a.merchant.name))
        self.current = a.model_copy(update={"status": "cancelled"})
        self._tick_timer.stop()
        self.left.hide()
        self._hide_timer.start(RESULT_SHOWN_MS)
        self.place()

    def _tick(self) -> None:
        s = max(0, int(self._deadline - time.monotonic() + 0.999))
        self.left.setText(translate("Asking", "{m}:{s:02d} left").format(m=s // 60, s=s % 60))
        if s == 0 and self.current is not None:
            self.show_approval(self.current.model_copy(update={"status": "expired"}))
