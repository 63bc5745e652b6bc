"""The scan worker: reads and decodes frames off the GUI thread and reports by Qt signals.

Built on the pattern of PySide6's threads example (examples/corelib/threads/mandelbrot.py):
the thread never touches a widget, it emits typed signals; shared state is guarded; an
abort flag is checked in every loop; `stop()` waits a bounded time.

The newest frame wins. A live camera (a webcam, a paced replay) is read by its own small
thread into a one-slot mailbox; the decoding loop always takes the latest frame, and a
frame that arrives while a decode runs replaces the one waiting, so nothing queues up
behind a slow decode. A source that makes frames only when asked (an unpaced replay) is
read in the decoding loop itself, so every one of its frames is decoded.

Signals, all delivered to the receiver's thread:

    frame(QImage)            the preview, scaled to at most `preview_width`, rate-limited
    found(str, list)         an accepted code and its corners [(x, y)] × 4 in preview pixels,
                             once: the same text again is ignored until it has been out
                             of sight for `repeat_hold_s`
    rejected(str, str)       a text `accept` refused, and why: its kind (pos_app.words)
    error(str)               a camera problem, for the cashier (the worker keeps trying
                             unless the camera could not be opened at all)

Idle and armed (issue 13, "a quiet till"). Armed (the default) decodes every frame it
can, with the heavy pass. `set_armed(False)` (no sale waits) decodes at most
`idle_decode_fps` frames a second with the quick pass only and shows the preview at
`idle_preview_fps`; the loop sleeps in between instead of taking every frame.
`set_armed(True)` (the cashier pressed Charge) wakes it at once, forgets the texts it
has seen (a code already in view is reported on the next frame), and decodes at full
rate again. The terminal calls set_armed(True) on Charge and set_armed(False) once the
result is shown.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

import cv2
import numpy as np
from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtGui import QImage

from pos_app.scan import ScanError
from pos_app.scan.camera import Camera, Frame
from pos_app.scan.decoder import FrameDecoder, make_decoder

IDLE_WAIT_S = 0.02  # how long to wait before asking a camera that had no frame again
TAKE_TIMEOUT_S = 0.1  # the decoding loop looks at the abort flag at least this often
GRABBER_JOIN_S = 2.0  # a webcam read can block; the grab thread is a daemon beyond this
MAX_REMEMBERED = 64  # distinct texts kept for the repeat hold
DEFAULT_STOP_MS = 3000
IDLE_DECODE_FPS = 5.0  # decodes a second while no sale waits: a code shown early is seen
IDLE_PREVIEW_FPS = 5.0  # preview frames a second while no sale waits


def to_qimage(frame: Frame) -> QImage:
    """A QImage that owns a copy of `frame`'s pixels (BGR or grey, uint8)."""
    pixels = np.ascontiguousarray(frame)
    if pixels.dtype != np.uint8:
        raise ValueError(f"frames are uint8, not {pixels.dtype}")
    height, width = pixels.shape[:2]
    if pixels.ndim == 2:
        fmt, line_bytes = QImage.Format.Format_Grayscale8, width
    elif pixels.ndim == 3 and pixels.shape[2] == 3:
        fmt, line_bytes = QImage.Format.Format_BGR888, 3 * width
    else:
        raise ValueError(f"not a BGR or grey frame: shape {pixels.shape}")
    # The QImage only borrows the numpy buffer; copy() gives it pixels of its own before
    # the buffer goes away with this function's frame.
    return QImage(pixels.data, width, height, line_bytes, fmt).copy()


class LatestFrame:
    """A one-slot mailbox between the grab thread and the decoding loop."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._frame: Frame | None = None
        self._closed = False
        self.dropped = 0  # frames replaced before anyone took them

    def put(self, frame: Frame) -> None:
        with self._cond:
            if self._frame is not None:
                self.dropped += 1
            self._frame = frame
            self._cond.notify()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    @property
    def done(self) -> bool:
        """Closed and empty: no frame will come again."""
        with self._cond:
            return self._closed and self._frame is None

    def take(self, timeout_s: float) -> Frame | None:
        with self._cond:
            if self._frame is None and not self._closed:
                self._cond.wait(timeout_s)
            frame, self._frame = self._frame, None
            return frame


class _RepeatHold:
    """Remembers recently seen texts so each is reported once while it stays in view."""

    def __init__(self, hold_s: float) -> None:
        self.hold_s = hold_s
        self._last_seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_sighting(self, text: str, now: float) -> bool:
        with self._lock:
            last = self._last_seen.pop(text, None)
            self._last_seen[text] = now  # every sighting extends the hold
            while len(self._last_seen) > MAX_REMEMBERED:
                self._last_seen.popitem(last=False)
            return last is None or now - last >= self.hold_s

    def forget(self, text: str | None = None) -> None:
        with self._lock:
            if text is None:
                self._last_seen.clear()
            else:
                self._last_seen.pop(text, None)


class ScanWorker(QThread):
    """Reads a camera and decodes its frames until stopped or the camera ends.

    `source` is a Camera, or a callable that opens one (then the opening, which can take a
    second for a webcam, happens on this thread too). The worker owns the camera and
    closes it when it finishes.
    """

    frame = Signal(QImage)
    found = Signal(str, list)
    rejected = Signal(str, str)
    error = Signal(str)

    def __init__(
        self,
        source: Camera | Callable[[], Camera],
        decoder: FrameDecoder | None = None,
        *,
        preview_fps: float = 15.0,
        preview_width: int = 640,
        repeat_hold_s: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
        idle_decode_fps: float = IDLE_DECODE_FPS,
        idle_preview_fps: float = IDLE_PREVIEW_FPS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if min(preview_fps, preview_width, idle_decode_fps, idle_preview_fps) <= 0:
            raise ValueError("frame rates and preview_width must be positive")
        self._source = source
        self._decoder = decoder
        self._preview_period_s = 1.0 / preview_fps
        self._preview_width = preview_width
        self._hold = _RepeatHold(repeat_hold_s)
        self._clock = clock
        self._abort = threading.Event()
        self._mailbox = LatestFrame()
        self._last_preview = -float("inf")
        self._last_problem: str | None = None
        self._armed = threading.Event()
        self._armed.set()
        self._idle_period_s = 1.0 / idle_decode_fps
        self._idle_preview_period_s = 1.0 / idle_preview_fps
        self._last_decode = -float("inf")
        self.frames_decoded = 0  # read by tests and benchmarks after the thread finished
        self.frames_skipped = 0  # frames taken but not decoded while idle

    # --- control, from the GUI thread ---------------------------------------------------

    def stop(self, timeout_ms: int = DEFAULT_STOP_MS) -> bool:
        """Ask the loop to end and wait for it at most `timeout_ms`; True if it ended."""
        self._abort.set()
        self._mailbox.close()
        return self.wait(timeout_ms)

    def set_armed(self, armed: bool) -> None:
        """Armed: decode every frame (a sale waits for a code). Idle: a few quick decodes a
        second. Arming forgets the texts seen, so a code already in view is reported on
        the next decoded frame. Safe from any thread."""
        if armed:
            self._hold.forget()
            self._armed.set()
        else:
            self._armed.clear()

    @property
    def armed(self) -> bool:
        return self._armed.is_set()

    def forget(self, text: str | None = None) -> None:
        """Report `text` (or every text) again the next time it is seen."""
        self._hold.forget(text)

    @property
    def frames_dropped(self) -> int:
        return self._mailbox.dropped

    # --- the thread ------------------------------------------------------------------------

    def run(self) -> None:
        try:
            decoder = self._decoder or make_decoder()
            camera = self._source() if callable(self._source) else self._source
        except ScanError as exc:  # no decoding library, or no camera
            self.error.emit(str(exc))
            return
        try:
            if camera.live:
                self._run_live(camera, decoder)
            else:
                try:
                    self._run_pulled(camera, decoder)
                finally:
                    camera.close()
        except Exception as exc:
            # The thread's edge: whatever went wrong reaches the cashier as a message
            # instead of a traceback on a console nobody watches.
            self.error.emit(f"scanning stopped: {exc}")

    def _run_pulled(self, camera: Camera, decoder: FrameDecoder) -> None:
        while not self._abort.is_set():
            if self._idle_wait():
                continue
            frame = camera.read()
            if frame is None:
                if camera.ended:
                    return
                self._report(camera.problem)
                self._abort.wait(IDLE_WAIT_S)
                continue
            self._handle(frame, decoder)

    def _run_live(self, camera: Camera, decoder: FrameDecoder) -> None:
        grabber = threading.Thread(
            target=self._grab, args=(camera,), name="scan-grabber", daemon=True
        )
        grabber.start()
        try:
            while not self._abort.is_set():
                if self._idle_wait():
                    continue
                frame = self._mailbox.take(TAKE_TIMEOUT_S)
                if frame is None:
                    if self._mailbox.done:
                        return
                    self._report(camera.problem)
                    continue
                self._handle(frame, decoder)
        finally:
            self._abort.set()
            self._mailbox.close()
            grabber.join(GRABBER_JOIN_S)

    def _grab(self, camera: Camera) -> None:
        """The grab thread: the camera's only reader; closes it when done."""
        try:
            while not self._abort.is_set():
                frame = camera.read()
                if frame is not None:
                    self._mailbox.put(frame)
                elif camera.ended:
                    return
                else:
                    self._abort.wait(IDLE_WAIT_S)
        finally:
            self._mailbox.close()
            camera.close()

    def _report(self, problem: str | None) -> None:
        if problem is not None and problem != self._last_problem:
            self.error.emit(problem)
        self._last_problem = problem

    def _idle_wait(self) -> bool:
        """While idle, sleep until the next idle decode is due or the worker is armed;
        True when the loop should look again (the wait was cut short by the time limit)."""
        if self._armed.is_set():
            return False
        wait_s = self._last_decode + self._idle_period_s - self._clock()
        if wait_s <= 0:
            return False
        self._armed.wait(min(wait_s, TAKE_TIMEOUT_S))  # arming wakes it at once
        return True

    def _handle(self, frame: Frame, decoder: FrameDecoder) -> None:
        now = self._clock()
        armed = self._armed.is_set()
        if not armed and now - self._last_decode < self._idle_period_s:
            self.frames_skipped += 1  # a pulled source while idle: take it, don't decode
            return
        self._last_decode = now
        scan = decoder.scan(frame, quick_only=not armed)
        self.frames_decoded += 1
        self._last_problem = None
        period_s = self._preview_period_s if armed else self._idle_preview_period_s
        scale = min(1.0, self._preview_width / frame.shape[1])
        fresh = [f for f in scan.found if self._hold.first_sighting(f.text, now)]
        refused = [r for r in scan.rejected if self._hold.first_sighting(r.text, now)]
        # The frame a code was found in is always shown, so its outline matches the picture.
        if fresh or now - self._last_preview >= period_s:
            self._last_preview = now
            self.frame.emit(to_qimage(_scaled(frame, scale)))
        for found in fresh:
            corners = [(x * scale, y * scale) for x, y in found.corners]
            self.found.emit(found.text, corners)
        for rejected in refused:
            self.rejected.emit(rejected.text, rejected.kind)


def _scaled(frame: Frame, scale: float) -> Frame:
    if scale >= 1.0:
        return frame
    size = (max(1, round(frame.shape[1] * scale)), max(1, round(frame.shape[0] * scale)))
    return cv2.resize(frame, size, interpolation=cv2.INTER_AREA)
