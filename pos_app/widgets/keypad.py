"""The amount keypad: digits, 00, backspace and clear, big enough for a thumb; and the
small makers every screen uses, `button` and `plain_label`; and CodeField, a line whose
Enter submits and goes no further (the typed code, the manager's PIN)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionFrame,
    QWidget,
)

LAYOUT = (
    ("7", "8", "9"),
    ("4", "5", "6"),
    ("1", "2", "3"),
    ("00", "0", "back"),
)
LABELS = {"back": "⌫"}


def button(text: str, role: str | None = None, name: str | None = None) -> QPushButton:
    b = QPushButton(text)
    b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the window, never to a button
    if role:
        b.setProperty("role", role)
    if name:
        b.setObjectName(name)
    return b


# A button that answers a question (the refund's "Yes", the asking card's Cancel) takes no
# press this long after it appears: longer than a double press or a held key's first
# repeat, so the press that raised the question can't also answer it.
ARMS_MS = 700


def arming(button: QPushButton, parent: QObject) -> QTimer:
    """A single-shot timer that enables `button` ARMS_MS after it is started: disable the
    button and start the timer when the question appears; stop it if the question goes."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(ARMS_MS)
    timer.timeout.connect(lambda: button.setEnabled(True))
    return timer


def plain_label(text: str = "", name: str | None = None) -> QLabel:
    """A label that shows its text as it is, never as rich text: names, shop names, items
    and messages come from people and servers, and `<b>APPROVED</b>` must read as typed."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    if name:
        label.setObjectName(name)
    return label


def fit_height(label: QLabel, width: int) -> None:
    """A wrapped label as tall as its words at `width`: no more, no less. Measured with no
    least height set (a QLabel's heightForWidth is never less than its least height: the
    tallest words a card had shown kept their height, a blank band on every later card)."""
    label.setMinimumHeight(0)
    if label.text() and width > 0:
        label.setMinimumHeight(label.heightForWidth(width))



class FitLabel(QLabel):
    """One line that takes the width it is given and shrinks its font to show its whole
    text in it, down to `MIN_PX`: a ¥9,999,999.99 total widened the sale panel, squeezed
    the result card until its buttons read "ry agai" and "sk Mei", and still lost its ¥."""

    MIN_PX = 18

    def __init__(self, name: str, css: str = "") -> None:
        super().__init__()
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setObjectName(name)
        self.css = css  # more of its style sheet, kept beside the fitted size
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.max_px = 60
        self.shown_px = 0
        self.elides = False  # at MIN_PX still too wide: "…" at its end (a shop's name)
        self.whole = ""  # its whole text, when the shown one ends with "…"

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())  # its width is what it is given

    def set_max_px(self, px: int) -> None:
        self.max_px = px
        self.fit()

    def set_css(self, css: str) -> None:
        """The rest of its style sheet (a colour), kept beside the fitted size."""
        if css != self.css:
            self.css = css
            self.shown_px = 0  # style it again
            self.fit()

    def setText(self, text: str) -> None:
        self.whole = text
        super().setText(text)
        self.fit()

    def set_elides(self, elides: bool) -> None:
        """Past MIN_PX its text ends with "…" (the whole in its tooltip), never cut."""
        self.elides = elides
        self.fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        room = self.contentsRect().width()
        font = QFont(self.font())
        font.setWeight(QFont.Weight.ExtraBold)
        px = self.max_px
        text = self.whole if self.elides else self.text()
        while px > self.MIN_PX:
            font.setPixelSize(px)
            if QFontMetrics(font).horizontalAdvance(text) <= room:
                break
            px -= 2
        if self.elides:  # the shop's name at 600 px ("Corner Shop" read "Corner Shoı")
            font.setPixelSize(px)
            shown = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, room)
            super().setText(shown)
            self.setToolTip(text if shown != text else "")
        if px != self.shown_px:
            self.shown_px = px
            self.setStyleSheet(f"font-size: {px}px; font-weight: 800; {self.css}")


class Keypad(QWidget):
    pressed = Signal(str)  # "0".."9", "00", "back", "clear"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setSpacing(10)
        grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        for r, row in enumerate(LAYOUT):
            for c, key in enumerate(row):
                b = button(LABELS.get(key, key), name=f"key_{key}")
                # Tall when there is room, never below a thumb's 44 px (pos_app.widgets.layout
                # sets the floor as the window's height allows).
                b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
                b.clicked.connect(lambda _=False, k=key: self.pressed.emit(k))
                grid.addWidget(b, r, c)
                self.buttons[key] = b
        # What a screen reader says of ⌫ (it read the sign's own name, or nothing).
        self.buttons["back"].setAccessibleName(self.tr("Delete the last digit"))
        clear = button(self.tr("Clear"), "danger", "key_clear")
        clear.clicked.connect(lambda: self.pressed.emit("clear"))
        grid.addWidget(clear, len(LAYOUT), 0, 1, 3)
        self.buttons["clear"] = clear


class CodeField(QLineEdit):
    """The typed-code field. Its Enter submits the code and stops there: it must never
    also reach the window, where Enter means Charge or the card's action. Tapped while
    it is off (before Charge), it says so (`tapped_off`): it looks off, and takes no keys."""

    submitted = Signal()
    tapped_off = Signal()
    hint = ""  # the whole hint; what shows is it, or its start where it can't fit
    short_hint = ""  # fewer words, shown whole where the whole hint can't be

    def setPlaceholderText(self, text: str) -> None:
        self.hint = text
        self.setToolTip(text)
        self._fit_hint()

    def set_hints(self, whole: str, short: str) -> None:
        """The hint, and fewer words of it for a narrow till (the demo's 724-px till on a
        1024×768 screen read "After Charge: type the code,…")."""
        self.short_hint = short
        self.setPlaceholderText(whole)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_hint()

    def hint_room(self) -> int:
        """The width the hint's words have: the field's less its border and padding (its
        style's) and Qt's own margin of 2 px each side."""
        option = QStyleOptionFrame()
        self.initStyleOption(option)
        inside = self.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, self)
        margins = self.textMargins()
        return inside.width() - margins.left() - margins.right() - 4

    def _fit_hint(self) -> None:
        """The hint whole where it fits; else shortened with "…" (the whole hint in the
        tooltip), never cut off at the field's edge as it was at a 1024-pixel till, where
        the English hint lost its end."""
        self.ensurePolished()
        metrics, room = QFontMetrics(self.font()), max(0, self.hint_room())
        text = self.hint
        if self.short_hint and metrics.horizontalAdvance(text) > room:
            text = self.short_hint
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
        if shown != super().placeholderText():
            super().setPlaceholderText(shown)

    def event(self, event: QEvent) -> bool:
        if not self.isEnabled() and event.type() in (QEvent.Type.MouseButtonPress,
                                                      QEvent.Type.TouchBegin):
            self.tapped_off.emit()
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self.submitted.emit()
            return
        super().keyPressEvent(event)
