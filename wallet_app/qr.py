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

import numpy as np
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from wallet_app.errors import QrTextError

QUIET_MODULES = 4  # the QR standard's quiet zone, which every reader expects
EC_LEVEL = "L"  # error correction: see the module docstring
BLACK, WHITE = 0, 255

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

    def symbol_rect(self) -> QRect:
        if self._image is None or self._image.width() == 0:
            return QRect()
        n = self._image.width()
        side = min(self.width(), self.height())
        scale = max(1, side // n)
        size = n * scale
        return QRect((self.width() - size) // 2, (self.height() - size) // 2, size, size)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        if self._image is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
            painter.drawImage(self.symbol_rect(), self._image)
            if self._dimmed:
                painter.fillRect(self.rect(), QColor(255, 255, 255, 215))
        painter.end()
