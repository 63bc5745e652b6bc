"""Small building blocks both roles share: labels, buttons, cards, bars, a ring, a notifier."""

from __future__ import annotations

import math
import sys

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHideEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QGraphicsOpacityEffect,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from kinpay import collector
from kinpay.money import format_minor
from kinpay.names import display_name as display_name  # the screens take it from here
from wallet_app import style


def label(text: str = "", kind: str = "", *, wrap: bool = False) -> QLabel:
    """Every label is plain text: names, shops and messages come from users and servers,
    and Qt would otherwise render a `<b style=…>` in one of them as rich text."""
    widget = QLabel(text)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if kind:
        widget.setProperty("kind", kind)
    widget.setWordWrap(wrap)
    return widget


class Button(QPushButton):
    """A button that a double tap presses once. Qt gives a double tap's second press, as a
    double click, to whatever is under the finger then: when the first tap changed the
    page (a question answered and gone, the page moved up under the finger), it pressed
    the button that came there, "Top up (demo)" under "Allow this once"."""

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        event.accept()  # the first press of the double tap was the click


def button(text: str, kind: str = "", *, name: str = "") -> QPushButton:
    widget = Button(text)
    if kind:
        widget.setProperty("kind", kind)
    if name:
        widget.setObjectName(name)
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    return widget


def draw_drop_arrow(widget: QWidget) -> None:
    """The little "v" of a combo or a date, drawn here: the style's own drop-down button
    is a square, sunken box over the field's rounded right edge, which looked cut (live
    test 34 §12, z11cur: the currency, language and date boxes). The stylesheet gives the
    button no frame and no arrow (style.py); a disabled box shows none."""
    if not widget.isEnabled():
        return
    p = QPainter(widget)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(QColor(style.MUTED), 1.6))
    x = widget.width() - DROP_ARROW_RIGHT_PX
    y = widget.height() / 2
    p.drawPolyline([QPointF(x - 4.5, y - 2.0), QPointF(x, y + 2.5), QPointF(x + 4.5, y - 2.0)])
    p.end()


DROP_ARROW_RIGHT_PX = 16  # from the field's right edge to the arrow's middle


class ComboBox(QComboBox):
    """A choice the mouse wheel passes over to the page under it: scrolling a form with
    the wheel, the pointer passed over the currency box, which took the turns (CNY became
    KWD) while the form stayed; on Settings a notch saved another language. A click or the
    keyboard changes it."""

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()  # Qt gives it to the parent: the scroll area scrolls

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        draw_drop_arrow(self)


class DateEdit(QDateEdit):
    """A date the mouse wheel passes over to the page under it, as `ComboBox`."""

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        draw_drop_arrow(self)


def set_kind(widget: QWidget, kind: str) -> None:
    """Change a styled widget's look (the stylesheet matches on `kind`)."""
    widget.setProperty("kind", kind)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def set_invalid(widget: QWidget, invalid: bool) -> None:
    widget.setProperty("invalid", "true" if invalid else "false")
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def set_row(rows: QListWidget, item: QListWidgetItem, row: QWidget) -> None:
    """`row` drawn as the list's line `item`, and its words given to the line: a list reads
    a line out by the line's own text, not by the widgets drawn on it, so a screen reader
    said nothing of any purchase or activity."""
    rows.setItemWidget(item, row)
    words = [shown.text() for shown in row.findChildren(QLabel)
             if any(c.isalnum() for c in shown.text())]  # not the coloured dot
    item.setData(Qt.ItemDataRole.AccessibleTextRole, "\n".join(words))


def fit_rows(rows: QListWidget) -> None:
    """Give each row of a list of widgets the height its text needs at the width it gets:
    the viewport's, less the padding the stylesheet puts around each row (a line that fitted
    the viewport but not the row wrapped, and its second line was cut)."""
    width = max(rows.viewport().width() - 2, 200)
    inner = width - 2 * style.ITEM_PAD
    for i in range(rows.count()):
        item = rows.item(i)
        widget = rows.itemWidget(item)
        if widget is None:
            continue
        layout = widget.layout()
        if layout is not None and layout.hasHeightForWidth():
            height = layout.totalHeightForWidth(inner)
        else:
            height = widget.sizeHint().height()
        # The stylesheet pads each item and draws a line under it.
        item.setSizeHint(QSize(width, height + 14))


class FittedList(QListWidget):
    """A list of row widgets whose heights follow the list's width."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        fit_rows(self)


class CheckLine(QWidget):
    """A tick box whose words wrap (a QCheckBox's own text never does, and a long one made
    the whole form wider than a narrow window). A tap on the words ticks it too."""

    def __init__(self, text: str, name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QCheckBox()
        if name:
            self.box.setObjectName(name)
        self.box.setAccessibleName(text)
        self.words = label(text, wrap=True)
        self.words.setCursor(Qt.CursorShape.PointingHandCursor)
        self.words.mousePressEvent = lambda _e: self.box.toggle()  # type: ignore[method-assign]
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(6)
        line.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        line.addWidget(self.words, 1)


class Card(QFrame):
    def __init__(self, parent: QWidget | None = None, *, spacing: int = 10) -> None:
        super().__init__(parent)
        self.setProperty("kind", "card")
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(18, 16, 18, 16)
        self.box.setSpacing(spacing)


class Page(QWidget):
    """A screen: the paper background and a vertical layout with generous margins."""

    def __init__(self, parent: QWidget | None = None, *, margins: int = 24) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(margins, margins, margins, margins)
        self.box.setSpacing(14)


class ScrollPage(Page):
    """A page whose content scrolls when the window is shorter than it. A page that
    can't shrink sets the least height of the whole window (a stack is as tall as its
    tallest page): with a notice or a question from the till on top, the parent's window
    grew past its place on the screen, under the tablet's in the demo, and stayed so.
    `box` is the layout inside the scrolled part."""

    def __init__(self, parent: QWidget | None = None, *, margins: int = 24) -> None:
        super().__init__(parent, margins=0)
        body = Page(margins=margins)
        self.scroll_area = scrolled(body)
        self.box.addWidget(self.scroll_area)
        self.box = body.box


def collect_on_gui_thread() -> None:
    """The garbage collector runs on this (the GUI) thread only, from a timer: on a worker
    thread it destroyed Qt objects and froze the window (kinpay/collector.py). Once."""
    app = QCoreApplication.instance()
    if app is not None and app.findChild(QTimer, collector.TIMER_NAME) is None:
        collector.take_over()
        timer = QTimer(app)
        timer.setObjectName(collector.TIMER_NAME)
        timer.timeout.connect(collector.collect_due)
        timer.start(collector.TICK_MS)


def bring_into_view(widget: QWidget) -> None:
    """Scroll the scroll area `widget` is in so that it shows, once the layout has placed
    it (a label just shown has no place before)."""
    area = widget.parentWidget()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parentWidget()
    if area is not None:
        found = area
        QTimer.singleShot(0, widget, lambda: found.ensureWidgetVisible(widget, 0, 12))


def scrolled(widget: QWidget, parent: QWidget | None = None) -> QScrollArea:
    """`widget` in a frameless scroll area that scrolls up and down only, as wide as the
    area, as tall as it needs (the wallets' pages, lists and details all scroll so)."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(widget)
    return area


def row(*widgets: QWidget, stretch_at: int | None = None, spacing: int = 10) -> QHBoxLayout:
    layout = QHBoxLayout()
    layout.setSpacing(spacing)
    for i, w in enumerate(widgets):
        if stretch_at == i:
            layout.addStretch(1)
        layout.addWidget(w)
    if stretch_at is not None and stretch_at >= len(widgets):
        layout.addStretch(1)
    return layout


class SpendBar(QWidget):
    """"Today  ¥12.50 of ¥100.00" over a rounded bar: green, amber near the limit, red at it.
    When the title and the figures don't fit on one line (a phone, 414 px: "This month"
    was drawn over "¥147.50 of ¥1,000.00"), the figures take a line of their own."""

    LINE_PX = 22
    GAP_PX = 12  # at least this much between the title and the figures on one line
    TRACK_PX = 14

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self.used = 0
        self.limit = 1
        self.currency = "CNY"
        self.open = True  # the allowance can still be spent (set_values)
        self.setMinimumHeight(50)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def sizeHint(self) -> QSize:
        # The height at the width it has: its layout holds it to this height (Fixed), and
        # at a fixed 300 px that was one line on a phone that needed two (the track cut).
        width = self.width() if self.width() > 0 else 300
        return QSize(300, self.heightForWidth(width))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        lines = 1 if self._one_line(width) else 2
        return lines * self.LINE_PX + 6 + self.TRACK_PX + 8

    def set_values(self, used: int, limit: int, currency: str, *, open_: bool = True) -> None:
        """`open_`: the allowance can still be spent. A stopped one says what was spent,
        not "¥100.00 left", which read as money the child could still use."""
        self.used, self.limit, self.currency, self.open = used, limit, currency, open_
        self.setToolTip(self.text())
        self.updateGeometry()
        self.update()

    def text(self) -> str:
        used = format_minor(self.used, self.currency)
        return self.tr("{used} of {limit}").format(
            used=used, limit=format_minor(self.limit, self.currency))

    def note(self) -> str:
        if not self.open:
            return self.text()
        left = max(self.limit - self.used, 0)
        return self.tr("{spent}  ·  {left} left").format(
            spent=self.text(), left=format_minor(left, self.currency))

    def _font(self, *, bold: bool) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(14)
        font.setBold(bold)
        return font

    def _one_line(self, width: int) -> bool:
        title = QFontMetrics(self._font(bold=True)).horizontalAdvance(self._title)
        note = QFontMetrics(self._font(bold=False)).horizontalAdvance(self.note())
        return title + self.GAP_PX + note <= width

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.height() != self.heightForWidth(self.width()):
            self.updateGeometry()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QColor(style.INK))
        middle = Qt.AlignmentFlag.AlignVCenter
        first = QRectF(0, 0, self.width(), self.LINE_PX)
        one_line = self._one_line(self.width())
        p.setFont(self._font(bold=True))
        p.drawText(first, Qt.AlignmentFlag.AlignLeft | middle, self._title)
        p.setFont(self._font(bold=False))
        figures = first if one_line else first.translated(0, self.LINE_PX)
        p.drawText(figures, Qt.AlignmentFlag.AlignRight | middle, self.note())
        track = QRectF(0, figures.bottom() + 6, self.width(), self.TRACK_PX)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#e7e3da"))
        p.drawRoundedRect(track, 7, 7)
        share = min(self.used / self.limit, 1.0) if self.limit > 0 else 1.0
        if share > 0:
            filled = QRectF(0, track.top(), max(track.width() * share, 14), self.TRACK_PX)
            p.setBrush(QColor(style.spend_color(self.used, self.limit)))
            p.drawRoundedRect(filled, 7, 7)
        p.end()


class CountdownRing(QWidget):
    """A ring that empties until the next code, with the seconds left in its middle."""

    def __init__(self, parent: QWidget | None = None, *, diameter_px: int = 96) -> None:
        super().__init__(parent)
        self.fraction = 1.0
        self.seconds = 0
        self.setFixedSize(diameter_px, diameter_px)

    def set_left(self, fraction: float, seconds: int) -> None:
        self.fraction = min(max(fraction, 0.0), 1.0)
        self.seconds = seconds
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen_px = max(6, self.width() // 11)
        r = QRectF(pen_px / 2, pen_px / 2, self.width() - pen_px, self.height() - pen_px)
        p.setPen(QPen(QColor("#e2ded5"), pen_px))
        p.drawEllipse(r)
        pen = QPen(QColor(style.ACCENT), pen_px)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.drawArc(r, 90 * 16, -math.floor(self.fraction * 360 * 16))
        font = QFont(self.font())
        font.setPixelSize(int(self.height() * 0.3))
        font.setBold(True)
        p.setFont(font)
        p.setPen(QColor(style.INK))
        p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, f"{self.seconds}")
        p.end()


class Banner(QFrame):
    """A one-line message across the top of a screen: offline, an error, a notification."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = label("", wrap=True)
        self._box = QHBoxLayout(self)
        self._box.setContentsMargins(14, 8, 14, 8)
        self._box.addWidget(self.text, 1)
        self.hide()

    def show_message(self, text: str, kind: str = "banner-info") -> None:
        self.text.setText(text)
        set_kind(self, kind)
        self.show()

    def put_away(self) -> None:
        """Its time is up (`Notifier`)."""
        self.hide()


class Toast(Banner):
    """A notification at the foot of a window that moves nothing on the page. In the
    layout above the page, it pushed the page down, then pulled it back up six seconds later
    under a parent's finger about to tap "Allow once". Floating over the page, it covered
    the form's Save. So it floats over `room`, a strip at the foot of the window's layout
    that is as tall as the notice while it shows and nothing otherwise: the page above
    loses or gains height at its bottom edge only, and what is on it stays where it is.
    A tap puts it away, and never reaches what is beneath it: a finger on the notice keeps
    it until it is lifted, and when its time is up it fades for FADE_MS, still taking taps,
    before it goes. A tap on the notice just as it went pressed the button under it and
    made a pairing code (live test 34 §17)."""

    MARGIN = 12
    FADE_MS = 700  # the notice is seen going, and a tap meant for it is still its own
    FADED_OPACITY = 0.45

    def __init__(self, host: QWidget, room: QWidget) -> None:
        super().__init__(host)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._host = host
        self._room = room
        self._pressed = False
        self._fade = QTimer(self)
        self._fade.setSingleShot(True)
        self._fade.timeout.connect(self.hide)
        room.setFixedHeight(0)
        host.installEventFilter(self)

    def show_message(self, text: str, kind: str = "banner-info") -> None:
        self._fade.stop()
        self.setGraphicsEffect(None)  # type: ignore[arg-type]  # Qt takes None: no effect
        super().show_message(text, kind)
        self._place()
        self.raise_()

    def put_away(self) -> None:
        """Time is up: fade, then go; not while a finger is on it (it goes when lifted)."""
        if not self.isVisible() or self._pressed or self._fade.isActive():
            return
        faded = QGraphicsOpacityEffect(self)
        faded.setOpacity(self.FADED_OPACITY)
        self.setGraphicsEffect(faded)
        self._fade.start(self.FADE_MS)

    @property
    def fading(self) -> bool:
        return self._fade.isActive()

    def hideEvent(self, event: QHideEvent) -> None:
        room = getattr(self, "_room", None)  # Banner hides itself before it has one
        if room is not None:
            room.setFixedHeight(0)
            self._pressed = False  # hidden under the finger (signed out): not held later
        super().hideEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._host and event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # Held while the finger is on it; the press is the notice's, not the page's.
        self._pressed = True
        self._fade.stop()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._pressed = False
        event.accept()
        self.hide()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        event.accept()  # a double tap's second press: the notice's too

    def _place(self) -> None:
        width = max(0, self._host.width() - 2 * self.MARGIN)
        height = self._box.totalHeightForWidth(width) if self._box.hasHeightForWidth() else -1
        height = max(height, self._box.totalMinimumSize().height())
        # The strip takes only what the page can give: a strip the page couldn't make room
        # for grew the window instead, for good, and in the demo its foot (and the notice)
        # went under the tablet's window. Short of room, the notice covers the page's foot.
        layout = self._host.layout()
        others = (layout.totalMinimumSize().height() - self._room.minimumHeight()
                  if layout is not None else 0)
        spare = max(0, self._host.height() - others)
        self._room.setFixedHeight(min(height + 2 * self.MARGIN, spare))
        self.setGeometry(self.MARGIN, self._host.height() - height - self.MARGIN, width, height)


# Markup's characters, as look-alikes no notification service reads as markup.
_TRAY_PLAIN = str.maketrans({"<": "＜", ">": "＞", "&": "＆"})


def tray_text(text: str) -> str:
    """`text` for a tray message: on Linux the desktop's notification service reads a
    message's body as markup where it can (links, bold, images), and the body carries a
    shop's words (its item names); there, "<", ">" and "&" become their full-width
    look-alikes. Elsewhere a tray message is plain text already."""
    return text.translate(_TRAY_PLAIN) if sys.platform.startswith("linux") else text


class Notifier(QObject):
    """Desktop notifications: the system tray when there is one, else an in-app banner.

    `shown` fires for every notification, whichever way it was shown, so tests and the
    activity screen can follow it.
    """

    shown = Signal(str, str)
    BANNER_MS = 6_000

    def __init__(self, banner: Banner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._banner = banner
        self._tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self._tray = QSystemTrayIcon(self)
            pixmap = banner.style().StandardPixmap.SP_DialogApplyButton
            self._tray.setIcon(banner.style().standardIcon(pixmap))
            self._tray.show()
        self._hide = QTimer(self)
        self._hide.setSingleShot(True)
        self._hide.timeout.connect(banner.put_away)

    def notify(self, title: str, text: str, *, bad: bool = False) -> None:
        if self._tray is not None and QSystemTrayIcon.supportsMessages():
            kind = QSystemTrayIcon.MessageIcon
            icon = kind.Warning if bad else kind.Information
            self._tray.showMessage(tray_text(title), tray_text(text), icon, self.BANNER_MS)
        self._banner.show_message(f"{title} — {text}", "banner-bad" if bad else "banner-info")
        self._hide.start(self.BANNER_MS)
        self.shown.emit(title, text)
