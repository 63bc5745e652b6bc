"""The code screen: the QR filling the short side, the numeric code, the countdown ring.

It only shows: frames come from `CodeSource`, the grant's numbers and the link state
from `DelegateLink`. Portrait puts the details under the code, landscape beside it.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QVBoxLayout, QWidget

from kinpay.codes import group_digits
from kinpay.money import format_minor
from wallet_app import ui
from wallet_app.delegate.rotation import CodeFrame
from wallet_app.qr import QrView

NUMERIC_MAX_PX = 36
NUMERIC_MIN_PX = 16


def when_text(unix_s: int | None, now_s: float | None = None) -> str:
    """"just now", "at 10:42", "on 3 May at 10:42" — for "last synced"."""
    if not unix_s:
        return "not yet"
    now_s = time.time() if now_s is None else now_s
    if now_s - unix_s < 60:
        return "just now"
    then, today = time.localtime(unix_s), time.localtime(now_s)
    if then[:3] == today[:3]:
        return time.strftime("at %H:%M", then)
    return time.strftime("on %-d %b at %H:%M", then)


class CodeScreen(QWidget):
    """Signals: `purchases_clicked()`, `fullscreen_clicked()`."""

    purchases_clicked = Signal()
    fullscreen_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codeScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.qr = QrView()
        self.qr.setAccessibleName("payment code")
        self.numeric = ui.label("")
        self.numeric.setObjectName("numeric")
        self.numeric.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.numeric.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        code_col = QWidget()
        col = QVBoxLayout(code_col)
        col.setContentsMargins(0, 0, 0, 8)
        col.setSpacing(0)
        col.addWidget(self.qr, 1)
        col.addWidget(self.numeric)
        self.code_col = code_col

        self.status = ui.label("", "pill-info")
        self.greeting = ui.label("", "title", wrap=True)
        self.from_payer = ui.label("", "muted", wrap=True)
        self.ring = ui.CountdownRing(diameter_px=92)
        self.next_note = ui.label("", "muted", wrap=True)
        self.left_today = ui.label("", "big")
        self.left_note = ui.label("left to spend today", "muted")
        self.purchases_button = ui.button("My purchases", name="purchasesButton")
        self.fullscreen_button = ui.button("Full screen", name="fullscreenButton")
        self.purchases_button.clicked.connect(self.purchases_clicked)
        self.fullscreen_button.clicked.connect(self.fullscreen_clicked)

        info = ui.Page(margins=20)
        info.setObjectName("codeInfo")
        info.setStyleSheet("#codeInfo { background: white; }")
        info.box.addWidget(self.status, 0, Qt.AlignmentFlag.AlignLeft)
        info.box.addWidget(self.greeting)
        info.box.addWidget(self.from_payer)
        ring_row = ui.row(self.ring, self.next_note, spacing=14)
        ring_row.setStretch(1, 1)
        info.box.addLayout(ring_row)
        info.box.addWidget(self.left_today)
        info.box.addWidget(self.left_note)
        info.box.addStretch(1)
        buttons = ui.row(self.purchases_button, self.fullscreen_button)
        info.box.addLayout(buttons)
        self.info = info

        self._layout = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._layout.addWidget(code_col)
        self._layout.addWidget(info, 1)
        self.frame: CodeFrame | None = None

    # --- what the screen shows -------------------------------------------------------------

    def show_frame(self, frame: CodeFrame) -> None:
        self.frame = frame
        self.qr.set_image(frame.image)
        self.numeric.setText(group_digits(frame.numeric))
        self.numeric.setAccessibleName("numeric code " + frame.numeric)
        self._fit_numeric()

    def show_tick(self, fraction_left: float, seconds_left: int) -> None:
        self.ring.set_left(fraction_left, seconds_left)
        unit = "second" if seconds_left == 1 else "seconds"
        self.next_note.setText(f"New code in {seconds_left} {unit}")

    def show_people(self, delegate: str, payer: str) -> None:
        self.greeting.setText(f"Hi {delegate.title()}!" if delegate else "Hi!")
        self.from_payer.setText(f"Spending money from {payer.title()}" if payer else "")

    def show_left(self, minor: int | None, currency: str, *, as_of: str = "") -> None:
        if minor is None:
            self.left_today.setText("—")
            self.left_note.setText("left today: we'll know when we're online")
            return
        self.left_today.setText(format_minor(minor, currency))
        self.left_note.setText("left to spend today" + (f" ({as_of})" if as_of else ""))

    def show_link(self, online: bool, last_synced_s: int | None) -> None:
        if online:
            self.status.setText("● Online")
            ui.set_kind(self.status, "pill-ok")
        else:
            self.status.setText(f"Offline · codes still work · synced {when_text(last_synced_s)}")
            ui.set_kind(self.status, "pill-bad")

    def set_fullscreen_label(self, fullscreen: bool) -> None:
        self.fullscreen_button.setText("Leave full screen" if fullscreen else "Full screen")

    # --- layout ---------------------------------------------------------------------------

    @property
    def landscape(self) -> bool:
        return self.width() > self.height()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        numeric_h = QFontMetrics(self.numeric.font()).height() + 12
        if self.landscape:
            self._layout.setDirection(QBoxLayout.Direction.LeftToRight)
            side = self.height()
            self.code_col.setFixedSize(max(side - numeric_h, 160), side)
        else:
            self._layout.setDirection(QBoxLayout.Direction.TopToBottom)
            side = self.width()
            self.code_col.setFixedSize(side, side + numeric_h)
        self._fit_numeric()

    def _fit_numeric(self) -> None:
        text = self.numeric.text() or "0000 0000 0000 0000 000"
        width = max(self.code_col.width() - 24, 100)
        font = QFont(self.numeric.font())
        size = NUMERIC_MAX_PX
        while size > NUMERIC_MIN_PX:
            font.setPixelSize(size)
            if QFontMetrics(font).horizontalAdvance(text) + 2 * len(text) <= width:
                break
            size -= 2
        self.numeric.setStyleSheet(f"font-size: {size}px;")
