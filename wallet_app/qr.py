"""QR images for the wallet: text → a one-pixel-per-module QImage, and a widget that shows it.

Speed matters (a new code every rotation, and at once after a payment): zxing-cpp's encoder
makes a version-9 code for a 324-character payload in about a millisecond; segno with a
fixed mask is the fallback (no mask search, a few milliseconds). The image always carries
a quiet zone of `QUIET_MODULES` white modules, black on white.

Error correction is level L (`EC_LEVEL`), as docs/benchmarks.md chose from the figures
("The code as shown", issue 13 §3): at the tablet's fixed size, L's smaller symbol (53
modules a side for a kinpay code, against M's 61) has bigger modules, and read 24 of 24
screen frames where M read 21. A screen shows a code without stains or tears, which is
what the higher levels pay for.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from wallet_app.errors import QrTextError

QUIET_MODULES = 4  # the QR standard's quiet zone, which every reader expects
EC_LEVEL = "L"  # error correction: see the module docstring
BLACK, WHITE = 0, 255
# A kinpay code's side in modules at EC_LEVEL: version 9 (53) and the quiet zone both sides.
CODE_MODULES = 53 + 2 * QUIET_MODULES

try:  # the fast encoder; absent on some platforms' wheels
    import zxingcpp

    _HAVE_ZXING = hasattr(zxingcpp, "create_barcode")
except ImportError:  # pragma: no cover - depends on the platform
    _HAVE_ZXING = False


def _modules_zxing(text: str) -> np.ndarray:
    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level=EC_LEVEL)
    image = barcode.to_image(scale=1, add_quiet_zones=False)
    return np.where(np.asarray(image) < 128, BLACK, WHITE).astype(np.uint8)


def _modules_segno(text: str) -> np.ndarray:
    import segno

    code = segno.make_qr(text, error=EC_LEVEL.lower(), mask=0, boost_error=False)
    dark = np.array(code.matrix, dtype=np.uint8)
    return np.where(dark > 0, BLACK, WHITE).astype(np.uint8)


def qr_modules(text: str) -> np.ndarray:
    """The QR symbol for `text` as uint8 (0 black, 255 white), quiet zone included."""
    if not text:
        raise QrTextError("nothing to encode")
    try:
        modules = _modules_zxing(text) if _HAVE_ZXING else _modules_segno(text)
    except ValueError as exc:  # zxing-cpp's and segno's "too long" (DataOverflowError)
        raise QrTextError(f"{len(text)} characters are more than a QR code holds") from exc
    return np.pad(modules, QUIET_MODULES, constant_values=WHITE)


def qr_image(text: str) -> QImage:
    """One pixel per module, 8-bit grey; scale it with FastTransformation to keep edges."""
    modules = np.ascontiguousarray(qr_modules(text))
    height, width = modules.shape
    image = QImage(modules.data, width, height, width, QImage.Format.Format_Grayscale8)
    return image.copy()  # own the pixels: the array goes away


class QrView(QWidget):
    """Draws a QR image as large as the widget's short side allows, on white.

    The scale is a whole number of pixels per module so every module has the same size,
    which is what a scanner reads best.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._dimmed = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(QSize(160, 160))
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def set_image(self, image: QImage | None) -> None:
        self._image = image
        self.update()

    def image(self) -> QImage | None:
        return self._image

    def set_dimmed(self, dimmed: bool) -> None:
        """Grey the code out (for a grant that has ended) so no one tries to scan it."""
        self._dimmed = dimmed
        self.update()

    def _placement(self) -> tuple[int, int, int, int, float] | None:
        """Where the symbol goes in device pixels: (x, y, side, pixels per module, the
        device pixel ratio); None with no code. A whole number of device pixels per module,
        so every module has the same size on the screen under any scale factor."""
        if self._image is None or self._image.width() == 0:
            return None
        n = self._image.width()
        dpr = self.devicePixelRatioF()
        width, height = int(self.width() * dpr), int(self.height() * dpr)
        scale = max(1, min(width, height) // n)
        size = n * scale
        return (width - size) // 2, (height - size) // 2, size, scale, dpr

    def module_px(self) -> int:
        """Device pixels per module as drawn now: 0 with no code."""
        placed = self._placement()
        return 0 if placed is None else placed[3]

    def side_for(self, module_px: int, modules: int = CODE_MODULES) -> int:
        """The widget side (device-independent pixels) at which the code, or a kinpay code
        when none is shown, is drawn with `module_px` device pixels per module."""
        n = self._image.width() if self._image is not None and self._image.width() else modules
        return math.ceil(n * module_px / self.devicePixelRatioF())

    def symbol_rect(self) -> QRect:
        """The symbol, quiet zone included, in the widget's own pixels."""
        placed = self._placement()
        if placed is None:
            return QRect()
        return self._logical(placed).toAlignedRect()

    @staticmethod
    def _logical(placed: tuple[int, int, int, int, float]) -> QRectF:
        x, y, size, _, dpr = placed
        return QRectF(x / dpr, y / dpr, size / dpr, size / dpr)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        placed = self._placement()
        if self._image is not None and placed is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
            painter.drawImage(self._logical(placed), self._image)
            if self._dimmed:
                painter.fillRect(self.rect(), QColor(255, 255, 255, 215))
        painter.end()
