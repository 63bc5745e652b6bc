"""Where frames come from, behind one interface: `open_camera(spec) -> Camera`.

A spec is what a person types after `--camera`:

    "0", "/dev/video0"         a webcam by index or device path (reconnects by itself)
    "file:PATH" or "PATH"      a video file, one image, or a folder of images, replayed
    "sim"                      a simulated tablet showing the code a provider returns
    any of them + "@1280x720"  the frame size: asked of a webcam, resized to for the others

`Camera.read()` returns a BGR frame, or None when there is no frame just now (a webcam
being reconnected, a replay that has ended); `ended` tells the two apart and `problem`
says in words what is wrong while it lasts. No camera that fails to open crashes the
caller: `open_camera` raises `CameraError` with a message for the cashier.
"""

from __future__ import annotations

import re
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import Literal, Self

import cv2
import numpy as np

from pos_app.scan import CameraError, ImageRefused, synth
from pos_app.scan.devices import MAX_DEVICE_INDEX, on_linux
from pos_app.scan.devices import CameraInfo as CameraInfo  # re-exported
from pos_app.scan.devices import list_cameras as list_cameras  # re-exported
from pos_app.scan.imagefile import MAX_IMAGE_PIXELS, read_image

Frame = np.ndarray
TextProvider = Callable[[], "str | None"]
Kind = Literal["device", "video", "image", "folder", "sim"]

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".webp"})
MAX_FOLDER_IMAGES = 10_000  # a replay folder holds test frames, not a photo library
MAX_CACHED_IMAGES = 64  # decoded once and kept, so a looping folder costs no re-decoding
BACKOFF_FIRST_S = 0.5
BACKOFF_MAX_S = 8.0
MAX_SIDE_PX = 8192  # a larger "@WxH" is a typo


@dataclass(frozen=True, slots=True)
class CameraSpec:
    kind: Kind
    target: str | int  # device index or path; file path; "" for sim
    size: tuple[int, int] | None = None  # (width, height)

    def __str__(self) -> str:
        base = "sim" if self.kind == "sim" else str(self.target)
        return f"{base}@{self.size[0]}x{self.size[1]}" if self.size else base


_SIZE = re.compile(r"^(?P<base>.*)@(?P<w>\d{2,5})x(?P<h>\d{2,5})$")


def parse_spec(spec: str) -> CameraSpec:
    """The CameraSpec a spec string names; raises CameraError when it names nothing."""
    text = spec.strip()
    size = None
    match = _SIZE.match(text)
    if match:
        text = match["base"]
        size = (int(match["w"]), int(match["h"]))
        if not (0 < size[0] <= MAX_SIDE_PX and 0 < size[1] <= MAX_SIDE_PX):
            raise CameraError(f"frame size {size[0]}x{size[1]} is out of range")
    if not text:
        raise CameraError("no camera given")
    if text == "sim":
        return CameraSpec("sim", "", size)
    if text.isdigit():
        index = int(text)
        if index > MAX_DEVICE_INDEX:
            raise CameraError(f"camera index {index} is out of range")
        return CameraSpec("device", index, size)
    if text.startswith("/dev/"):
        return CameraSpec("device", text, size)
    if text.startswith("file:"):
        text = text[len("file:") :]
    path = Path(text).expanduser()
    if path.is_dir():
        return CameraSpec("folder", str(path), size)
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return CameraSpec("image", str(path), size)
    return CameraSpec("video", str(path), size)


# --- the interface -------------------------------------------------------------------------


class Camera(ABC):
    """A source of BGR frames. Not thread-safe: one thread reads it."""

    description: str = "camera"
    # True when frames come by themselves in real time (a webcam, a paced replay): a reader
    # that falls behind must drop frames. False when each frame is made when asked for.
    live: bool = False

    @abstractmethod
    def read(self) -> Frame | None:
        """The next frame, or None when there is none just now (see `ended`, `problem`)."""

    @property
    def ended(self) -> bool:
        """True when no frame will ever come again (a replay that does not loop)."""
        return False

    @property
    def problem(self) -> str | None:
        """What is wrong just now, for a person (None while frames flow)."""
        return None

    def close(self) -> None:  # noqa: B027 - most sources have nothing to release
        """Release the device or file; safe to call twice."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class _Pacer:
    """Holds reads to `fps` (None: as fast as asked), sleeping at most one frame period."""

    def __init__(self, fps: float | None) -> None:
        if fps is not None and not 0 < fps <= 240:
            raise CameraError(f"{fps} frames per second is out of range")
        self.period_s = 1.0 / fps if fps else 0.0
        self._due = time.monotonic()

    def wait(self) -> None:
        if not self.period_s:
            return
        now = time.monotonic()
        delay = min(self._due - now, self.period_s)
        if delay > 0:
            time.sleep(delay)
        # After a stall, start afresh rather than rushing frames out to catch up.
        self._due = max(self._due, time.monotonic() - self.period_s) + self.period_s


def _resized(frame: Frame, size: tuple[int, int] | None) -> Frame:
    if size is None or (frame.shape[1], frame.shape[0]) == size:
        return frame
    return cv2.resize(frame, size, interpolation=cv2.INTER_AREA)


# --- webcams -----------------------------------------------------------------------------


class DeviceCamera(Camera):
    """A webcam. Opening fails with CameraError; after that, a webcam that is unplugged or
    taken by another program is reopened by itself, waiting longer after each failure."""

    live = True

    def __init__(
        self,
        target: int | str,
        size: tuple[int, int] | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.target = target
        self.size = size
        self._clock = clock
        self.description = f"camera {target}"
        self._failures = 0
        self._retry_at = 0.0
        self._problem: str | None = None
        self._cap: cv2.VideoCapture | None = self._open()

    def _open(self) -> cv2.VideoCapture:
        path = f"/dev/video{self.target}" if isinstance(self.target, int) else self.target
        if (on_linux() or isinstance(self.target, str)) and not Path(path).exists():
            raise CameraError(f"no {self.description}: {path} does not exist")
        backend = cv2.CAP_V4L2 if on_linux() else cv2.CAP_ANY
        cap = cv2.VideoCapture(self.target, backend)
        if not cap.isOpened():
            cap.release()
            raise CameraError(f"{self.description} could not be opened: busy, or not a camera")
        if self.size is not None:
            cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.size[0])
            cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.size[1])
        # A one-frame driver buffer keeps what we read close to now (not every driver obeys).
        cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)
        return cap

    @property
    def problem(self) -> str | None:
        return self._problem

    def read(self) -> Frame | None:
        if self._cap is None and not self._reopen():
            return None
        assert self._cap is not None
        ok, frame = self._cap.read()
        if not ok or frame is None:
            self._cap.release()
            self._cap = None
            self._failed("stopped sending frames (unplugged, or taken by another program)")
            return None
        self._failures = 0
        self._problem = None
        return frame

    def _reopen(self) -> bool:
        if self._clock() < self._retry_at:
            return False
        try:
            self._cap = self._open()
        except CameraError as exc:
            self._failed(str(exc))
            return False
        return True

    def _failed(self, reason: str) -> None:
        delay_s = min(BACKOFF_MAX_S, BACKOFF_FIRST_S * 2 ** min(self._failures, 8))
        self._failures += 1
        self._retry_at = self._clock() + delay_s
        self._problem = f"{self.description}: {reason}; trying again in {delay_s:.1f} s"

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None


# --- replays ---------------------------------------------------------------------------------


class VideoCamera(Camera):
    """A video file played back, paced at `fps` or as fast as asked, looping or ending."""

    def __init__(
        self,
        path: str | Path,
        *,
        fps: float | None = None,
        loop: bool = False,
        size: tuple[int, int] | None = None,
    ) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise CameraError(f"no video file at {self.path}")
        self.description = f"video {self.path.name}"
        self.live = fps is not None
        self.loop = loop
        self.size = size
        self._pacer = _Pacer(fps)
        self._ended = False
        self._cap = cv2.VideoCapture(str(self.path))
        if not self._cap.isOpened():
            self._cap.release()
            raise CameraError(f"{self.path} is not a video this machine can play")
        # The container's header gives the frame size before any frame is decoded.
        pixels = self._cap.get(cv2.CAP_PROP_FRAME_WIDTH) * self._cap.get(cv2.CAP_PROP_FRAME_HEIGHT)
        if pixels > MAX_IMAGE_PIXELS:
            self._cap.release()
            raise CameraError(f"{self.path}: frames of {pixels / 1e6:.0f} megapixels, more "
                              f"than the {MAX_IMAGE_PIXELS / 1e6:.0f} megapixels kinpay decodes")

    @property
    def ended(self) -> bool:
        return self._ended

    def read(self) -> Frame | None:
        if self._ended:
            return None
        self._pacer.wait()
        ok, frame = self._cap.read()
        if not ok and self.loop:
            # Rewinding is not supported by every codec; a fresh capture always is.
            self._cap.release()
            self._cap = cv2.VideoCapture(str(self.path))
            ok, frame = self._cap.read()
        if not ok or frame is None:
            self._ended = True
            return None
        return _resized(frame, self.size)

    def close(self) -> None:
        self._ended = True
        self._cap.release()


def load_image(path: Path) -> Frame | None:
    """An image file as BGR, or None when its bytes don't decode (any path, even
    non-ASCII). Raises ImageRefused, before decoding, for a file whose header declares
    more than MAX_IMAGE_PIXELS or no known format (issue 12 §5)."""
    return read_image(Path(path))


def image_files(folder: Path, *, recursive: bool = False) -> list[Path]:
    """The images in `folder` in name order, at most MAX_FOLDER_IMAGES."""
    walk = folder.rglob("*") if recursive else folder.iterdir()
    files = []
    for path in walk:
        if path.suffix.lower() in IMAGE_SUFFIXES and path.is_file():
            files.append(path)
            if len(files) >= MAX_FOLDER_IMAGES:
                break
    return sorted(files)


class ImageCamera(Camera):
    """One image or a folder of images played back as frames, in name order."""

    def __init__(
        self,
        paths: list[Path],
        *,
        description: str,
        fps: float | None = None,
        loop: bool = False,
        size: tuple[int, int] | None = None,
    ) -> None:
        if not paths:
            raise CameraError(f"{description}: no images (.png, .jpg, .jpeg, .bmp, .webp)")
        self.paths = paths[:MAX_FOLDER_IMAGES]
        self.description = description
        self.live = fps is not None
        self.loop = loop
        self.size = size
        self._pacer = _Pacer(fps)
        self._next = 0
        self._unreadable_in_a_row = 0
        self._cache: dict[int, Frame] = {}
        self._problem: str | None = None

    @property
    def ended(self) -> bool:
        return self._next >= len(self.paths) and not self.loop

    @property
    def problem(self) -> str | None:
        return self._problem

    def read(self) -> Frame | None:
        # Bounded: at most one pass over the files looking for one that reads.
        for _ in range(len(self.paths)):
            if self._next >= len(self.paths):
                if not self.loop:
                    return None
                self._next = 0
            index = self._next
            self._next += 1
            frame = self._load(index)
            if frame is not None:
                self._pacer.wait()
                return frame
        self._next = len(self.paths)
        self.loop = False  # nothing in the folder reads: looping would spin for ever
        return None

    def _load(self, index: int) -> Frame | None:
        if index in self._cache:
            return self._cache[index]
        try:
            frame = load_image(self.paths[index])
        except ImageRefused as exc:
            self._problem = str(exc)
            return None
        if frame is None:
            self._problem = f"{self.paths[index].name} is not an image this machine can read"
            return None
        frame = _resized(frame, self.size)
        if len(self._cache) < MAX_CACHED_IMAGES:
            self._cache[index] = frame
        return frame


# --- the simulated tablet ------------------------------------------------------------------


def sample_provider(seed: int = 0, clock: Callable[[], float] = time.time) -> TextProvider:
    """A provider of real, rotating codes from synth.SampleIssuer's fixed keys."""
    issuer = synth.SampleIssuer(seed)
    return lambda: issuer.code_at(int(clock()))


class SimCamera(Camera):
    """A tablet held over the counter, showing the code `provider()` returns as a QR.

    Each frame wobbles a little around `conditions`, as a hand does; everything comes
    from `seed`, so the n-th frame is the same on every run. With `cycle`, the frames of
    one code repeat every `cycle` frames, each made once (until the code changes): a live
    preview (the demo's counter at 15 frames a second) at a small part of the cost of
    making every frame, which took most of a core.
    """

    def __init__(
        self,
        provider: TextProvider,
        *,
        conditions: synth.Conditions | None = None,
        fps: float | None = None,
        seed: int = 0,
        size: tuple[int, int] | None = None,
        cycle: int | None = None,
    ) -> None:
        if cycle is not None and cycle < 1:
            raise ValueError("cycle must be a positive number of frames")
        cond = conditions or synth.PRESETS["clean"]
        if size is not None:
            scale = size[1] / cond.height
            cond = replace(
                cond, width=size[0], height=size[1], code_px=max(60, round(cond.code_px * scale))
            )
        self.provider = provider
        self.conditions = cond
        self.description = f"simulated tablet {cond.width}x{cond.height}"
        self.live = fps is not None
        self.seed = seed
        self._pacer = _Pacer(fps)
        self._index = 0
        self.cycle = cycle
        self._made: dict[int, np.ndarray] = {}  # with `cycle`: the current code's frames
        self._made_for: str | None = None

    def read(self) -> Frame | None:
        self._pacer.wait()
        text, index = self.provider(), self._index
        self._index += 1
        if self.cycle is None:
            return self._make(text, index)
        index %= self.cycle
        if text != self._made_for:
            self._made, self._made_for = {}, text
        if index not in self._made:
            self._made[index] = self._make(text, index)
        return self._made[index].copy()  # the caller may draw on its frame

    def _make(self, text: str | None, index: int) -> np.ndarray:
        rng = np.random.default_rng((self.seed, index))
        cond = synth.jitter(self.conditions, rng)
        return synth.frame(text, cond, seed=self.seed * 1_000_003 + index)


# --- the factory -------------------------------------------------------------------------------


def open_camera(
    spec: str | CameraSpec,
    *,
    fps: float | None = None,
    loop: bool = False,
    provider: TextProvider | None = None,
    conditions: synth.Conditions | None = None,
    seed: int = 0,
    cycle: int | None = None,
) -> Camera:
    """Open what `spec` names. Raises CameraError, with a message for a person, if it can't.

    `fps` paces replays and the simulation (None: a frame whenever asked); `loop` restarts
    a replay at its end; `provider` gives the simulated tablet its code (default: real
    sample codes that rotate with the clock); `cycle` repeats the simulation's frames of
    one code (SimCamera).
    """
    parsed = parse_spec(spec) if isinstance(spec, str) else spec
    if parsed.kind == "device":
        return DeviceCamera(parsed.target, parsed.size)
    if parsed.kind == "sim":
        return SimCamera(
            provider or sample_provider(seed),
            conditions=conditions,
            fps=fps,
            seed=seed,
            size=parsed.size,
            cycle=cycle,
        )
    path = Path(str(parsed.target))
    if parsed.kind == "folder":
        return ImageCamera(
            image_files(path), description=f"folder {path}", fps=fps, loop=loop, size=parsed.size
        )
    if parsed.kind == "image":
        if not path.is_file():
            raise CameraError(f"no image file at {path}")
        return ImageCamera(
            [path], description=f"image {path.name}", fps=fps, loop=loop, size=parsed.size
        )
    return VideoCamera(path, fps=fps, loop=loop, size=parsed.size)
