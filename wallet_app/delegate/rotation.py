"""The rotating code: builds the next code and its QR image, on time and after a payment.

Needs nothing but the device file and a clock, so it keeps working with no network. On
every rotation it publishes the code to `current-code.json` in the data folder (written
atomically, 0600), so another process — the demo — can read what the screen shows; while
the code is not on screen (`set_on_screen(False)`) the file is withdrawn.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage

from kinpay.device import Device, save_json_private
from wallet_app.qr import qr_image

Clock = Callable[[], float]
TICK_MS = 200  # how often the ring redraws and the step is checked


@dataclass(frozen=True, slots=True)
class CodeFrame:
    """One code as shown: its text, its numeric fallback, its image and its times."""

    code: str
    numeric: str
    step: int
    counter: int
    shown_at_s: int
    valid_until_s: int  # first second at which a server refuses it
    next_rotation_s: int  # when the screen moves on to the next code
    image: QImage

    def publishable(self) -> dict[str, object]:
        return {
            "code": self.code,
            "numeric": self.numeric,
            "step": self.step,
            "counter": self.counter,
            "shown_at": self.shown_at_s,
            "valid_until": self.valid_until_s,
            "rotates_at": self.next_rotation_s,
        }


def build_frame(device: Device, now_s: int) -> CodeFrame:
    """The code for `now_s` with its QR image: the hot path, measured in the tests."""
    step = device.step_at(now_s)
    code = device.code_at(now_s)
    return CodeFrame(
        code=code,
        numeric=device.numeric_at(now_s),
        step=step,
        counter=device.counter_at(now_s),
        shown_at_s=now_s,
        valid_until_s=(step + 2) * device.cert.rotate_s,
        next_rotation_s=(step + 1) * device.cert.rotate_s,
        image=qr_image(code),
    )


class CodeSource(QObject):
    """Owns the device on screen: rotates its code and tells the screen.

    `rotated(CodeFrame)` on every new code; `ticked(fraction_left, seconds_left)` for the
    countdown ring; `certificate_expired()` once the certificate is past its expiry, after
    which no code is shown (a server would refuse it).
    """

    rotated = Signal(object)
    ticked = Signal(float, int)
    certificate_expired = Signal()

    def __init__(
        self,
        device: Device,
        *,
        device_path: Path,
        publish_path: Path,
        clock: Clock = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.device = device
        self._device_path = device_path
        self._publish_path = publish_path
        self._clock = clock
        self._key: tuple[int, int] | None = None
        self.frame: CodeFrame | None = None
        self.expired = False
        # Whether the code is on screen: the file holds the code on screen now, so it is
        # withdrawn while the child looks at another page (live QA 36 §5: the demo's camera
        # still "saw" a code while the tablet showed only "My purchases").
        self.on_screen = True
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)

    def now_s(self) -> int:
        return int(self._clock())

    def start(self) -> None:
        self.tick()
        if not self.expired:
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def tick(self) -> None:
        now = self._clock()
        now_s = int(now)
        if now_s >= self.device.cert.expires_s:
            self._expire()
            return
        key = (self.device.step_at(now_s), self.device.counter_at(now_s))
        if key != self._key:
            self._show(now_s)
        rotate_s = self.device.cert.rotate_s
        left_s = (self.device.step_at(now_s) + 1) * rotate_s - now
        self.ticked.emit(max(left_s, 0.0) / rotate_s, max(1, int(left_s + 0.999)))

    def payment_used(self) -> None:
        """A payment used the code on screen: move to a fresh one now, and remember it."""
        if self.expired:
            return
        now_s = self.now_s()
        self.device.bump(now_s)
        self.device.save(self._device_path)
        self._show(now_s)

    def reissue(self) -> None:
        """The device's certificate changed: show a code made with it at once."""
        if not self.expired:
            self._show(self.now_s())

    def set_on_screen(self, shown: bool) -> None:
        """The code screen shows the code (publish it) or not (withdraw the file)."""
        self.on_screen = shown
        if not shown:
            self._publish_path.unlink(missing_ok=True)
        elif self.frame is not None and not self.expired:
            save_json_private(self._publish_path, self.frame.publishable())

    def _show(self, now_s: int) -> None:
        frame = build_frame(self.device, now_s)
        self._key = (frame.step, frame.counter)
        self.frame = frame
        if self.on_screen:
            save_json_private(self._publish_path, frame.publishable())
        self.rotated.emit(frame)

    def _expire(self) -> None:
        if self.expired:
            return
        self.expired = True
        self._timer.stop()
        self.frame = None
        self._publish_path.unlink(missing_ok=True)
        self.certificate_expired.emit()
