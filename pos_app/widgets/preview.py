"""The camera preview: the live frame, a guide box, and the outline of a found code.

It only paints what it is given: `show_frame(QImage)` from the scan worker's signal,
`show_outline(corners)` when a code is found, `freeze()` to keep the frame behind a result,
and `show_message(text)` when there is no camera.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from pos_app.widgets import theme

GUIDE_FRACTION = 0.62  # the guide box's side, as a fraction of the frame's height


class Preview(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(240, 160)  # the picture scales; the window may be small
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.image: QImage | None = None
        self.outline: list[tuple[float, float]] = []
        self.outline_ok = True
        self.frozen = False
        self.message: str | None = self.tr("Starting the camera…")
        self.frames_shown = 0

    def show_frame(self, image: QImage) -> None:
        if self.frozen:
            return
        self.image = image
        self.message = None
        self.frames_shown += 1
        # The outline belongs to the frame it was found in: a new frame drops it.
        self.outline = []
        self.update()

    def show_outline(self, corners: list[tuple[float, float]], ok: bool = True) -> None:
        self.outline = [(float(x), float(y)) for x, y in corners][:4]
        self.outline_ok = ok
        self.update()

    def freeze(self) -> None:
        self.frozen = True

    def unfreeze(self) -> None:
        self.frozen = False
        self.outline = []
        self.update()

    def reset(self, text: str) -> None:
        """A new camera: nothing of the last one's picture stays."""
        self.frozen = False
        self.outline = []
        self.frames_shown = 0
        self.show_message(text)

    def show_message(self, text: str) -> None:
        self.message = text
        self.image = None
        self.update()

    def _target(self) -> tuple[QRectF, float]:
        assert self.image is not None
        w, h = self.image.width(), self.image.height()
        scale = min(self.width() / w, self.height() / h)
        tw, th = w * scale, h * scale
        # At the top: a result card covers the bottom, and the code stays in sight above it.
        return QRectF((self.width() - tw) / 2, 0, tw, th), scale

    def paintEvent(self, event: object) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#0B1220"))
        if self.image is None:
            self._paint_message(p)
            return
        target, scale = self._target()
        p.drawImage(target, self.image)
        side = target.height() * GUIDE_FRACTION
        guide = QRectF(target.center().x() - side / 2, target.center().y() - side / 2, side, side)
        self._paint_guide(p, guide)
        if self.outline:
            # Yellow: it stands out from a phone's or tablet's own (often green) frame.
            color = QColor("#FACC15") if self.outline_ok else QColor("#EF4444")
            p.setPen(QPen(color, 6))
            p.setBrush(QColor(color.red(), color.green(), color.blue(), 60))
            poly = QPolygonF(
                [QPointF(target.x() + x * scale, target.y() + y * scale) for x, y in self.outline]
            )
            p.drawPolygon(poly)
        if self.frozen:
            p.fillRect(target, QColor(11, 18, 32, 90))

    def _paint_guide(self, p: QPainter, r: QRectF) -> None:
        # Corner brackets, not a full box: they frame the code without hiding the picture.
        p.setPen(QPen(QColor(255, 255, 255, 220), 4))
        arm = r.width() * 0.16
        for cx, cy, dx, dy in (
            (r.left(), r.top(), 1, 1), (r.right(), r.top(), -1, 1),
            (r.left(), r.bottom(), 1, -1), (r.right(), r.bottom(), -1, -1),
        ):
            p.drawLine(QPointF(cx, cy), QPointF(cx + dx * arm, cy))
            p.drawLine(QPointF(cx, cy), QPointF(cx, cy + dy * arm))

    def _paint_message(self, p: QPainter) -> None:
        # First line: what is wrong, big; the rest (a path, a device name) smaller. A long
        # path has no spaces, so it may break after each "/".
        title, _, detail = (self.message or "").partition("\n")
        p.setPen(QColor("white"))
        font = QFont(self.font())
        font.setPointSize(16)
        font.setBold(True)
        p.setFont(font)
        r = self.rect().adjusted(36, 56, -36, -36)
        flags = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter
        box = p.boundingRect(r, flags | Qt.TextFlag.TextWordWrap, title)
        p.drawText(r, flags | Qt.TextFlag.TextWordWrap, title)
        if detail:
            font.setPointSize(12)
            font.setBold(False)
            p.setFont(font)
            p.setPen(QColor(theme.LINE))
            p.drawText(r.adjusted(0, int(box.height()) + 16, 0, 0),
                       flags | Qt.TextFlag.TextWordWrap, detail.replace("/", "/\u200b"))


__all__ = ["Preview"]
