"""The delegate's other screens: pairing, recent purchases, and the grant has ended."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPaintEvent, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kinpay import l10n, schemas
from kinpay.money import format_minor
from wallet_app import pairing, style, ui
from wallet_app.errors import PairingCodeError
from wallet_app.first_field import first_field
from wallet_app.words import QT_TRANSLATE_NOOP, bought, listing

# Room for the code's 12 characters and the dashes or spaces typed between its groups.
CODE_FIELD_MAX_CHARS = 20
translate = QCoreApplication.translate

# What the child reads for a sale that didn't go through: what happened, in their words.
# (kinpay.schemas.DECLINE_TEXT is the cashier's: "Ask them to show the code again".)
CHILD_DECLINE_TEXT: dict[str, str] = {
    "code_invalid": QT_TRANSLATE_NOOP("Purchases", "the shop couldn't read your code"),
    "code_expired": QT_TRANSLATE_NOOP("Purchases", "the code was too old"),
    "code_used": QT_TRANSLATE_NOOP("Purchases", "that code was already used"),
    "grant_revoked": QT_TRANSLATE_NOOP("Purchases", "your spending money was stopped"),
    "grant_expired": QT_TRANSLATE_NOOP("Purchases", "your spending money had ended"),
    "limit_per_payment": QT_TRANSLATE_NOOP("Purchases", "more than allowed for one payment"),
    "limit_daily": QT_TRANSLATE_NOOP("Purchases", "more than is left for today"),
    "limit_monthly": QT_TRANSLATE_NOOP("Purchases", "more than is left this month"),
    "insufficient_funds": QT_TRANSLATE_NOOP("Purchases", "your parent's balance was too low"),
    "category_blocked": QT_TRANSLATE_NOOP("Purchases", "that kind of thing isn't allowed"),
    "outside_hours": QT_TRANSLATE_NOOP("Purchases", "not allowed at this time"),
    "currency_mismatch": QT_TRANSLATE_NOOP("Purchases", "in another currency"),
    "limit_offline": QT_TRANSLATE_NOOP("Purchases", "more than the shop can take offline"),
}


def child_decline_text(code: str | None) -> str:
    return translate("Purchases", CHILD_DECLINE_TEXT.get(
        code or "", QT_TRANSLATE_NOOP("Purchases", "the shop's till said no")))


class PairPage(ui.ScrollPage):
    """Type the pairing code, or show the payer's pairing QR to the camera. It scrolls: on
    the demo's 600×617 tablet the words of a server out of reach (wallet_app.words
    .unreachable_text) made it taller than the window, and their end was cut off.

    Signals: `pair_requested(code)` with a well-formed code, `camera_toggled()`,
    `sign_out_clicked()`.
    """

    pair_requested = Signal(str)
    camera_toggled = Signal()
    sign_out_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, margins=32)
        self.title = ui.label(self.tr("Pair this tablet"), "title")
        self.hello = ui.label("", wrap=True)
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("pairingCode")
        self.code_edit.setPlaceholderText("XXXX-XXXX-XXXX")
        self.code_edit.setAccessibleName(self.tr("Pairing code"))  # what a screen reader says
        self.code_edit.setMaxLength(CODE_FIELD_MAX_CHARS)
        self.code_edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_edit.returnPressed.connect(self._submit)
        self.error = ui.label("", "error", wrap=True)
        self.pair_button = ui.button(self.tr("Pair"), "primary", name="pairButton")
        self.pair_button.clicked.connect(self._submit)
        self.camera_button = ui.button(self.tr("Use the camera"), name="cameraButton")
        self.camera_button.clicked.connect(self.camera_toggled)
        self.preview = QLabel()
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setMinimumHeight(240)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("background: #222; border-radius: 14px; color: white;")
        self.preview.hide()
        self.sign_out = ui.button(self.tr("Sign out"), "link")
        self.sign_out.clicked.connect(self.sign_out_clicked)

        card = ui.Card(spacing=16)
        card.box.addWidget(self.title)
        card.box.addWidget(self.hello)
        card.box.addWidget(ui.label(self.tr("Pairing code"), "subtitle"))
        card.box.addWidget(self.code_edit)
        card.box.addWidget(self.error)
        card.box.addLayout(ui.row(self.pair_button, self.camera_button))
        card.box.addWidget(self.preview)
        self.box.addStretch(1)
        self.box.addWidget(card)
        self.box.addWidget(self.sign_out, 0, Qt.AlignmentFlag.AlignRight)
        self.box.addStretch(1)
        self.set_name("")
        first_field(self, lambda: self.code_edit)

    def set_name(self, name: str) -> None:
        who = self.tr("Hi {name}! ").format(name=ui.display_name(name)) if name else self.tr(
            "Hi! ")
        self.hello.setText(who + self.tr(
            "Ask your parent to open kinpay and show you the pairing code. Type it here, or hold "
            "the tablet's camera up to their screen."))

    def _submit(self) -> None:
        try:
            code = pairing.check(self.code_edit.text())
        except PairingCodeError as exc:
            self.show_error(str(exc))
            return
        self.code_edit.setText(code)
        self.show_error("")
        self.pair_requested.emit(code)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        ui.set_invalid(self.code_edit, bool(text))
        if text:
            ui.bring_into_view(self.pair_button)  # the words above it, and Pair to try again

    def set_busy(self, busy: bool) -> None:
        self.pair_button.setEnabled(not busy)
        self.pair_button.setText(self.tr("Pairing…") if busy else self.tr("Pair"))

    def show_camera(self, on: bool, note: str = "") -> None:
        self.preview.setVisible(on or bool(note))
        self.preview.setText(note)
        self.camera_button.setText(self.tr("Stop the camera") if on else self.tr("Use the camera"))

    def show_frame(self, image: QImage) -> None:
        pixmap = QPixmap.fromImage(image).scaled(
            self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.FastTransformation,
        )
        self.preview.setPixmap(pixmap)


def split_note(payment: schemas.Payment) -> str:
    """A split or partial purchase, in the child's words: what the allowance paid for, and
    that the rest was paid another way."""
    parts = []
    if payment.paid_for:
        parts.append(translate("Purchases", "Your allowance paid for: {items}").format(
            items=listing(payment.paid_for)))
    rest = payment.total - payment.amount
    if payment.left_out:
        # What it did not pay for, by name (live test 34 §5): "¥7.00 of ¥10.50" alone
        # didn't say it was the beer.
        due = any(t.kind in ("due", "removed") for t in payment.tenders)
        text = (translate("Purchases", "Not paid by your allowance: {items}") if due or rest <= 0
                else translate("Purchases", "Paid another way: {items}"))
        text = text.format(items=listing(payment.left_out[:5]))
        if rest > 0:
            text += " " + translate("Purchases", "({amount})").format(
                amount=format_minor(rest, payment.currency))
        parts.append(text)
    elif rest > 0:
        # Still due (the shop takes it another way or off the sale): not "paid" yet.
        text = (translate("Purchases", "{rest} of {total} was not on your allowance")
                if any(t.kind == "due" for t in payment.tenders)
                else translate("Purchases", "{rest} of {total} was paid another way"))
        parts.append(text.format(rest=format_minor(rest, payment.currency),
                                 total=format_minor(payment.total, payment.currency)))
    return " · ".join(parts)


class PurchaseRow(QWidget):
    """One purchase: the shop and when on the left, the amount on the right."""

    def __init__(self, payment: schemas.Payment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        shop = payment.merchant.name if payment.merchant else self.tr("A shop")
        when = l10n.format_datetime(payment.created_at)
        amount = format_minor(payment.amount, payment.currency)
        left = QWidget()
        lbox = QVBoxLayout(left)
        lbox.setContentsMargins(0, 0, 0, 0)
        lbox.setSpacing(2)
        lbox.addWidget(ui.label(shop, "subtitle"))
        note = when
        if payment.status == "declined":
            note = self.tr("{when} · Not paid: {reason}").format(
                when=when, reason=child_decline_text(payment.decline_code))
            if payment.offline:
                # The shop took it offline and handed it over; the server said no later:
                # the child has it, unpaid ("not paid" alone read as "you didn't get it").
                payer = (ui.display_name(payment.payer.name) if payment.payer
                         else self.tr("your parent"))
                note += "\n" + self.tr("The shop let you have it while it was offline, but "
                                       "your spending money didn't pay for it. Tell "
                                       "{parent}.").format(parent=payer)
        elif payment.refunded:
            note = self.tr("{when} · {amount} given back").format(
                when=when, amount=format_minor(payment.refunded, payment.currency))
        # What it was of, when the till named the items (a split says it below).
        items = bought(payment.item_names, payment.more_items)
        if items and not (payment.paid_for or payment.left_out):
            note += "\n" + items
        if payment.status == "approved" and (payment.paid_for or payment.requested
                                             or payment.left_out):
            note += "\n" + split_note(payment)
        if payment.status == "approved" and payment.approval_id:
            # Paid because the parent allowed it once, asked at the till: it read as any
            # other payment (live test 34 §9).
            payer = (ui.display_name(payment.payer.name) if payment.payer
                     else self.tr("your parent"))
            note += "\n" + self.tr("{parent} said yes to this one").format(parent=payer)
        lbox.addWidget(ui.label(note, "muted", wrap=True))
        # A purchase that wasn't paid keeps its amount: "not paid" alone didn't say which of
        # the day's purchases it was.
        right = ui.label(amount if payment.status == "approved"
                         else self.tr("{amount} not paid").format(amount=amount), "subtitle")
        if payment.status != "approved":
            ui.set_kind(right, "pill-bad")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(left, 1)
        layout.addWidget(right, 0, Qt.AlignmentFlag.AlignVCenter)


class PurchasesPage(ui.Page):
    back_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, margins=28)
        self.back = ui.button(self.tr("← Back to my code"), name="backButton")
        self.back.clicked.connect(self.back_clicked)
        self.list = ui.FittedList()
        self.list.setObjectName("purchases")
        self.list.setAccessibleName(self.tr("My purchases"))  # what a screen reader says
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.empty = ui.label(self.tr("Nothing bought yet. Your purchases will show up here."),
                              "muted", wrap=True)
        # The way back on its own line: beside the title it would not fit a narrow tablet.
        self.box.addLayout(ui.row(self.back, stretch_at=1))
        self.title = ui.label(self.tr("My purchases"), "title")
        self.box.addWidget(self.title)
        self.box.addWidget(self.empty)
        self.box.addWidget(self.list, 1)

    def rows(self) -> list[QWidget]:
        """Each purchase's row, newest first (scrolled out of view or not)."""
        found = (self.list.itemWidget(self.list.item(i)) for i in range(self.list.count()))
        return [w for w in found if w is not None]

    def show_purchases(self, payments: list[schemas.Payment]) -> None:
        self.list.clear()
        for payment in payments:
            item = QListWidgetItem(self.list)
            item.setData(Qt.ItemDataRole.UserRole, payment.id)
            ui.set_row(self.list, item, PurchaseRow(payment))
        ui.fit_rows(self.list)
        self.empty.setVisible(not payments)
        self.list.setVisible(bool(payments))


class HeartIcon(QWidget):
    """A soft heart in a circle: the ended screen should feel kind, not like an error."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(140, 140)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(style.SOFT_ACCENT))
        p.drawEllipse(QRectF(0, 0, 140, 140))
        heart = QPainterPath()
        heart.moveTo(QPointF(70, 106))
        heart.cubicTo(QPointF(20, 72), QPointF(34, 30), QPointF(70, 50))
        heart.cubicTo(QPointF(106, 30), QPointF(120, 72), QPointF(70, 106))
        p.setBrush(QColor("#e0607e"))
        p.drawPath(heart)
        p.end()


class EndedPage(ui.Page):
    """The grant was revoked or has expired: say so kindly, and what to do."""

    pair_again_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, margins=40)
        self.icon = HeartIcon()
        self.title = ui.label("", "title", wrap=True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = ui.label("", wrap=True)
        self.body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pair_again = ui.button(self.tr("I have a new pairing code"), "primary",
                                    name="pairAgain")
        self.pair_again.clicked.connect(self.pair_again_clicked)
        self.box.addStretch(1)
        self.box.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignHCenter)
        self.box.addWidget(self.title)
        self.box.addWidget(self.body)
        self.box.addSpacing(12)
        self.box.addWidget(self.pair_again, 0, Qt.AlignmentFlag.AlignHCenter)
        self.box.addStretch(1)
        self.status = ""

    def show_status(self, status: str, payer: str) -> None:
        self.status = status
        who = ui.display_name(payer) if payer else self.tr("your parent")
        if status == "expired":
            self.title.setText(self.tr("This spending money has come to an end"))
        else:
            self.title.setText(self.tr("{name} has stopped this spending money").format(name=who))
        self.body.setText(self.tr(
            "That's okay. This tablet can't pay for things right now. If you need to buy "
            "something, please ask {name} — they'll help you.").format(name=who))
