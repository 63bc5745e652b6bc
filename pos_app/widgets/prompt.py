"""The prompt under the camera view: what the cashier does next, in one steady box.

Live test 33 §13: a longer prompt ("Type the amount, then press Charge.", zh_TW
"已掃描到付款碼。按「收款 ⏎」收取 ¥25.00。") wrapped to another line, and the camera view above
it shrank, then grew back with the next prompt: the picture jumped under the cashier's
eyes. The box is as high as two lines of the prompt's type (Chinese glyphs included),
whatever it says; a prompt that needs more than two lines is set in smaller type until it
fits, never cut and never taller.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from pos_app.widgets import theme

LINES = 2  # the box's height, in lines of the prompt's largest type
MIN_PX = 13  # the smallest type a prompt is set in
TALLEST = "Ag中¥"  # a line's height is measured on these: Chinese glyphs stand taller
BIG_PX = 100_000  # "no limit" for a measured height


class Prompt(QLabel):
    """A wrapped label of a fixed height (`box_px`) whose type shrinks to fit its words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("prompt")
        self.setTextFormat(Qt.TextFormat.PlainText)  # words from servers read as typed
        self.setProperty("role", "prompt")
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.max_px = 24
        self.color = theme.INK
        self.shown: tuple[int, str] = (0, "")

    def set_look(self, max_px: int | None = None, color: str | None = None) -> None:
        """The largest type (the window's step) and the colour (ink, or red for a refusal)."""
        if max_px is not None:
            self.max_px = max_px
        if color is not None:
            self.color = color
        self._fit()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.box_px())

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.box_px())

    def _font(self, px: int) -> QFont:
        self.ensurePolished()
        font = QFont(self.font())
        font.setWeight(QFont.Weight.Bold)
        font.setPixelSize(px)
        return font

    def box_px(self) -> int:
        """LINES lines of the largest type, as QLabel lays them out."""
        lines = "\n".join([TALLEST] * LINES)
        return self._words_px(lines, self.max_px, BIG_PX)

    def _words_px(self, text: str, px: int, width: int) -> int:
        flags = int(Qt.TextFlag.TextWordWrap)
        return QFontMetrics(self._font(px)).boundingRect(QRect(0, 0, width, BIG_PX), flags,
                                                         text).height()

    def _fit(self) -> None:
        box = self.box_px()
        width = self.contentsRect().width()
        px = self.max_px
        while px > MIN_PX and width > 0 and self._words_px(self.text(), px, width) > box:
            px -= 1
        if self.height() != box or self.minimumHeight() != box:
            self.setFixedHeight(box)
        if self.shown != (px, self.color):
            self.shown = (px, self.color)
            self.setStyleSheet(f"color: {self.color}; font-size: {px}px; font-weight: 700;")


__all__ = ["Prompt"]
