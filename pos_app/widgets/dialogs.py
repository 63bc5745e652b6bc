"""The parts the terminal's dialogs share: where they open (DialogHost), their Close row,
the table of sales, and the banner for offline payments the server declined."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QScroller,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kinpay import l10n
from kinpay.money import format_minor
from kinpay.names import display_name
from pos_app import words
from pos_app.core.store import SaleRow
from pos_app.report import items_note, refunded_words, start_of_day
from pos_app.widgets import theme
from pos_app.widgets.keypad import button, plain_label
from pos_app.words import QT_TRANSLATE_NOOP

translate = QCoreApplication.translate
HEADERS = [QT_TRANSLATE_NOOP("Sales", "Time"), QT_TRANSLATE_NOOP("Sales", "Amount"),
           QT_TRANSLATE_NOOP("Sales", "Status"), QT_TRANSLATE_NOOP("Sales", "Child"),
           QT_TRANSLATE_NOOP("Sales", "Refunded"), QT_TRANSLATE_NOOP("Sales", "Payment")]
STATUS_COLUMN = 2
REFUNDED_COLUMN = 4
# The most the Refunded column takes; its words wrap below it, whole in the cell's tooltip
# (zh_TW: "¥30.00（零用錢 ¥27.50 + 現金 ¥2.50）（全額）" on one line pushed the payment id
# out of view, live QA 36 §14).
REFUNDED_MOST_PX = 150
STATUS_WORD_PX = 260  # the most the status column keeps for its longest word
BANNER_LINES = 3  # the most lines of the banner's words in view (at 800×600); more scroll
LINE_PROBE_PX = 100_000  # wide enough for any one line of the banner's words
CELL_ROOM_PX = 16  # a cell's margins around its text, and some to spare
STATUS_WORDS = {
    "approved": QT_TRANSLATE_NOOP("Sales", "Approved"),
    "declined": QT_TRANSLATE_NOOP("Sales", "Declined"),
    "queued": QT_TRANSLATE_NOOP("Sales", "Offline · queued"),
    "pending": QT_TRANSLATE_NOOP("Sales", "Not confirmed"),
    "offline_declined": QT_TRANSLATE_NOOP("Sales", "Declined offline"),
}


def status_word(status: str) -> str:
    """A sale's status in the cashier's words ("Approved", "Offline · queued")."""
    return translate("Sales", STATUS_WORDS.get(status, status))


def row_status(r: SaleRow) -> str:
    """A row's status: an offline sale the server declined when it was sent is over and
    was not paid ("Declined" alone read as a sale refused at the till)."""
    if r.offline and r.status == "declined":
        return translate("Sales", "Not paid: ask the family")
    if r.offline and r.status == "approved":  # live use: read as any sale at the till
        return translate("Sales", "Approved (taken offline)")
    if r.status == "approved" and r.extra.get("asked"):  # pos_app.core.asked (live 33 §16)
        return (translate("Sales", "Approved (asked {payer})").format(
            payer=display_name(r.payer)) if r.payer
            else translate("Sales", "Approved (asked the parent)"))
    return status_word(r.status)


class Banner(QFrame):
    """Offline payments the server declined on upload: shown until the cashier has seen them."""

    dismissed = Signal(list)  # keys

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setStyleSheet(f"QFrame#banner {{ background: {theme.BAD_BG}; border: 3px solid "
                           f"{theme.BAD}; border-radius: 12px; }}")
        row = QHBoxLayout(self)
        row.setContentsMargins(9, 6, 9, 6)  # two lines of words beside Seen at 800×600
        self.text = plain_label()
        self.text.setObjectName("banner_text")
        self.text.setWordWrap(True)
        self.text.setStyleSheet(f"color: {theme.BAD}; font-size: 19px; font-weight: 700;"
                                " border: none;")
        self.words = BannerWords(self.text)
        # As high as its lines, beside Seen: never a line cut through at its foot.
        row.addWidget(self.words, 1, Qt.AlignmentFlag.AlignVCenter)
        self.ok = button(self.tr("Seen"), "danger", "banner_ok")
        self.ok.clicked.connect(self._ok)
        row.addWidget(self.ok)
        self.keys: list[str] = []
        self.lines: list[str] = []  # each decline's words, in the order they came
        self.hide()

    def set_button_px(self, height_px: int) -> None:
        """Seen as high as the header's buttons at the window's step (pos_app.widgets.layout)."""
        self.ok.setStyleSheet(f"min-height: {height_px}px;")

    def show_declines(self, rows: list[SaleRow]) -> None:
        for r in rows:
            if r.key not in self.keys:
                self.keys.append(r.key)
                self.lines.append(unpaid_text(r))
        # Their count first: on a short till the words show a line or two and scroll.
        head = ([translate("Banner", "{count} offline payments were declined by the server:")
                 .format(count=len(self.lines))] if len(self.lines) > 1 else [])
        self.text.setText("\n".join(head + self.lines))
        self.words.updateGeometry()  # its height is its words' (the label's is not passed on)
        self.show()

    def _ok(self) -> None:
        keys, self.keys, self.lines = self.keys, [], []
        self.text.setText("")
        self.words.updateGeometry()
        self.hide()
        self.dismissed.emit(keys)


class BannerWords(QScrollArea):
    """The banner's words, as high as they are up to BANNER_LINES lines; more scroll. Three
    declines stacked at an 800×600 till took the sale's height: its keys lay over each other
    and the banner's own words were cut at its edges."""

    def __init__(self, label: QLabel) -> None:
        super().__init__()
        self.label = label
        self.room_px: int | None = None  # less than BANNER_LINES lines, when the window is short
        self.setObjectName("banner_words")
        self.setWidget(label)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setStyleSheet("QScrollArea#banner_words, QScrollArea#banner_words > QWidget "
                           "{ background: transparent; border: none; }")
        self.viewport().setAutoFillBackground(False)
        label.setAutoFillBackground(False)
        # A finger dragged over the words scrolls them: a till's screen is touched, and
        # its scroll bar is narrow.
        QScroller.grabGesture(self.viewport(),
                              QScroller.ScrollerGestureType.LeftMouseButtonGesture)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        if not self.label.text():
            return 0
        most_px = BANNER_LINES * self.line_px() if self.room_px is None else self.room_px
        return min(self.label.heightForWidth(width), most_px)

    def set_room(self, room_px: int | None) -> None:
        """At most `room_px` high, in whole lines and at least one (None: BANNER_LINES)."""
        if room_px is not None:
            line_px = self.line_px()
            room_px = max(1, room_px // line_px) * line_px
        if room_px != self.room_px:
            self.room_px = room_px
            self.updateGeometry()

    def line_px(self) -> int:
        """A line's height in the words' script: a Chinese line stands taller (28 px) than
        the Latin font's (22 px), and three Latin lines showed two and a half of Chinese."""
        metrics = self.label.fontMetrics()
        first = self.label.text().split("\n", 1)[0]
        one_line = metrics.boundingRect(QRect(0, 0, LINE_PROBE_PX, LINE_PROBE_PX),
                                        int(Qt.AlignmentFlag.AlignLeft), first)
        return max(metrics.lineSpacing(), one_line.height())

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.heightForWidth(max(self.width(), 1)))

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.line_px())


def unpaid_text(r: SaleRow) -> str:
    """An offline sale the server declined when it was sent: over, its goods gone, and not
    paid. Why the server refused it (the reason only: the advice for a customer at the
    till, "Try a smaller amount, or tomorrow", was for a sale already over) and what the
    shop does about it."""
    line = (translate("Banner", "An offline payment of {amount} at {time} ({name}) was "
                                "declined by the server: {reason} The shop was not paid for it.")
            if r.delegate else
            translate("Banner", "An offline payment of {amount} at {time} was declined by the "
                                "server: {reason} The shop was not paid for it.")).format(
        amount=format_minor(r.amount, r.currency), time=l10n.format_time(r.created_at),
        name=display_name(r.delegate or ""),
        reason=words.decline_parts(words.typed_decline(r.decline_code, r.typed))[0])
    return words.sentences(words.tidy(line), translate("Banner", "Ask the family to pay it."))


class DialogHost:
    """Where the terminal's dialogs open: over `parent`, one at a time (a new one closes
    the last), or over the one open (`over`: a receipt over Today's sales, which is
    there again when the receipt closes). A dialog gets this, and what it works on, never
    the window itself."""

    STACK_MAX = 4  # dialogs over dialogs, at most (a receipt over a list is two)

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent
        self.current: QDialog | None = None

    def _finished(self, dlg: QDialog, over: QDialog | None = None) -> None:
        if self.current is dlg:
            self.current = over if over is not None and over.isVisible() else None


def dialog(host: DialogHost, title: str, name: str, *,
           over: QDialog | None = None) -> tuple[QDialog, QVBoxLayout]:
    """A window-modal dialog over the host's window (or over the dialog `over`, which
    stays open under it), opened without blocking (`open()`)."""
    for _ in range(host.STACK_MAX if over is None else 0):
        if host.current is None:
            break
        host.current.close()  # and the dialogs it was over, one by one
    dlg = QDialog(over or host.parent)
    dlg.setObjectName(name)
    dlg.setWindowTitle(title)
    dlg.setStyleSheet(theme.STYLE)
    lay = QVBoxLayout(dlg)
    lay.setContentsMargins(20, 16, 20, 16)
    lay.setSpacing(12)
    head = plain_label(title)
    head.setStyleSheet("font-size: 28px; font-weight: 800;")
    lay.addWidget(head)
    host.current = dlg
    dlg.finished.connect(lambda _r: host._finished(dlg, over))
    return dlg, lay


# Room a window manager's title bar and border take beyond the dialog's own size.
FRAME_ROOM_PX = (32, 64)


def fit(dlg: QDialog, host: DialogHost, width: int, height: int) -> None:
    """Size `dlg` as asked, but never past the till's window nor the screen it is on: a
    900-pixel receipt on a 768-pixel screen hid its Close button below the screen's edge,
    on a 1024-pixel screen the 1100-pixel lists lost their right-hand columns and Close,
    and in the demo (a 1024-pixel till on a 1366-pixel screen) Refund and Today opened
    wider than the till. What does not fit scrolls inside the dialog (its table, receipt or
    form); a dialog is never made smaller than its own least size (its buttons whole)."""
    till = host.parent.window()
    width = min(width, till.frameGeometry().width() - FRAME_ROOM_PX[0])
    height = min(height, till.frameGeometry().height() - FRAME_ROOM_PX[1])
    screen = till.screen()
    if screen is not None:
        room = screen.availableGeometry()
        width = min(width, room.width() - FRAME_ROOM_PX[0])
        height = min(height, room.height() - FRAME_ROOM_PX[1])
    least = dlg.minimumSizeHint()
    dlg.resize(max(width, least.width()), max(height, least.height()))


def close_row(dlg: QDialog, *extra: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for w in extra:
        row.addWidget(w)
    row.addStretch(1)
    close = button(translate("Dialogs", "Close"), None, "close")
    close.clicked.connect(dlg.reject)
    row.addWidget(close)
    return row


class SalesTable(QTableWidget):
    """The sales, their status column sized again when shown and resized (`_status_room`)."""

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        _status_room(self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        _status_room(self)


def sales_table(rows: list[SaleRow], name: str, spoken: str) -> QTableWidget:
    """The sales in a table; `spoken`: what a screen reader calls it (its dialog's title)."""
    table = SalesTable(0, len(HEADERS))
    table.setObjectName(name)
    table.setAccessibleName(spoken)
    table.setHorizontalHeaderLabels([translate("Sales", h) for h in HEADERS])
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setMinimumSectionSize(48)  # a row a finger can pick
    table.setWordWrap(True)
    fill_sales_table(table, rows)
    return table


def _size_sections(table: QTableWidget) -> None:
    """Every column as wide as its heading and its cells; the status (which can be long: a
    split sale's tenders, a decline's reason) takes the rest and wraps, its row growing.
    (The status sized to its text squeezed the others: "Refundec", "5a077d…".) Set once
    the cells are in (fill_sales_table): sized at every cell, 2,000 rows took 1.5 s."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(STATUS_COLUMN, QHeaderView.ResizeMode.Stretch)
    refunded = header.sectionSize(REFUNDED_COLUMN)
    if refunded > REFUNDED_MOST_PX:
        header.setSectionResizeMode(REFUNDED_COLUMN, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(REFUNDED_COLUMN, REFUNDED_MOST_PX)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    _status_room(table)


def _status_room(table: QTableWidget) -> None:
    """The status takes the rest of the width, but never less than its longest word (at
    most STATUS_WORD_PX): in a 724-pixel till's Refund, "Approved" read "Appro…". Where
    that leaves no room, the status is as wide as that word and the table scrolls
    sideways. Measured in the table's own type, once it has its dialog's style."""
    table.ensurePolished()
    header = table.horizontalHeader()
    metrics = table.fontMetrics()
    words = [word for i in range(table.rowCount())
             if (item := table.item(i, STATUS_COLUMN)) is not None
             for word in item.text().split()]
    widest = max((metrics.horizontalAdvance(word) for word in words), default=0)
    need = min(STATUS_WORD_PX, widest + CELL_ROOM_PX)
    others = sum(header.sectionSize(i) for i in range(header.count()) if i != STATUS_COLUMN)
    if table.viewport().width() - others >= need:
        mode = QHeaderView.ResizeMode.Stretch
    else:
        mode = QHeaderView.ResizeMode.Interactive
    if header.sectionResizeMode(STATUS_COLUMN) != mode:
        header.setSectionResizeMode(STATUS_COLUMN, mode)
    if mode == QHeaderView.ResizeMode.Interactive and header.sectionSize(STATUS_COLUMN) != need:
        header.resizeSection(STATUS_COLUMN, need)


def refunded_text(r: SaleRow) -> str:
    """What refunds of the sale gave back: to the allowance and in cash or to the card,
    both where both exist ("¥6.00 (allowance ¥5.00 + cash ¥1.00)"; the cash part was left
    out, live test 34 §10); "(all)" once nothing is left to give back. A refund sent and
    not answered is said beside it ("¥0.60 not confirmed (retrying)", live QA 36 §1)."""
    pending = int(r.extra.get("refund_pending") or 0)  # pos_app.report.compute
    unsure = (translate("Sales", "{amount} not confirmed (retrying)").format(
        amount=format_minor(pending, r.currency)) if pending else "")
    if not (r.refunded or r.other_refunded):
        return unsure
    if unsure:
        r = dataclasses.replace(r, extra={})
        return refunded_text(r) + "\n" + unsure
    by_card = bool(r.other_minor("card")) and not r.other_minor("cash")
    shown = refunded_words(r.refunded, r.other_refunded, r.currency, by_card=by_card)
    total = format_minor(r.refunded + r.other_refunded, r.currency)
    if shown.startswith(total) and shown != total:  # its parts under it: a narrow column
        shown = total + "\n" + shown[len(total):].strip()
    whole = r.given_back if r.sale_total is not None else r.refunded >= r.amount
    return translate("Sales", "{amount} (all)").format(amount=shown) if whole else shown


def tenders_note(r: SaleRow) -> str:
    """" · code ¥8.00 + cash ¥18.00": a split sale's tenders in today's list."""
    if r.sale_total is None or r.status != "approved":
        return ""
    from pos_app.widgets.split import tender_lines

    # Given back (the allowance's part refunded): its rest is owed no more, so not listed.
    parts = tender_lines(r, rest=not r.refunded >= r.amount > 0)
    return " · " + " + ".join(f"{name} {format_minor(amount, r.currency)}"
                              for name, amount in parts)


def fill_sales_table(table: QTableWidget, rows: list[SaleRow]) -> None:
    today_s = start_of_day()
    for header in (table.horizontalHeader(), table.verticalHeader()):
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # not per cell
    table.clearContents()
    table.setRowCount(len(rows))
    for i, r in enumerate(rows):
        values = [
            (l10n.format_time(r.created_at, seconds=True) if r.created_at >= today_s
             else l10n.format_datetime(r.created_at, seconds=True)),  # an earlier day's
            format_minor(r.total_minor, r.currency),
            row_status(r) + (" · " + words.decline_parts(
                words.typed_decline(r.decline_code, r.typed))[0]
                                      if r.decline_code else "") + tenders_note(r)
            + items_note(r),
            display_name(r.delegate or ""),
            refunded_text(r),
            (r.payment_id or r.key)[:14],
        ]
        for j, v in enumerate(values):
            item = QTableWidgetItem(v)
            if j == 1:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if j == REFUNDED_COLUMN and v:
                item.setToolTip(v)  # wrapped in a narrow column: whole here
            if r.status in ("declined", "offline_declined"):
                item.setForeground(Qt.GlobalColor.darkRed)
            table.setItem(i, j, item)
    _size_sections(table)
