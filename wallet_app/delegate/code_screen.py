"""The code screen: the QR filling the short side, the numeric code, the countdown ring.

It only shows: frames come from `CodeSource`, the grant's numbers and the link state
from `DelegateLink`. Portrait puts the details under the code, landscape beside it.
"""

from __future__ import annotations

import time
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from kinpay import hours, l10n, schemas
from kinpay.codes import group_digits
from kinpay.money import format_minor
from wallet_app import ui
from wallet_app.delegate.rotation import CodeFrame
from wallet_app.qr import QrView
from wallet_app.words import category_list, plural, windows_text

NUMERIC_MAX_PX = 36
NUMERIC_MIN_PX = 16
# Two lines must fit the numeric line's height (NUMERIC_MAX_PX + 24).
NUMERIC_TWO_LINES_MAX_PX = 26
MIN_SIDE_PX = 240
INFO_SLACK_PX = 12
# The least the code shrinks to, in device pixels per module, however short the window: a
# webcam reads a screen's code from about three pixels a module; at two or one (the demo's
# tablet on a 1366 x 768 screen drew one) no counter camera does. Below the code, the
# details scroll instead.
MIN_MODULE_PX = 3
ROOMY_MODULE_PX = 6  # a code this large gives the rules under it their room
INFO_MIN_W_PX = 380  # the details column beside the code, in landscape
INFO_MIN_H_PX = 300  # the details under the code, in portrait
INFO_MARGIN_PX = 20  # the details' page margins
DETAILS_SPACING_PX = 16
RULES_GAP_PX = 10  # the details' spacing above the rules
SIDE_BY_SIDE_PX = 720  # from this width, portrait shows who and the countdown side by side
translate = QCoreApplication.translate


def _zone(name: str) -> tzinfo | None:
    """The allowance's time zone (the server took it), or None: this tablet's own."""
    try:
        return ZoneInfo(name)
    except (ValueError, OSError, KeyError):  # a name this machine's zone data lacks
        return None


def when_text(unix_s: int | None, now_s: float | None = None) -> str:
    """"just now", "at 10:42", "on 3 May at 10:42" — for "last synced"."""
    if not unix_s:
        return translate("CodeScreen", "not yet")
    now_s = time.time() if now_s is None else now_s
    if now_s - unix_s < 60:
        return translate("CodeScreen", "just now")
    then, today = time.localtime(unix_s), time.localtime(now_s)
    if then[:3] == today[:3]:
        return translate("CodeScreen", "at {time}").format(time=l10n.format_time(unix_s))
    return translate("CodeScreen", "on {date} at {time}").format(
        date=l10n.format_date(unix_s, year=False), time=l10n.format_time(unix_s))


def left_as_of(unix_s: int | None, now_s: float | None = None) -> str:
    """"as of just now", "as of 10:42", "as of 3 May, 10:42": how old an amount is."""
    if not unix_s:
        return translate("CodeScreen", "not synced yet")
    now_s = time.time() if now_s is None else now_s
    if now_s - unix_s < 60:
        return translate("CodeScreen", "as of just now")
    then, today = time.localtime(unix_s), time.localtime(now_s)
    if then[:3] == today[:3]:
        return translate("CodeScreen", "as of {time}").format(time=l10n.format_time(unix_s))
    return translate("CodeScreen", "as of {date}, {time}").format(
        date=l10n.format_date(unix_s, year=False), time=l10n.format_time(unix_s))


class CodeScreen(QWidget):
    """Signals: `purchases_clicked()`, `fullscreen_clicked()`, `new_code_clicked()`."""

    purchases_clicked = Signal()
    new_code_clicked = Signal()
    sign_in_clicked = Signal()
    fullscreen_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codeScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.qr = QrView()
        self.qr.setAccessibleName(self.tr("payment code"))
        self.numeric = ui.label("")
        self.numeric.setObjectName("numeric")
        self.numeric.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.numeric.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        code_col = QWidget()
        code_col.setObjectName("codeColumn")
        code_col.setStyleSheet("#codeColumn { background: white; }")
        col = QVBoxLayout(code_col)
        col.setContentsMargins(0, 0, 0, 8)
        col.setSpacing(0)
        col.addWidget(self.qr, 1)
        col.addWidget(self.numeric)
        self.code_col = code_col

        self.status = ui.label("", "pill-info")
        self.greeting = ui.label("", "title", wrap=True)
        self.from_payer = ui.label("", "muted", wrap=True)
        self.ring = ui.CountdownRing(diameter_px=84)
        self.next_note = ui.label("", "muted", wrap=True)
        self.left_today = ui.label("", "big")
        self.left_note = ui.label(self.tr("left to spend today"), "muted", wrap=True)
        # What the allowance lets them buy: a child could not know that a ¥40 toy or a
        # beer would be refused until the till said so.
        self.rules = ui.label("", "muted", wrap=True)
        self.rules.setObjectName("rules")
        self.rules.hide()
        self.purchases_button = ui.button(self.tr("My purchases"), name="purchasesButton")
        self.fullscreen_button = ui.button(self.tr("Full screen"), name="fullscreenButton")
        self.purchases_button.clicked.connect(self.purchases_clicked)
        self.fullscreen_button.clicked.connect(self.fullscreen_clicked)
        # When the server refused the tablet's session: codes still work, syncing doesn't.
        self.sign_in_button = ui.button(self.tr("Sign in again"), name="signInAgain")
        self.sign_in_button.clicked.connect(self.sign_in_clicked)
        self.sign_in_button.hide()
        # When a cashier asks for a fresh code (an offline till that just used this one).
        self.new_code_button = ui.button(self.tr("New code"), name="newCodeButton")
        self.new_code_button.clicked.connect(self.new_code_clicked)
        self.details = self._details()
        self.info = self._info()
        self.info_scroll = self._scroll(self.info)
        code_col.setParent(self)
        self.frame: CodeFrame | None = None

    def _details(self) -> QBoxLayout:
        # Who and how much on one side, the countdown on the other; in landscape the two
        # stack in the narrow column beside the code.
        who = QWidget()
        who_box = QVBoxLayout(who)
        who_box.setContentsMargins(0, 0, 0, 0)
        who_box.setSpacing(4)
        who_box.addWidget(self.greeting)
        who_box.addWidget(self.from_payer)
        who_box.addSpacing(8)
        who_box.addWidget(self.left_today)
        who_box.addWidget(self.left_note)
        clock = QWidget()
        clock_box = QHBoxLayout(clock)
        clock_box.setContentsMargins(0, 0, 0, 0)
        clock_box.setSpacing(12)
        clock_box.addWidget(self.ring)
        # The countdown and, under it, the way to skip it.
        next_box = QVBoxLayout()
        next_box.setSpacing(6)
        next_box.addWidget(self.next_note)
        next_box.addWidget(self.new_code_button)
        clock_box.addLayout(next_box, 1)
        details = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        details.setSpacing(DETAILS_SPACING_PX)
        details.addWidget(who, 3)
        details.addWidget(clock, 2)
        return details

    def _info(self) -> ui.Page:
        info = ui.Page(margins=INFO_MARGIN_PX)
        info.setObjectName("codeInfo")
        info.setStyleSheet("#codeInfo { background: white; }")
        info.box.setSpacing(10)
        info.box.addWidget(self.status, 0, Qt.AlignmentFlag.AlignLeft)
        info.box.addLayout(self.details)
        info.box.addStretch(1)
        # Side by side when they fit, else one above the other (a narrow column).
        self.buttons = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.buttons.setSpacing(10)
        self.buttons.addWidget(self.purchases_button)
        self.buttons.addWidget(self.fullscreen_button)
        self.buttons.addWidget(self.sign_in_button)  # in the place of "Full screen"
        info.box.addLayout(self.buttons)
        # Last, under the buttons: where there is no room they scroll, and take neither
        # the code's pixels nor the buttons' place.
        info.box.addWidget(self.rules)
        return info

    def _scroll(self, info: QWidget) -> QScrollArea:
        """The details in a frameless scroll area: they scroll, in a window too short for
        them beside a readable code, rather than take the code's pixels or lose a line."""
        scroll = ui.scrolled(info, self)
        scroll.setObjectName("codeInfoScroll")
        scroll.setStyleSheet("#codeInfoScroll, #codeInfoScroll > QWidget { background: white; }")
        return scroll

    # --- what the screen shows -------------------------------------------------------------

    def show_frame(self, frame: CodeFrame) -> None:
        self.frame = frame
        old = self.qr.image()
        self.qr.set_image(frame.image)
        if old is None or old.width() != frame.image.width():
            self._place()  # the code's least side depends on its modules
        self.numeric.setText(group_digits(frame.numeric))
        self.numeric.setAccessibleName(self.tr("numeric code {digits}").format(
            digits=frame.numeric))
        self._fit_numeric()

    def show_tick(self, fraction_left: float, seconds_left: int) -> None:
        self.ring.set_left(fraction_left, seconds_left)
        self.next_note.setText(plural(self.tr("New code in %n second(s)", "", seconds_left),
                                      seconds_left))

    def show_people(self, delegate: str, payer: str) -> None:
        self.greeting.setText(self.tr("Hi {name}!").format(name=ui.display_name(delegate))
                              if delegate else self.tr("Hi!"))
        self.from_payer.setText(self.tr("Spending money from {name}").format(
            name=ui.display_name(payer)) if payer else "")

    def show_left(self, minor: int | None, currency: str, *, as_of: str = "") -> None:
        if minor is None:
            self.left_today.setText("—")
            self.left_note.setText(self.tr("left today: we'll know when we're online"))
            return
        self.left_today.setText(format_minor(minor, currency))
        self.left_note.setText(self.tr("left to spend today ({as_of})").format(as_of=as_of)
                               if as_of else self.tr("left to spend today"))
        self._place()

    def show_rules(self, grant: schemas.Grant | None) -> None:
        """The allowance's rules in a child's words, a line each; none until known."""
        if grant is None:
            self.rules.hide()
            return
        lines = [self.tr("You can pay up to {amount} at a time").format(
            amount=format_minor(grant.limits.per_payment, grant.currency))]
        if grant.allowed_categories is not None:
            lines.append(self.tr("Only for: {categories}").format(
                categories=category_list(grant.allowed_categories)))
        elif grant.blocked_categories:
            lines.append(self.tr("Not for: {categories}").format(
                categories=category_list(grant.blocked_categories)))
        if grant.windows:  # the times themselves: "the times Mei chose" told a child nothing
            times = windows_text(grant.windows)
            zone = _zone(grant.timezone) or datetime.now().astimezone().tzinfo
            # Outside them it says so: a working code and "¥52.50 left today" at 15:26,
            # outside Mon–Fri 07:00–15:00, said nothing of "not now" (found live).
            lines.append(self.tr("Only {times}").format(times=times)
                         if zone is None or hours.open_at(grant.windows, zone, time.time())
                         else self.tr("Not now: only {times}").format(times=times))
        if grant.expires_at:
            lines.append(self.tr("Until {date}").format(date=l10n.format_date(grant.expires_at)))
        self.rules.setText("\n".join(lines))
        self.rules.show()
        self._place()

    def show_signed_out(self) -> None:
        self.status.setText(self.tr("Signed out · codes still work\nsign in again to sync"))
        ui.set_kind(self.status, "pill-bad")
        self.fullscreen_button.hide()
        self.sign_in_button.show()
        self._place()

    def show_link(self, online: bool, last_synced_s: int | None) -> None:
        self.sign_in_button.hide()
        self.fullscreen_button.show()
        if online:
            self.status.setText(self.tr("● Online"))
            ui.set_kind(self.status, "pill-ok")
        else:
            synced = (self.tr("synced {when}").format(when=when_text(last_synced_s))
                      if last_synced_s else self.tr("not synced yet"))
            # Two lines: as one, it is wider than a narrow tablet's details column.
            self.status.setText(self.tr("Offline · codes still work\n{synced}").format(
                synced=synced))
            ui.set_kind(self.status, "pill-bad")
        self._place()

    def clear(self) -> None:
        """Nothing to scan and no amount: for a grant that has ended."""
        self.frame = None
        self.qr.set_image(None)
        self.numeric.setText("")
        self.left_today.setText("")
        self.left_note.setText("")
        self.show_rules(None)

    def set_fullscreen_label(self, fullscreen: bool) -> None:
        self.fullscreen_button.setText(self.tr("Leave full screen") if fullscreen
                                       else self.tr("Full screen"))

    # --- layout ---------------------------------------------------------------------------

    def kept_in_view(self) -> list[QWidget]:
        """What a banner over this screen must leave uncovered, besides the code: the
        amount left, the buttons, and the countdown (half covered, "New code in 22
        seconds" read as a line cut in two)."""
        return [self.left_today, self.left_note, self.new_code_button,
                self.purchases_button, self.fullscreen_button, self.sign_in_button,
                self.ring, self.next_note]

    @property
    def landscape(self) -> bool:
        return self.width() > self.height()

    def minimumSizeHint(self) -> QSize:
        return QSize(MIN_SIDE_PX, MIN_SIDE_PX)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()

    def _place(self) -> None:
        """Place the code and the details by hand: the code takes the whole short side
        (less the numeric line), the details get what they need to show every line whole."""
        w, h = self.width(), self.height()
        numeric_h = NUMERIC_MAX_PX + 24
        if self.landscape:
            self.details.setDirection(QBoxLayout.Direction.TopToBottom)
            side = max(min(h - numeric_h, w - INFO_MIN_W_PX), MIN_SIDE_PX,
                       self.qr.side_for(MIN_MODULE_PX))
            self._stack_buttons_within(w - side)
            self.code_col.setGeometry(QRect(0, 0, side, side + numeric_h))
            self.info_scroll.setGeometry(QRect(side, 0, w - side, h))
        else:
            # Who and the countdown side by side on a wide tablet, one above the other on a
            # narrow one, where side by side they would wrap every line.
            self.details.setDirection(QBoxLayout.Direction.LeftToRight if w >= SIDE_BY_SIDE_PX
                                      else QBoxLayout.Direction.TopToBottom)
            self._stack_buttons_within(w)
            layout = self.info.layout()
            need_h = layout.totalHeightForWidth(w) if layout is not None else INFO_MIN_H_PX
            # The rules' lines show whole where the code stays large without their room;
            # else they scroll, under the buttons, rather than take the code's pixels.
            rules_h = self._rules_h(w)
            if h - numeric_h - need_h - INFO_SLACK_PX < self.qr.side_for(ROOMY_MODULE_PX):
                need_h -= rules_h
            # In a short window (a tablet's column on a 1366 x 768 till screen) the code gives
            # way, down to MIN_MODULE_PX a module, so the details show whole; below that the
            # details scroll. The layout's own estimate runs a few pixels short when a line
            # wraps: keep slack.
            need_h += INFO_SLACK_PX
            side = min(w, max(h - numeric_h - max(need_h, INFO_MIN_H_PX),
                              self.qr.side_for(MIN_MODULE_PX)))
            # The whole width: the QR centres itself, the numeric line gets room to fit.
            self.code_col.setGeometry(QRect(0, 0, w, side + numeric_h))
            self.info_scroll.setGeometry(QRect(0, side + numeric_h, w, h - side - numeric_h))
        self._fit_numeric()

    def _rules_h(self, w: int) -> int:
        """The height the rules' lines (and the space above them) take in portrait, at the
        width `w`."""
        if self.rules.isHidden():
            return 0
        return self.rules.heightForWidth(max(w - 2 * INFO_MARGIN_PX, 1)) + RULES_GAP_PX

    def _stack_buttons_within(self, width_px: int) -> None:
        margins = self.info.box.contentsMargins()
        room = width_px - margins.left() - margins.right()
        shown = [b for b in (self.purchases_button, self.fullscreen_button, self.sign_in_button)
                 if not b.isHidden()]
        need = sum(b.sizeHint().width() for b in shown) + self.buttons.spacing() * (len(shown) - 1)
        self.buttons.setDirection(QBoxLayout.Direction.LeftToRight if need <= room
                                  else QBoxLayout.Direction.TopToBottom)

    def _fit_numeric(self) -> None:
        """The numeric code as large as fits the code's column, on one line; where even the
        smallest size doesn't fit (a narrow column beside the details), on two lines, so
        no digit is ever cut off."""
        shown = self.numeric.text()
        one = shown.replace("\n", " ") or "0000 0000 0000 0000 000"
        width = max(self.code_col.width() - 24, 100)
        font = QFont(self.numeric.font())

        def fits(lines: list[str], size: int) -> bool:
            font.setPixelSize(size)
            metrics = QFontMetrics(font)
            return all(metrics.horizontalAdvance(t) + 2 * len(t) <= width for t in lines)

        size = NUMERIC_MAX_PX
        while size > NUMERIC_MIN_PX and not fits([one], size):
            size -= 2
        text = one
        if not fits([one], size):
            groups = one.split(" ")
            half = (len(groups) + 1) // 2
            lines = [" ".join(groups[:half]), " ".join(groups[half:])]
            size = NUMERIC_TWO_LINES_MAX_PX
            while size > NUMERIC_MIN_PX and not fits(lines, size):
                size -= 2
            text = "\n".join(lines)
        if shown and text != shown:
            self.numeric.setText(text)
        self.numeric.setStyleSheet(f"font-size: {size}px;")
