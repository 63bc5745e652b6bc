"""QR decoding: a frame in, the codes it holds out.

The readers (readers.py) wrap one library each; the `FrameDecoder` runs the cascade the
terminal uses on every frame:

1. the quick pass, adapted to scale: zxing-cpp's fast call on the region around the last
   code's corners and on the frame, both at the scale that makes the last code about
   TARGET_CODE_PX wide, or with no code seen, the frame and then the frame halved (a
   still image: zxing-cpp's default full call instead);
2. on a miss, the heavy pass (variants.py): first what each library alone would do —
   zxing-cpp's default full call, with its own downscale pyramid, and pyzbar on the
   frame shrunk to FALLBACK_MAX_SIDE_PX — then the frame enlarged, sharpened, un-bled,
   thresholded, and pyzbar on the halved frame, sharpened, and on the whole
   frame, stopping as soon as something reads or the frame's time budget is used; the
   next frame's heavy pass resumes where this one stopped.

So a frame with a code costs one small read once a code has been seen, and a frame
without one about the budget (TERMINAL_BUDGET_MS). Every text read is passed to
`accept`, a callable that raises `CodeError` (or `CodeNotTaken`, `ValueError`) for a
text the terminal must not use: structural parsing by default, signature checks with the
terminal's cached server keys in the POS.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kinpay import codes
from kinpay.errors import CodeError
from pos_app.core.errors import CodeNotTaken
from pos_app.scan import DecoderUnavailable
from pos_app.scan.readers import (
    READER_NAMES,
    Corners,
    Found,
    PyzbarReader,
    Reader,
    ZxingReader,
    available_readers,
    decode_bytes,
    make_reader,
    to_grey,
)
from pos_app.scan.variants import (
    FALLBACK_MAX_SIDE_PX,
    HEAVY_STEPS,
    PYZBAR,
    ZXING,
    Variant,
    at_scale,
    shrink_to,
)

# Raises CodeError or ValueError (its message is the reason) for a text to refuse.
Accept = Callable[[str], object]

FRAME_BUDGET_MS = 33.0  # one frame at 30 fps: the most one frame may take
# The terminal's rhythm: every frame without a read gets heavy steps, as many as fit in
# TERMINAL_BUDGET_MS with the quick pass, resuming where the last frame stopped: so a
# code-less frame costs at most about that, and every step runs within a few frames.
DEFAULT_HEAVY_EVERY = 1
TERMINAL_BUDGET_MS = 8.0  # the goal is a p95 of 10 ms: 2 ms for a step's overshoot
HALVE_FROM_PX = 600  # a frame at least this tall gets a halved quick read on a miss
STARVE_PASSES = 30  # about once a second at 30 fps: p95 of a frame's time is unaffected
# The scale-adaptive quick pass (see FrameDecoder): the frame is read at the scale that
# makes the last code about TARGET_CODE_PX wide (4-5 pixels a module for a kinpay code),
# never below MIN_SCALE, and first in a region around the last code's corners.
TARGET_CODE_PX = 300
MIN_SCALE = 0.25
MIN_ROI_CODE_PX = 48  # a smaller outline is not worth a region of its own
ROI_MARGIN = 0.5  # of the code's side, added around its outline: a hand moves
HOLD_MISSES = 15  # frames without a read (half a second) before the hints are dropped


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


# --- grey frames ------------------------------------------------------------------------------


MIN_SIDE_PX = 21  # a QR code has 21 modules a side at least: a smaller frame holds none


def _scaled(found: Found, scale: float, label: str) -> Found:
    """`found` with its corners mapped back to the frame, and its decoder name labelled."""
    if scale == 1.0 and not label:
        return found
    corners = tuple((x / scale, y / scale) for x, y in found.corners)
    name = f"{found.decoder}+{label}" if label else found.decoder
    return Found(found.text, corners, name)  # type: ignore[arg-type]


def _shifted(found: Found, dx: int, dy: int) -> Found:
    corners = tuple((x + dx, y + dy) for x, y in found.corners)
    return Found(found.text, corners, found.decoder)  # type: ignore[arg-type]


def _read_scaled(reader: Reader, grey: np.ndarray, scale: float, label: str) -> list[Found]:
    """`reader` on `grey` resized by `scale`, corners mapped back to `grey`."""
    return [_scaled(f, scale, label) for f in reader.read(at_scale(grey, scale))]


# --- the cascade --------------------------------------------------------------------------


class FrameDecoder:
    """Decodes frames: a quick pass on every frame, a heavy pass on some of the misses.

    The quick pass (module docstring, 1) reads with the first reader; the heavy pass (2)
    with the readers named in HEAVY_STEPS that were given. The hints of the quick pass
    (region and scale) are dropped after HOLD_MISSES frames in a row without a read;
    `adaptive=False` (still images) reads each frame whole, with zxing-cpp's full call.

    `heavy_every`: run the heavy pass on every n-th frame in a row that read nothing
    (1 = every such frame, as for still images; 0 = never). `budget_ms`: a heavy step only
    starts when the frame's time so far plus what that step took last time fits in this
    budget (None = no limit: every step runs); a pass cut short resumes at the step it
    skipped on the next heavy frame, so over a few frames every step gets its turn.
    Not thread-safe: one decoder per thread (it counts frames).
    """

    def __init__(
        self,
        readers: Sequence[Reader],
        *,
        accept: Accept = accept_structural,
        heavy_every: int = DEFAULT_HEAVY_EVERY,
        budget_ms: float | None = TERMINAL_BUDGET_MS,
        fallback_max_side_px: int | None = FALLBACK_MAX_SIDE_PX,
        adaptive: bool = True,
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
        self.adaptive = adaptive
        self._thorough = self.readers[0].thorough()
        self._misses = 0
        self._by_name = {reader.name: reader for reader in self.readers}
        if self._thorough is not None:
            self._by_name[self._thorough.name] = self._thorough
        # What each heavy step cost last time, smoothed, to predict whether it fits.
        self._step_ms = [0.0] * len(HEAVY_STEPS)
        # Heavy passes in a row that skipped each step for want of time: a step too slow
        # for any budget (pyzbar on a whole 720p frame) still runs, one such step in
        # STARVE_PASSES passes, so a frame's p95 stays within the budget.
        self._passed_over = [0] * len(HEAVY_STEPS)
        self._since_forced = 0  # negative: passes to wait before forcing a step again
        self._next_step = 0
        self._scale = 1.0  # the quick pass's scale, from the last code's size
        self._roi: tuple[int, int, int, int] | None = None  # x0, y0, x1, y1 in frame pixels

    @property
    def names(self) -> list[str]:
        return [reader.name for reader in self.readers]

    def decode_frame(self, frame: np.ndarray) -> list[Found]:
        """The accepted codes in `frame` (BGR or grey), each once."""
        return self.scan(frame).found

    def scan(self, frame: np.ndarray, *, quick_only: bool = False) -> Scan:
        """Accepted codes and refused texts in `frame` (BGR or grey); `quick_only` skips
        the heavy pass (an idle till that expects no code)."""
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
            if self._misses >= HOLD_MISSES:
                self._scale, self._roi = 1.0, None
            if not quick_only and self.heavy_every and self._misses % self.heavy_every == 0:
                heavy = True
                reads = self._heavy(grey, started)
        if reads:
            self._misses = 0
            self._remember(reads[0], grey.shape)
        return self._judge(reads, heavy=heavy)

    def _quick(self, grey: np.ndarray) -> list[Found]:
        first = self.readers[0]
        if not self.adaptive:  # a still: what zxing-cpp alone does, first
            return (self._thorough or first).read(grey)
        reads = self._read_roi(first, grey) if self._roi is not None else []
        if not reads:  # a stream of frames: the last code's place and scale first
            reads = _read_scaled(first, grey, self._scale, "")
        if not reads and self._scale != 1.0:
            reads = first.read(grey)
        elif not reads and min(grey.shape[:2]) >= HALVE_FROM_PX:
            # A new code, or none: half the pixels cost a quarter of the read, and averaging
            # pairs of pixels takes a screen's sub-pixel moiré and sensor noise away.
            reads = _read_scaled(first, grey, 0.5, "halved")
        return reads

    def _read_roi(self, reader: Reader, grey: np.ndarray) -> list[Found]:
        assert self._roi is not None
        x0, y0, x1, y1 = self._roi
        crop = grey[y0:y1, x0:x1]
        if min(crop.shape[:2]) < MIN_SIDE_PX:
            return []
        found = _read_scaled(reader, crop, self._scale, "")
        return [_shifted(f, x0, y0) for f in found]

    def _remember(self, found: Found, shape: tuple[int, ...]) -> None:
        if not self.adaptive:
            return
        xs = [x for x, _ in found.corners]
        ys = [y for _, y in found.corners]
        side = max(max(xs) - min(xs), max(ys) - min(ys))
        if side < MIN_ROI_CODE_PX:
            self._scale, self._roi = 1.0, None
            return
        self._scale = round(min(1.0, max(MIN_SCALE, TARGET_CODE_PX / side)), 2)
        margin = ROI_MARGIN * side
        height, width = shape[:2]
        self._roi = (
            max(0, int(min(xs) - margin)), max(0, int(min(ys) - margin)),
            min(width, int(max(xs) + margin) + 1), min(height, int(max(ys) + margin) + 1),
        )

    def _heavy(self, grey: np.ndarray, started: float) -> list[Found]:
        # Two steps can share a variant (one per reader): prepare each variant once.
        prepared: dict[Variant, tuple[np.ndarray, float] | None] = {}
        self._since_forced = min(0, self._since_forced + 1)
        count = len(HEAVY_STEPS)
        resume: int | None = None
        ran = 0
        for offset in range(count):
            index = (self._next_step + offset) % count
            step = HEAVY_STEPS[index]
            reader = self._by_name.get(step.reader)
            if reader is None or (reader is self._thorough and not self.adaptive):
                continue  # not loaded, or a still's quick pass made this very call
            starved = self._passed_over[index] >= STARVE_PASSES and self._since_forced >= 0
            # A step never timed runs first in a pass, alone: its cost is unknown.
            unknown = self._step_ms[index] == 0.0 and self.budget_ms is not None
            if unknown and ran:
                resume = index if resume is None else resume
                continue
            if not starved and not self._fits(started, self._step_ms[index]):
                resume = index if resume is None else resume
                self._passed_over[index] += 1
                continue
            if starved:  # at most one step over budget in STARVE_PASSES passes
                self._since_forced = -STARVE_PASSES
            self._passed_over[index] = 0
            ran += 1
            step_started = time.perf_counter()
            if step.variant not in prepared:
                prepared[step.variant] = step.variant(grey)
            variant = prepared[step.variant]
            if variant is None:
                continue
            image, scale = variant
            if reader.name == PYZBAR and step.label != "whole":
                image, shrunk = shrink_to(image, self.fallback_max_side_px)
                scale *= shrunk
            reads = reader.read(image)
            cost_ms = max((time.perf_counter() - step_started) * 1000.0, 1e-3)
            known = self._step_ms[index] or cost_ms
            self._step_ms[index] = 0.7 * known + 0.3 * cost_ms
            if reads:
                self._next_step = 0
                return [_scaled(found, scale, step.label) for found in reads]
        self._next_step = resume or 0
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
            except (CodeError, CodeNotTaken, ValueError) as exc:
                scan.rejected.append(Rejected(found, str(exc) or type(exc).__name__))
            else:
                scan.found.append(found)
        return scan


def make_decoder(
    names: Sequence[str] = READER_NAMES,
    *,
    accept: Accept = accept_structural,
    heavy_every: int = DEFAULT_HEAVY_EVERY,
    budget_ms: float | None = TERMINAL_BUDGET_MS,
    fallback_max_side_px: int | None = FALLBACK_MAX_SIDE_PX,
    require_all: bool = False,
    adaptive: bool = True,
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
        adaptive=adaptive,
    )


def decode_still(
    image: np.ndarray, *, accept: Accept = accept_all, decoder: FrameDecoder | None = None
) -> list[Found]:
    """Codes in one still image, with the whole cascade and no time budget."""
    if decoder is None:
        decoder = make_decoder(accept=accept, heavy_every=1, budget_ms=None, adaptive=False)
    return decoder.decode_frame(image)


# Re-exported: callers import the readers and names from here, as before the split.
__all__ = [
    "PYZBAR", "READER_NAMES", "ZXING", "Corners", "Found", "FrameDecoder", "PyzbarReader",
    "Reader", "Rejected", "Scan", "ZxingReader", "accept_all", "accept_structural",
    "accept_verified", "available_readers", "decode_bytes", "decode_still", "make_decoder",
    "make_reader", "to_grey",
]
