"""Pairing by camera: the tablet's camera looks at the payer's pairing QR.

Frames arrive in the GUI thread (QVideoSink); at most `MAX_DECODES_PER_S` a second are
handed to a decoding thread that keeps only the newest one, so nothing queues up behind a
slow decode. The scanner emits `found(pairing_code)` once, for the first pairing QR seen.

QtMultimedia is imported only when the camera is used: it needs system libraries (e.g.
PulseAudio's) that a machine without a camera may lack, and then typing the code works.
"""

from __future__ import annotations

import logging
import threading
import time

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from wallet_app import pairing

log = logging.getLogger("kinpay.wallet")

MAX_DECODES_PER_S = 8
IDLE_WAIT_S = 0.25
MAX_FRAME_SIDE_PX = 1280


def decode_texts(image: QImage) -> list[str]:
    """Every QR text zxing-cpp reads in `image`."""
    import zxingcpp

    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    if max(grey.width(), grey.height()) > MAX_FRAME_SIDE_PX:
        grey = grey.scaled(MAX_FRAME_SIDE_PX, MAX_FRAME_SIDE_PX)  # keeps the aspect ratio
    width, height, stride = grey.width(), grey.height(), grey.bytesPerLine()
    buf = np.frombuffer(grey.constBits(), dtype=np.uint8, count=stride * height)
    pixels = buf.reshape(height, stride)[:, :width].copy()
    results = zxingcpp.read_barcodes(
        pixels, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    )
    return [r.text for r in results if r.valid]


class PairScanner(QObject):
    """Decodes offered frames on its own thread; `found(code)` for a pairing QR."""

    found = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Condition()
        self._frame: QImage | None = None
        self._stop = False
        self._done = False
        self._last_offer = 0.0
        self._thread = threading.Thread(target=self._run, name="kinpay-pair-scan", daemon=True)
        self._thread.start()

    def offer(self, image: QImage) -> None:
        """Called in the GUI thread with each frame; the newest frame wins."""
        now = time.monotonic()
        if self._done or now - self._last_offer < 1 / MAX_DECODES_PER_S:
            return
        self._last_offer = now
        with self._lock:
            self._frame = image.copy()
            self._lock.notify()

    def _run(self) -> None:
        while True:
            with self._lock:
                if self._frame is None and not self._stop:
                    self._lock.wait(IDLE_WAIT_S)
                if self._stop:
                    return
                frame, self._frame = self._frame, None
            if frame is None:
                continue
            for text in decode_texts(frame):
                code = pairing.from_scan(text)
                if code is not None and not self._done:
                    self._done = True
                    try:
                        self.found.emit(code)
                    except RuntimeError:
                        return
                    break

    def stop(self) -> None:
        with self._lock:
            self._stop = True
            self._lock.notify()
        self._thread.join(2.0)


def has_camera() -> bool:
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError as exc:
        log.info("no camera support: %s", exc)
        return False
    return bool(QMediaDevices.videoInputs())


class CameraFeed(QObject):
    """The default camera's frames as QImages (`frame`), for the preview and the scanner.

    Make one only after `has_camera()` said yes.
    """

    frame = Signal(QImage)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QCamera, QMediaCaptureSession, QMediaDevices, QVideoSink

        self._camera = QCamera(QMediaDevices.defaultVideoInput(), self)
        self._session = QMediaCaptureSession(self)
        self._sink = QVideoSink(self)
        self._session.setCamera(self._camera)
        self._session.setVideoSink(self._sink)
        self._sink.videoFrameChanged.connect(self._on_frame)

    def start(self) -> bool:
        self._camera.start()
        return True

    def stop(self) -> None:
        self._camera.stop()

    def _on_frame(self, frame: object) -> None:
        image = frame.toImage()  # type: ignore[attr-defined]
        if not image.isNull():
            self.frame.emit(image)
