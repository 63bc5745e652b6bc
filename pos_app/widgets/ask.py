"""The asking card (issue 15 §1): "Asking Mei…", the amount, a countdown and Cancel.

It sits where the result card sits (over the frozen frame) while the terminal waits for
the payer's answer. Names come from the server: every label is plain text. The words for
how a question ended are here too, so the cashier reads them plainly ("Mei said no").
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kinpay.money import format_minor
from kinpay.names import display_name
from pos_app.core.ask import countdown_text
from pos_app.widgets import theme
from pos_app.widgets.keypad import FitLabel, arming, button, fit_height, plain_label
from pos_app.widgets.result import COMPACT, ENTER_MARK, NORMAL, TIGHT, Sizes

# Qt's lupdate reads `translate("Context", "text")` calls (not a wrapper's): every string
# here is written that way so the translation sources pick it up.
translate = QCoreApplication.translate
LABEL_CSS = f"color: {theme.ACCENT_DARK}; background: transparent; border: none;"



def person(name: str | None) -> str:
    """A person's name as both apps show it ("mei" → "Mei"); "the parent" if none (offline
    the till may not know it: "Asking the payer…" read as no one's word, live test 34 §8)."""
    return display_name(name) if name else translate("Ask", "the parent")


def ask_label(payer: str | None) -> str:
    """The button on a decline the payer could lift: "Ask Mei"."""
    return translate("Ask", "Ask {payer}").format(payer=person(payer))


def needs_server_text(payer: str | None) -> str:
    return translate("Ask", "Asking {payer} needs the server, which can't be reached now.").format(
        payer=person(payer))


# How a question ended where the same sale, sent again, can't pass: the payer said no (or
# stopped the allowance while asked, which the server answers the same way), or the
# decline can't be asked about. The others (no answer in time, cancelled, the server out of
# reach…) may pass on a second try.
SAME_SALE_FAILS = frozenset({"refused", "not_askable"})


def closed_words(status: str, payer: str | None) -> tuple[str, str]:
    """Title and detail for a question that ended without a sale."""
    nothing = translate("Ask", "Nothing was charged. Ask for another way to pay.")
    words = {
        "refused": (translate("Ask", "{payer} said no"), nothing),
        "expired": (translate("Ask", "No answer from {payer}"),
                    translate("Ask", "The question ran out of time. Nothing was charged.")),
        "cancelled": (translate("Ask", "Asking cancelled"),
                      translate("Ask", "Nothing was charged.")),
        "not_askable": (translate("Ask", "Can't ask {payer}"),
                        translate("Ask", "Asking can't lift this decline. "
                                  "Ask for another way to pay.")),
        "unreachable": (translate("Ask", "Can't reach the server"),
                        translate("Ask", "Asking {payer} needs the server. "
                                  "Nothing was charged.")),
        "unconfirmed": (translate("Ask", "Not confirmed yet"),
                        translate("Ask", "{payer} said yes, but the server's answer didn't "
                                  "arrive. Try again: it is never charged twice.")),
    }
    title, detail = words.get(status, (translate("Ask", "Asking didn't work"), nothing))
    who = person(payer)
    return title.format(payer=who), detail.format(payer=who)


class AskCard(QFrame):
    """Signals: `cancel_clicked()`."""

    cancel_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ask_card")
        self.setStyleSheet(
            f"QFrame#ask_card {{ background: {theme.INFO_BG}; border: 3px solid"
            f" {theme.ACCENT_DARK}; border-radius: 16px; }}"
        )
        lay = QVBoxLayout(self)
        self._lay = lay
        # The title and amount shrink to fit the card (the name elides past that); the
        # words wrap in it. At a 600-px till the card read "Asking Me" and "Mei gets the
        # question on their", the rest cut under Cancel.
        self.title = FitLabel("ask_title", LABEL_CSS)
        self.title.set_elides(True)
        self.amount = FitLabel("ask_amount", LABEL_CSS)
        self.countdown = plain_label("", "ask_countdown")
        self.detail = plain_label("", "ask_detail")
        self.detail.setWordWrap(True)
        for label in (self.title, self.amount, self.countdown, self.detail):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            lay.addWidget(label)
        row = QHBoxLayout()
        cancel = translate("Ask", "Cancel")
        self.cancel_button = button(cancel + ENTER_MARK, "primary", "ask_cancel")
        self.cancel_button.clicked.connect(self.cancel_clicked.emit)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        lay.addLayout(row)
        self.sizes: Sizes | None = None
        self.room_px = 10_000  # the camera view's height (set_room)
        self._use(NORMAL)
        self._deadline = 0.0
        self._payer: str | None = None
        self._waiting = ""  # the detail while the question waits, the link up
        self._arming = arming(self.cancel_button, self)
        self._timer = QTimer(self)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._tick)
        self.hide()

    def asking(self, payer: str | None, amount: int, currency: str, seconds: int) -> None:
        self.title.setText(translate("Ask", "Asking {payer}…").format(payer=person(payer)))
        self.amount.setText(format_minor(amount, currency))
        self._payer = payer
        self._waiting = translate("Ask", "{payer} gets the question on their phone. The sale "
                                         "completes here when they allow it.").format(
                                             payer=person(payer))
        self._say(self._waiting)
        # Cancel (and Enter, which does it) takes nothing in its first moment: the Enter that
        # asked, pressed twice or held, withdrew the question the moment it was sent.
        self.cancel_button.setEnabled(False)
        self._arming.start()
        self.set_seconds(seconds)
        self._timer.start()
        self.show()
        self.raise_()

    def set_link(self, online: bool) -> None:
        """The link to the server went down (or came back) while the question waits: said
        (live QA 36 §16: the card counted down "Mei gets the question…" while the till was
        offline and Mei's Allow could not reach the server). Not over "Cancelling…"."""
        down = translate("Ask", "The link to the server is down: {payer}'s answer arrives "
                                "here when it is back. Nothing is charged until then.").format(
            payer=person(self._payer))
        if self.isVisible() and self.detail.text() in (self._waiting, down):
            self._say(self._waiting if online else down)

    def set_room(self, height_px: int) -> None:
        """The height the camera view leaves the card: it takes the largest of the result
        card's NORMAL, COMPACT and TIGHT sizes that fits it, worded as it is."""
        self.room_px = height_px
        self._settle()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._settle()

    def _settle(self) -> None:
        sizes = NORMAL
        for sizes in (NORMAL, COMPACT, TIGHT):
            self._use(sizes)
            if self._lay.totalMinimumSize().height() <= self.room_px:
                break
        fit_height(self.detail, self.detail.width())

    def _use(self, sizes: Sizes) -> None:
        if sizes is not self.sizes:
            self.sizes = sizes
            side, top = sizes.margins
            self._lay.setContentsMargins(side, top, side, top)
            self._lay.setSpacing(sizes.spacing)
            self.title.set_max_px(sizes.title_px)
            self.amount.set_max_px(sizes.amount_px)
            self.countdown.setStyleSheet(f"font-size: {sizes.title_px - 4}px; font-weight:"
                                         f" 700; {LABEL_CSS}")
            self.detail.setStyleSheet(f"font-size: {sizes.text_px}px; font-weight: 500;"
                                      f" {LABEL_CSS}")
            self.cancel_button.setStyleSheet(sizes.button_css)
        side = sizes.margins[0] + 3  # and the border
        fit_height(self.detail, self.width() - 2 * side)

    def _say(self, text: str) -> None:
        self.detail.setText(text)
        self._settle()

    def set_seconds(self, seconds: float) -> None:
        """The time left as the server counts it (its `expires_at - now`)."""
        self._deadline = time.monotonic() + seconds
        self._tick()

    def armed(self) -> bool:
        """True once Cancel takes a press (keypad.ARMS_MS after the question was sent)."""
        return self.cancel_button.isEnabled()

    def cancelling(self) -> None:
        self._arming.stop()
        self.cancel_button.setEnabled(False)
        self._say(translate("Ask", "Cancelling…"))

    def completing(self) -> None:
        self._arming.stop()
        self.cancel_button.setEnabled(False)
        self._say(translate("Ask", "Allowed. Completing the sale…"))

    def seconds_left(self) -> float:
        return max(0.0, self._deadline - time.monotonic())

    def _tick(self) -> None:
        self.countdown.setText(countdown_text(self.seconds_left()))

    def dismiss(self) -> None:
        self._timer.stop()
        self.hide()
