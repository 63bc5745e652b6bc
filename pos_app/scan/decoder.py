"""QR decoding behind one small interface: a frame in, the codes it holds out.

A `Reader` wraps one library (zxing-cpp or pyzbar) and reads one image. The
`FrameDecoder` runs the cascade the terminal uses on every frame:

1. zxing-cpp on the grey frame (fast, and reads the most codes);
2. pyzbar on the same grey frame, only when zxing-cpp found nothing (a frame larger than
   FALLBACK_MAX_SIDE_PX is shrunk for it first: pyzbar is slow on big frames);
3. now and then (every `heavy_every`-th frame in a row without a read), a heavier pass:
   the frame enlarged, contrast-equalised (CLAHE), sharpened and thresholded, each read
   again, stopping as soon as something reads or the pass has used its time budget.

So a frame without a code costs two quick reads most of the time, and never much more
than the frame budget. Every text read is passed to `accept`, a callable that raises
`CodeError` (or `ValueError`) for a text the terminal must not use: structural parsing by
default, signature checks with the terminal's cached server keys in the POS.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kinpay import codes
from kinpay.errors import CodeError
from pos_app.scan import DecoderUnavailable

Point = tuple[float, float]
Corners = tuple[Point, Point, Point, Point]
# Raises CodeError or ValueError (its message is the reason) for a text to refuse.
Accept = Callable[[str], object]

ZXING = "zxing-cpp"
PYZBAR = "pyzbar"
READER_NAMES = (ZXING, PYZBAR)

FRAME_BUDGET_MS = 33.0  # one frame at 30 fps: the heavy pass stops once it has used this
DEFAULT_HEAVY_EVERY = 6  # about five heavy passes a second at 30 fps with nothing read
SMALL_SIDE_PX = 480  # below this, an enlarged copy helps both libraries find the modules
# pyzbar's time grows with pixels and edges: 20-50 ms on a noisy 720p frame, more than a
# frame's budget by itself. A larger frame is halved (or more) for it first; zxing-cpp
# still reads the frame at full size, and a code big enough to matter survives halving.
FALLBACK_MAX_SIDE_PX = 640
MAX_FOUND_PER_FRAME = 8  # a counter shows one code; more is noise or a poster of codes


@dataclass(frozen=True, slots=True)
class Found:
    """One text read from a frame, where it is (frame pixels) and which reader read it."""

    text: str
    corners: Corners
    decoder: str


@dataclass(frozen=True, slots=True)
class Rejected:
    """A text that was read but refused by `accept`, with the reason for a person."""

    found: Found
    reason: str

    @property
    def text(self) -> str:
        return self.found.text


@dataclass(frozen=True, slots=True)
class Scan:
    """What one frame gave: accepted codes, refused texts, and whether the heavy pass ran."""

    found: list[Found] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    heavy: bool = False


# --- accept filters ---------------------------------------------------------------------


def accept_all(text: str) -> None:
    """Every text read is accepted: for `kinpay scan` on arbitrary images."""


def accept_structural(text: str) -> None:
    """A whole kinpay code (format only) or a well-formed numeric code; raises CodeError."""
    if codes.looks_numeric(text):
        codes.parse_numeric(text)
    else:
        codes.parse_code(text)


def accept_verified(
    server_keys: Mapping[bytes, Ed25519PublicKey],
    *,
    clock: Callable[[], float] = time.time,
    max_skew_s: int = codes.DEFAULT_MAX_SKEW_S,
) -> Accept:
    """An accept filter that checks signatures and freshness with the given server keys.

    A numeric code carries no signature, so it is checked for form only: the server checks
    its one-time password.
    """

    def accept(text: str) -> None:
        if codes.looks_numeric(text):
            codes.parse_numeric(text)
            return
        codes.verify_code(text, server_keys, now_s=int(clock()), max_skew_s=max_skew_s)

    return accept


# --- readers ------------------------------------------------------------------------------


class Reader(ABC):
    """One decoding library reading one image (grey uint8, or BGR where supported)."""

    name: str

    @abstractmethod
    def read(self, image: np.ndarray) -> list[Found]:
        """Every QR code the library reads in `image`, corners in `image` pixels."""


class ZxingReader(Reader):
    name = ZXING

    def __init__(
        self,
        *,
        binarizer: str = "LocalAverage",
        try_invert: bool = False,
        try_downscale: bool = False,
    ) -> None:
        try:
            import zxingcpp
        except ImportError as exc:
            raise DecoderUnavailable(ZXING, str(exc)) from exc
        self._zx = zxingcpp
        self._binarizer = getattr(zxingcpp.Binarizer, binarizer)
        self._formats = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
        # Inverted (light on dark) codes are rare at a counter: skipping that second pass
        # halves the cost of a frame without a code.
        self._try_invert = try_invert
        # Its own downscaled pyramid costs a third more on a 720p frame and read nothing
        # more, on the photographs or the synthetic frames; the heavy pass tries a halved
        # frame instead, now and then.
        self._try_downscale = try_downscale

    def read(self, image: np.ndarray) -> list[Found]:
        results = self._zx.read_barcodes(
            image,
            formats=self._formats,
            # Plain: the text exactly as encoded, without HRI's "<SOH>"-style escapes.
            text_mode=self._zx.TextMode.Plain,
            binarizer=self._binarizer,
            try_invert=self._try_invert,
            try_downscale=self._try_downscale,
        )
        found = []
        for barcode in results[:MAX_FOUND_PER_FRAME]:
            p = barcode.position
            corners = tuple(
                (float(pt.x), float(pt.y))
                for pt in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
            )
            found.append(Found(barcode.text, corners, self.name))  # type: ignore[arg-type]
        return found


def decode_bytes(data: bytes) -> str:
    """Text from the bytes pyzbar gives: UTF-8, else Shift-JIS (Japanese codes), else latin-1.

    ZBar already turns most codes into UTF-8; the fallbacks catch the codes it passes on
    raw, and latin-1 never fails, so a read is never lost to a charset.
    """
    for encoding in ("utf-8", "shift_jis"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


class PyzbarReader(Reader):
    name = PYZBAR

    def __init__(self) -> None:
        try:
            # pyzbar raises ImportError when the libzbar shared library is missing.
            from pyzbar import pyzbar
        except (ImportError, OSError) as exc:
            raise DecoderUnavailable(PYZBAR, str(exc)) from exc
        self._decode = pyzbar.decode
        self._symbols = [pyzbar.ZBarSymbol.QRCODE]

    def read(self, image: np.ndarray) -> list[Found]:
        grey = to_grey(image)
        found = []
        for symbol in self._decode(grey, symbols=self._symbols)[:MAX_FOUND_PER_FRAME]:
            found.append(Found(decode_bytes(symbol.data), _four_corners(symbol.polygon), self.name))
        return found


def _four_corners(polygon: Sequence[Any]) -> Corners:
    """ZBar's outline can have more than four points: reduce it to the enclosing box."""
    points = np.array([(p.x, p.y) for p in polygon], dtype=np.float32)
    box = points if len(points) == 4 else np.asarray(cv2.boxPoints(cv2.minAreaRect(points)))
    return tuple((float(x), float(y)) for x, y in box)  # type: ignore[return-value]


def make_reader(name: str) -> Reader:
    """The reader for a library name; raises DecoderUnavailable when it can't load."""
    if name == ZXING:
        return ZxingReader()
    if name == PYZBAR:
        return PyzbarReader()
    raise DecoderUnavailable(name, f"unknown reader; known: {', '.join(READER_NAMES)}")


def available_readers() -> list[str]:
    """The names of the readers that load on this machine, in cascade order."""
    names = []
    for name in READER_NAMES:
        try:
            make_reader(name)
        except DecoderUnavailable:
            continue
        names.append(name)
    return names


# --- preprocessing for the heavy pass ---------------------------------------------------


MIN_SIDE_PX = 21  # a QR code has 21 modules a side at least: a smaller frame holds none


def to_grey(image: np.ndarray) -> np.ndarray:
    """An 8-bit grey image of whatever a camera or a file gave: grey, grey with alpha,
    BGR or BGRA, in any integer, float or boolean type. Raises ValueError or TypeError
    (never OpenCV's own error) for what is not an image."""
    if image.ndim == 3 and image.shape[2] in (1, 2):
        image = image[:, :, 0]  # grey, or grey with alpha
    if image.ndim == 3 and image.shape[2] not in (3, 4):
        raise ValueError(f"not an image: {image.shape[2]} channels")
    image = _as_u8(image)
    if image.ndim == 2:
        return image
    code = cv2.COLOR_BGRA2GRAY if image.shape[2] == 4 else cv2.COLOR_BGR2GRAY
    return cv2.cvtColor(np.ascontiguousarray(image), code)


def _as_u8(image: np.ndarray) -> np.ndarray:
    if image.dtype == np.uint8:
        return image
    if image.dtype == np.bool_:
        return image.astype(np.uint8) * 255
    if image.dtype == np.uint16:
        return (image >> 8).astype(np.uint8)
    if not (np.issubdtype(image.dtype, np.integer) or np.issubdtype(image.dtype, np.floating)):
        raise TypeError(f"an image of {image.dtype} can't be decoded")
    values = np.nan_to_num(image.astype(np.float64), nan=0.0, posinf=0.0, neginf=0.0)
    low, high = float(values.min()), float(values.max())
    if high <= low:
        return np.zeros(image.shape, np.uint8)
    return ((values - low) * (255.0 / (high - low))).astype(np.uint8)


def _enlarge(grey: np.ndarray) -> tuple[np.ndarray, float] | None:
    # Low-resolution images have modules of one or two pixels; doubling them lets the
    # finder-pattern search see clean edges. A big frame gains nothing for the cost.
    if min(grey.shape[:2]) >= SMALL_SIDE_PX:
        return None
    return cv2.resize(grey, None, fx=2.0, fy=2.0, interpolation=cv2.INTER_CUBIC), 2.0


def _halve(grey: np.ndarray) -> tuple[np.ndarray, float] | None:
    # Halving averages away sensor noise and moiré that break the readers' scan lines.
    return cv2.resize(grey, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA), 0.5


def _halve_small(grey: np.ndarray) -> tuple[np.ndarray, float] | None:
    # A frame too big for pyzbar was already shrunk for its quick pass: nothing new.
    if max(grey.shape[:2]) > FALLBACK_MAX_SIDE_PX:
        return None
    return _halve(grey)


def shrink_to(grey: np.ndarray, max_side_px: int | None) -> tuple[np.ndarray, float]:
    """`grey` scaled down so its longest side is at most `max_side_px` (None: as it is)."""
    longest = max(grey.shape[:2])
    if max_side_px is None or longest <= max_side_px:
        return grey, 1.0
    scale = max_side_px / longest
    return cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA), scale


_CLAHE = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8))


def _clahe(grey: np.ndarray) -> tuple[np.ndarray, float] | None:
    # Glare and low light leave a code with little local contrast; CLAHE restores it.
    return _CLAHE.apply(grey), 1.0


def _sharpen(grey: np.ndarray) -> tuple[np.ndarray, float] | None:
    # An unsharp mask undoes some of the focus and motion blur of a hand-held tablet.
    soft = cv2.GaussianBlur(grey, (0, 0), 3.0)
    return cv2.addWeighted(grey, 1.6, soft, -0.6, 0), 1.0


def _threshold(grey: np.ndarray) -> tuple[np.ndarray, float] | None:
    # A local threshold flattens uneven lighting across the code into black and white.
    binary = cv2.adaptiveThreshold(
        grey, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, 31, 5
    )
    return binary, 1.0


Variant = Callable[[np.ndarray], "tuple[np.ndarray, float] | None"]


@dataclass(frozen=True, slots=True)
class HeavyStep:
    label: str
    variant: Variant
    reader: str


# What each step recovered on the real photographs decides the order, so a pass cut short
# by its time budget has tried the likeliest first. zxing-cpp does most steps: it costs
# about a tenth of pyzbar on a 720p frame; pyzbar gets the halved frame, a quarter of the
# pixels, where it reads codes zxing-cpp misses.
HEAVY_STEPS: tuple[HeavyStep, ...] = (
    HeavyStep("enlarged", _enlarge, ZXING),
    HeavyStep("sharpened", _sharpen, ZXING),
    HeavyStep("halved", _halve_small, PYZBAR),
    HeavyStep("threshold", _threshold, ZXING),
    HeavyStep("clahe", _clahe, ZXING),
    HeavyStep("halved", _halve, ZXING),
    HeavyStep("sharpened", _sharpen, PYZBAR),
)


def _scaled(found: Found, scale: float, label: str) -> Found:
    """`found` with its corners mapped back to the frame, and its decoder name labelled."""
    if scale == 1.0 and not label:
        return found
    corners = tuple((x / scale, y / scale) for x, y in found.corners)
    name = f"{found.decoder}+{label}" if label else found.decoder
    return Found(found.text, corners, name)  # type: ignore[arg-type]


# --- the cascade --------------------------------------------------------------------------


class FrameDecoder:
    """Decodes frames with the cascade described in the module docstring.

    `heavy_every`: run the heavy pass on every n-th frame in a row that read nothing
    (1 = every such frame, as for still images; 0 = never). `budget_ms`: the heavy pass
    only starts a step when the frame's time so far plus what that step took last time fits
    in this budget (None = no limit: every step runs). `fallback_max_side_px`: the readers
    after the first get the frame shrunk to this size in the quick pass (None: full size).
    Not thread-safe: one decoder per thread (it counts frames).
    """

    def __init__(
        self,
        readers: Sequence[Reader],
        *,
        accept: Accept = accept_structural,
        heavy_every: int = DEFAULT_HEAVY_EVERY,
        budget_ms: float | None = FRAME_BUDGET_MS,
        fallback_max_side_px: int | None = FALLBACK_MAX_SIDE_PX,
    ) -> None:
        if not readers:
            raise DecoderUnavailable("any", "no QR reader was given")
        if heavy_every < 0:
            raise ValueError("heavy_every must be 0 or more")
        self.readers = list(readers)
        self.accept = accept
        self.heavy_every = heavy_every
        self.budget_ms = budget_ms
        self.fallback_max_side_px = fallback_max_side_px
        self._misses = 0
        self._by_name = {reader.name: reader for reader in self.readers}
        # What each heavy step cost last time, smoothed, to predict whether it fits.
        self._step_ms = [0.0] * len(HEAVY_STEPS)

    @property
    def names(self) -> list[str]:
        return [reader.name for reader in self.readers]

    def decode_frame(self, frame: np.ndarray) -> list[Found]:
        """The accepted codes in `frame` (BGR or grey), each once."""
        return self.scan(frame).found

    def scan(self, frame: np.ndarray) -> Scan:
        """Accepted codes and refused texts in `frame` (BGR or grey)."""
        if frame.ndim not in (2, 3) or frame.size == 0:
            raise ValueError(f"not an image: shape {frame.shape}")
        started = time.perf_counter()
        grey = to_grey(frame)
        if min(grey.shape[:2]) < MIN_SIDE_PX:
            return Scan()
        reads = self._quick(grey)
        heavy = False
        if not reads:
            self._misses += 1
            if self.heavy_every and self._misses % self.heavy_every == 0:
                heavy = True
                reads = self._heavy(grey, started)
        if reads:
            self._misses = 0
        return self._judge(reads, heavy=heavy)

    def _quick(self, grey: np.ndarray) -> list[Found]:
        for position, reader in enumerate(self.readers):
            if position == 0:
                reads = reader.read(grey)
            else:
                image, scale = shrink_to(grey, self.fallback_max_side_px)
                reads = [_scaled(f, scale, "") for f in reader.read(image)]
            if reads:
                return reads
        return []

    def _heavy(self, grey: np.ndarray, started: float) -> list[Found]:
        # Two steps can share a variant (one per reader): prepare each variant once.
        prepared: dict[Variant, tuple[np.ndarray, float] | None] = {}
        for index, step in enumerate(HEAVY_STEPS):
            reader = self._by_name.get(step.reader)
            if reader is None or not self._fits(started, self._step_ms[index]):
                continue
            step_started = time.perf_counter()
            if step.variant not in prepared:
                prepared[step.variant] = step.variant(grey)
            variant = prepared[step.variant]
            if variant is None:
                continue
            image, scale = variant
            if reader is not self.readers[0]:
                image, shrunk = shrink_to(image, self.fallback_max_side_px)
                scale *= shrunk
            reads = reader.read(image)
            cost_ms = (time.perf_counter() - step_started) * 1000.0
            self._step_ms[index] = 0.7 * self._step_ms[index] + 0.3 * cost_ms
            if reads:
                return [_scaled(found, scale, step.label) for found in reads]
        return []

    def _fits(self, started: float, expected_ms: float) -> bool:
        if self.budget_ms is None:
            return True
        elapsed_ms = (time.perf_counter() - started) * 1000.0
        return elapsed_ms + expected_ms <= self.budget_ms

    def _judge(self, reads: Iterable[Found], *, heavy: bool) -> Scan:
        scan = Scan(heavy=heavy)
        seen: set[str] = set()
        for found in reads:
            if found.text in seen:
                continue
            seen.add(found.text)
            try:
                self.accept(found.text)
            except (CodeError, ValueError) as exc:
                scan.rejected.append(Rejected(found, str(exc) or type(exc).__name__))
            else:
                scan.found.append(found)
        return scan


def make_decoder(
    names: Sequence[str] = READER_NAMES,
    *,
    accept: Accept = accept_structural,
    heavy_every: int = DEFAULT_HEAVY_EVERY,
    budget_ms: float | None = FRAME_BUDGET_MS,
    fallback_max_side_px: int | None = FALLBACK_MAX_SIDE_PX,
    require_all: bool = False,
) -> FrameDecoder:
    """A FrameDecoder over the named readers, in that order.

    A reader that can't load is skipped (the cascade still works with the other) unless
    `require_all`; DecoderUnavailable is raised when none loads.
    """
    readers: list[Reader] = []
    problems: list[DecoderUnavailable] = []
    for name in names:
        try:
            readers.append(make_reader(name))
        except DecoderUnavailable as exc:
            if require_all:
                raise
            problems.append(exc)
    if not readers:
        detail = "; ".join(str(p) for p in problems) or "no reader named"
        raise DecoderUnavailable(", ".join(names) or "any", detail)
    return FrameDecoder(
        readers,
        accept=accept,
        heavy_every=heavy_every,
        budget_ms=budget_ms,
        fallback_max_side_px=fallback_max_side_px,
    )


def decode_still(
    image: np.ndarray, *, accept: Accept = accept_all, decoder: FrameDecoder | None = None
) -> list[Found]:
    """Codes in one still image, with the whole cascade and no time budget."""
    if decoder is None:
        decoder = make_decoder(accept=accept, heavy_every=1, budget_ms=None)
    return decoder.decode_frame(image)
