"""The payer's smaller screens: the pairing code, the revoke and second-allowance
confirmations, the password asked again, the top-up."""

from __future__ import annotations

import time

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kinpay import l10n, schemas
from kinpay.errors import ApiError, MoneyError
from kinpay.money import format_minor, parse_minor
from wallet_app import pairing, style, ui
from wallet_app.flow import flow
from wallet_app.payer.funding import top_up_too_large
from wallet_app.payer.grant_form import amount_error
from wallet_app.qr import QrView, qr_image
from wallet_app.words import failure_text

MAX_TIMER_MS = 24 * 3600 * 1000  # a pairing code lives minutes; a longer wait is rechecked


class CodeLabel(QLabel):
    """The pairing code as text, in type as big as the width allows: at 34 px it needed
    330 px, and a phone's 360-pixel screen cut it at the right."""

    BIG_PX, SMALL_PX = 34, 18
    CSS = ('font-family: "DejaVu Sans Mono", monospace; letter-spacing: 3px; '
           "font-weight: 700; font-size: {px}px;")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.px = 0
        self._use(self.BIG_PX)

    def _use(self, px: int) -> None:
        if px != self.px:
            self.px = px
            self.setStyleSheet(self.CSS.format(px=px))

    def _width_at(self, px: int) -> int:
        font = QFont(self.font())
        font.setPixelSize(px)
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 3)
        return QFontMetrics(font).horizontalAdvance(self.text()) + 8

    def minimumSizeHint(self) -> QSize:
        return QSize(self._width_at(self.SMALL_PX), super().minimumSizeHint().height())

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit(self.width())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit(event.size().width())

    def _fit(self, width: int) -> None:
        px = self.BIG_PX
        while px > self.SMALL_PX and self._width_at(px) > width:
            px -= 2
        self._use(px)


class PairingPage(ui.ScrollPage):
    """The pairing code as a QR and as text, for the delegate's tablet."""

    done_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ui.label("", "title", wrap=True)
        self.steps = ui.label("", wrap=True)
        self.qr = QrView()
        self.qr.setObjectName("pairingQr")
        self.qr.setMinimumSize(260, 260)
        self.code = CodeLabel()
        self.code.setObjectName("pairingText")
        self.expires = ui.label("", "muted", wrap=True)
        self.expires.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done = ui.button(self.tr("Done"), "primary", name="doneButton")
        self.done.clicked.connect(self.done_clicked)
        card = ui.Card(spacing=12)
        card.box.addWidget(self.title)
        card.box.addWidget(self.steps)
        card.box.addWidget(self.qr, 1)
        card.box.addWidget(self.code)
        card.box.addWidget(self.expires)
        self.box.addWidget(card, 1)
        self.box.addLayout(ui.row(self.done, stretch_at=0))
        self.pairing_code = ""
        self.expires_at_s = 0
        self._expiry = QTimer(self)
        self._expiry.setSingleShot(True)
        self._expiry.timeout.connect(self._check_expired)

    def show_pairing(self, delegate: str, pairing_code: str, expires_at_s: int) -> None:
        self.pairing_code = pairing_code
        who = ui.display_name(delegate)
        self.title.setText(self.tr("Pair {name}'s tablet").format(name=who))
        self.steps.setText(self.tr(
            "On {name}'s tablet, sign in as {account} and choose “Use the camera”, then hold it "
            "up to this code. Or type the code below.").format(name=who, account=delegate))
        self.qr.set_image(qr_image(pairing.qr_text(pairing_code)))
        self.code.setText(pairing_code)
        self.expires.setText(self.tr("Works once, until {time}.").format(
            time=l10n.format_datetime(expires_at_s)))
        self.expires_at_s = expires_at_s
        self._check_expired()

    def _check_expired(self) -> None:
        """Past its time a code can't pair: stop showing it, and say what to do."""
        if not self.pairing_code:
            return
        left_ms = int((self.expires_at_s - time.time()) * 1000)
        if left_ms > 0:
            self._expiry.start(min(left_ms + 50, MAX_TIMER_MS))
            return
        self.clear()
        self.expires.setText(self.tr("That code has expired. Press Done, then “Pairing code” "
                                     "for a new one."))

    def clear(self) -> None:
        """Forget a code that was used (or given up): it is never shown again."""
        self.pairing_code = ""
        self._expiry.stop()
        self.qr.set_image(None)
        self.code.setText("")
        self.expires.setText("")


class NarrowDialog(QDialog):
    """A dialog `WIDE_PX` wide, or as wide as the window it opens over where that is less:
    at 460 px at least, "Stop Lily's spending money?" was cut on a 360-pixel phone."""

    WIDE_PX = 460
    EDGE_PX = 2  # the drawn edge: without a frame the card behind read as part of it

    def paintEvent(self, event: QPaintEvent) -> None:
        """Opaque to its edges, with an edge of its own: the card behind showed through
        and around "Stop…" and the password prompt (live QA 36 §15, §16)."""
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(style.PAPER))
        pen = QPen(QColor(style.MUTED), self.EDGE_PX)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        p.setPen(pen)
        half = self.EDGE_PX // 2
        p.drawRect(self.rect().adjusted(half, half, -half, -half))
        p.end()

    def _confirm_box(self, title: str) -> QVBoxLayout:
        """A modal confirmation's layout, titled `title` in the window's bar."""
        self.setObjectName("page")
        self.setWindowTitle(title)
        self.setModal(True)
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 22, 24, 20)
        box.setSpacing(12)
        return box

    def _keep_or_go(self, box: QVBoxLayout, keep: tuple[str, str],
                    go: tuple[str, str]) -> tuple[QPushButton, QPushButton]:
        """A confirmation's two buttons at its foot, each (words, object name): the safe
        one first and the default (Enter keeps things as they are), the red one accepts."""
        keeping = ui.button(keep[0], name=keep[1])
        going = ui.button(go[0], "danger-solid", name=go[1])
        keeping.clicked.connect(self.reject)
        going.clicked.connect(self.accept)
        keeping.setDefault(True)
        box.addLayout(flow(keeping, going, stretch_at=0))
        return keeping, going

    def sizeHint(self) -> QSize:
        owner = self.parentWidget()
        width = self.WIDE_PX if owner is None else min(self.WIDE_PX, owner.window().width())
        return QSize(max(width, self.minimumSizeHint().width()), super().sizeHint().height())


class ConfirmRevoke(NarrowDialog):
    """“Stop Lily's spending money?” — the tablet stops paying at once."""

    def __init__(self, grant: schemas.Grant, parent: QWidget | None = None,
                 waiting: list[schemas.Approval] | None = None) -> None:
        super().__init__(parent)
        box = self._confirm_box(self.tr("Stop spending money"))
        self.grant = grant
        who = ui.display_name(grant.delegate)
        box.addWidget(ui.label(self.tr("Stop {name}'s spending money?").format(name=who),
                               "title", wrap=True))
        left = format_minor(grant.spending.remaining_daily, grant.currency)
        box.addWidget(ui.label(self.tr(
            "{name}'s tablet stops paying at once; {left} was left for today. Shops that are "
            "offline may still accept a small payment until they reconnect. This can't be "
            "undone: to start again, give {name} new spending money.").format(
                name=who, left=left), wrap=True))
        for a in waiting or []:  # live use: the dialog covered the question it answers
            box.addWidget(ui.label(self.tr(
                "{shop} is asking you about {amount} right now: stopping says no to it.").format(
                    shop=a.merchant.name, amount=format_minor(a.amount, a.currency)),
                "error", wrap=True))
        self.keep, self.stop = self._keep_or_go(
            box, (self.tr("Keep it"), "keepButton"),
            (self.tr("Stop {name}'s spending money").format(name=who), "confirmRevoke"))


class ConfirmSecondGrant(NarrowDialog):
    """“Lily already has spending money from you”: before a second allowance is made for
    a child who has one (a parent who meant to change the first, or forgot it). Accepted:
    make the second one; `change_existing`: open the one the child has instead."""

    change_existing = Signal()

    def __init__(self, grant: schemas.Grant, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = self._confirm_box(self.tr("Spending money"))
        self.grant = grant
        who = ui.display_name(grant.delegate)
        box.addWidget(ui.label(self.tr("{name} already has spending money from you").format(
            name=who), "title", wrap=True))
        box.addWidget(ui.label(self.tr(
            "Up to {per_payment} a payment and {daily} a day. A second one has its own "
            "limits and its own pairing code. To change what {name} may spend, change the "
            "one {name} has.").format(
                name=who,
                per_payment=format_minor(grant.limits.per_payment, grant.currency),
                daily=format_minor(grant.limits.daily, grant.currency)), wrap=True))
        self.change = ui.button(self.tr("Change that one"), "primary", name="changeExisting")
        self.second = ui.button(self.tr("Give a second one"), name="giveSecond")
        self.change.clicked.connect(self._change)
        self.second.clicked.connect(self.accept)
        self.second.setAutoDefault(False)
        self.change.setDefault(True)
        box.addLayout(flow(self.second, self.change, stretch_at=0))

    def _change(self) -> None:
        self.reject()
        self.change_existing.emit()


class ConfirmPassword(NarrowDialog):
    """“Enter your password to go on”: an act that adds spending power (a new allowance, a
    pairing code, looser rules, “yes” to a shop) when the password was not typed in the
    last minutes (the server's 403 `reauth_required`). `submitted(password)`; the window
    proves it, then accepts the dialog or shows why not (`show_error`)."""

    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None, asking: str = "") -> None:
        super().__init__(parent)
        box = self._confirm_box(self.tr("Your password"))
        # What the password is for, when it is a question from a shop: the prompt covered
        # the card, and the parent typed it without seeing who asked, or how much (live
        # QA 36 §15).
        self.asking = ui.label(asking, "title", wrap=True)
        self.asking.setObjectName("reauthAsking")
        box.addWidget(self.asking)  # in the dialog first: a widget shown alone is a window
        self.asking.setVisible(bool(asking))
        box.addWidget(ui.label(self.tr("Enter your password to go on"),
                               "subtitle" if asking else "title", wrap=True))
        box.addWidget(ui.label(self.tr(
            "Spending money, pairing codes, higher limits and “yes” to a shop ask for it "
            "when you haven't typed it in the last 15 minutes, so that someone who picks up "
            "this device can't do them."), "muted", wrap=True))
        self.password = QLineEdit()
        self.password.setObjectName("reauthPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Password"))
        self.password.setAccessibleName(self.tr("Password"))  # what a screen reader says
        box.addWidget(self.password)
        self.error = ui.label("", "error", wrap=True)
        self.error.setObjectName("reauthError")
        self.error.hide()
        box.addWidget(self.error)
        self.cancel = ui.button(self.tr("Cancel"), name="reauthCancel")
        self.ok = ui.button(self.tr("Continue"), "primary", name="reauthOk")
        self.cancel.clicked.connect(self.reject)
        self.ok.clicked.connect(self._ok)
        self.cancel.setAutoDefault(False)
        self.ok.setDefault(True)
        box.addLayout(flow(self.cancel, self.ok, stretch_at=0))
        self.password.setFocus()

    def _ok(self) -> None:
        if not self.ok.isEnabled():
            return
        text = self.password.text()
        if not text:
            self.show_error(self.tr("Enter your password."))
            return
        self.ok.setEnabled(False)
        self.password.setEnabled(False)
        self.submitted.emit(text)

    def show_failure(self, exc: Exception) -> None:
        """The server did not take the password. A wrong one is said as such: the words of
        Change password ("That is not your current password. Nothing was changed.") were
        shown here (live test 34 §7)."""
        if isinstance(exc, ApiError) and exc.code == "wrong_password":
            self.show_error(self.tr("That password is wrong. Try again."))
        else:
            self.show_error(failure_text(exc))

    def show_error(self, text: str) -> None:
        """The password was not taken: why, and the field empty for another try."""
        self.error.setText(text)
        self.error.show()
        self.ok.setEnabled(True)
        self.password.setEnabled(True)
        self.password.clear()
        ui.set_invalid(self.password, True)  # a thicker border: set before the size
        self.password.setFocus()
        self.adjustSize()  # the words above keep their lines: the dialog grows instead


class TopUpDialog(NarrowDialog):
    """Add demo money to the payer's balance. `amount_minor` is set on accept."""

    WIDE_PX = 380

    def __init__(self, currency: str, max_minor: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.setWindowTitle(self.tr("Top up"))
        self.currency = currency
        self.max_minor = max_minor
        self.amount_minor = 0
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 22, 24, 20)
        box.setSpacing(10)
        box.addWidget(ui.label(self.tr("Top up (demo)"), "title", wrap=True))
        box.addWidget(ui.label(self.tr("Demo money: nothing is charged anywhere."), "muted",
                               wrap=True))
        self.amount = QLineEdit("200")
        self.amount.setObjectName("topUpAmount")
        self.error = ui.label("", "error", wrap=True)
        self.error.hide()
        label = ui.label(self.tr("Amount ({currency})").format(currency=currency))
        label.setBuddy(self.amount)  # what a screen reader says of the field
        box.addLayout(ui.row(label, self.amount))
        box.addWidget(self.error)
        cancel = ui.button(self.tr("Cancel"))
        ok = ui.button(self.tr("Top up"), "primary", name="topUpOk")
        cancel.clicked.connect(self.reject)
        ok.clicked.connect(self._ok)
        # Enter in the amount tops up: it pressed Cancel, the first button, and the dialog
        # closed with nothing added and nothing said.
        cancel.setAutoDefault(False)
        ok.setDefault(True)
        box.addLayout(flow(cancel, ok, stretch_at=0))

    def _problem(self, text: str) -> tuple[int, str]:
        """The amount in minor units, or 0 and what is wrong with it in plain words."""
        above_zero = self.tr("Enter an amount above zero, like {example}.").format(
            example=format_minor(20_000, self.currency, symbol=False))
        if not text or text.startswith("-"):
            return 0, above_zero
        try:
            minor = parse_minor(text, self.currency)
        except MoneyError as exc:
            if "too large" in str(exc) or "too long" in str(exc):
                return 0, top_up_too_large(self.max_minor, self.currency)
            return 0, amount_error(text, exc, self.currency)
        if minor > self.max_minor:
            return 0, top_up_too_large(self.max_minor, self.currency)
        return minor, "" if minor > 0 else above_zero

    def _ok(self) -> None:
        minor, problem = self._problem(self.amount.text().strip())
        if problem:
            self.error.setText(problem)
            self.error.show()
            ui.set_invalid(self.amount, True)
            return
        self.amount_minor = minor
        self.accept()
