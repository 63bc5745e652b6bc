"""QR decoding: a frame in, the codes it holds out.

The readers (readers.py) wrap one library each; the `FrameDecoder` runs the cascade the
terminal uses on every frame:

1. the quick pass, adapted to scale: zxing-cpp's fast call on the region around the last
   code's corners (that region alone converted to grey) and on the frame, both at the
   power-of-two scale that keeps the last code at least MIN_CODE_PX wide (exact halvings
   cost a fiftieth of an area resize by any other factor); then a glance (zxing-cpp's
   cheap global binarizer, on the frame halved when it is big), the frame halved, and the
   frame at full size with the local binarizer (a still image: zxing-cpp's default full
   call instead). Each read also says whether it located a QR symbol it could not decode;
2. on a miss, the heavy pass (variants.py, scheduled by heavy.py): first what each
   library alone would do — zxing-cpp's default full call, with its own downscale
   pyramid, and pyzbar on the frame shrunk to FALLBACK_MAX_SIDE_PX — then the frame
   enlarged, sharpened, un-bled, thresholded, and pyzbar on the halved frame,
   sharpened, and on the whole frame, stopping as soon as something reads or the
   frame's time budget is used; the next frame's heavy pass resumes where this one
   stopped. A still (`kinpay scan`, no budget) gets two steps more, last: `ink` (dark
   modules that are not solid) and the grid fit of a symbol located but not decoded
   (regrid.py: a surface that is not flat); and, when nothing read, its steps again on
   the image inverted (a light-on-dark code).

The budget is the gate (issue 13, frames with no code): a frame where the quick pass
located a symbol it could not decode holds a code, and gets a whole frame's time
(FRAME_BUDGET_MS); a frame where it located none — a counter without a tablet, nearly
always — gets only BLIND_SLICE_MS more, so it costs about the quick pass,
and the heavy steps still come round over the frames, each at least once in
BLIND_STARVE_PASSES. So a frame with a code costs one small read once a code has been
seen, and a frame without one a few milliseconds. Every text read is passed to
`accept`, a callable that raises `CodeError` (or `CodeNotTaken`, `ValueError`) for a
text the terminal must not use: structural parsing by default, signature checks with the
terminal's cached server keys in the POS.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kinpay import codes
from kinpay.errors import CodeError
from pos_app.core.errors import CodeNotTaken, refusal_kind
from pos_app.scan import DecoderUnavailable
from pos_app.scan.charset import decode_bytes
from pos_app.scan.heavy import HeavyPass, scaled
from pos_app.scan.heavy import clock as heavy_clock
from pos_app.scan.readers import (
    READER_NAMES,
    Corners,
    Found,
    PyzbarReader,
    Reader,
    ZxingReader,
    available_readers,
    make_reader,
    to_grey,
)
from pos_app.scan.variants import (
    BLIND_STEPS,
    FALLBACK_MAX_SIDE_PX,
    HEAVY_STEPS,
    PYZBAR,
    STILL_STEPS,
    ZXING,
    ZXING_FULL,
    ZXING_REGRID,
    at_scale,
)

log = logging.getLogger(__name__)

# Raises CodeError or ValueError (its message is the reason) for a text to refuse.
Accept = Callable[[str], object]

FRAME_BUDGET_MS = 33.0  # one frame at 30 fps: the most a frame holding a code may take
# A frame whose quick pass located no symbol gets, after its quick pass (1.5-7 ms on a
# 720p frame on this project's 2-core machine, the most on a noisy or dim one; 1 ms at
# 640x480), only the heavy steps that fit in this slice, and none past BLIND_FRAME_MS of
# the frame's whole time: the goal for such frames is a p95 of 10 ms at 720p, and a
# frame whose quick pass was slow already costs about that. At 720p that is the
# threshold step now and then (about 3 ms); at 640x480 the threshold and sharpen steps
# (1-2 ms each), which are what read a 480p frame with refresh bands.
BLIND_SLICE_MS = 3.5
BLIND_FRAME_MS = 6.0
DEFAULT_HEAVY_EVERY = 1  # the heavy pass on every frame without a read
HALVE_FROM_PX = 600  # a frame at least this tall gets a halved quick read on a miss
STARVE_PASSES = 30  # about once a second at 30 fps: p95 of a frame's time is unaffected
# A step too slow for the blind budget is forced once in this many blind frames (2.5 %):
# over them all, every heavy step runs on an idle counter within about ten seconds.
BLIND_STARVE_PASSES = 40
# The scale-adaptive quick pass (see FrameDecoder): the frame is read at the smallest
# power-of-two scale that keeps the last code at least MIN_CODE_PX wide (3-4 pixels a
# module for a kinpay code), never below MIN_SCALE, and first in a region around the last
# code's corners.
MIN_CODE_PX = 200
MIN_SCALE = 0.25
MIN_ROI_CODE_PX = 48  # a smaller outline is not worth a region of its own
ROI_MARGIN = 0.5  # of the code's side, added around its outline: a hand moves
HOLD_MISSES = 15  # frames without a read (half a second) before the hints are dropped


@dataclass(frozen=True, slots=True)
class Rejected:
    """A text that was read but refused by `accept`: the reason in English (for logs and
    `kinpay scan`), and its `kind` (kinpay's CodeError.kind: the terminal words it)."""

    found: Found
    reason: str
    kind: str = ""

    @property
    def text(self) -> str:
        return self.found.text


@dataclass(frozen=True, slots=True)
class Scan:
    """What one frame gave: accepted codes, refused texts, whether the heavy pass ran, and
    whether the quick pass saw a QR symbol it could not decode (or could not tell)."""

    found: list[Found] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    heavy: bool = False
    sensed: bool = False


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


def _shifted(found: Found, dx: int, dy: int) -> Found:
    corners = tuple((x + dx, y + dy) for x, y in found.corners)
    return Found(found.text, corners, found.decoder)  # type: ignore[arg-type]


# --- the cascade --------------------------------------------------------------------------


class FrameDecoder:
    """Decodes frames: a quick pass on every frame, a heavy pass on some of the misses.

    The quick pass (module docstring, 1) reads with the first reader (and its glance);
    the heavy pass (2) with the readers named in HEAVY_STEPS that were given. The hints
    of the quick pass (region and scale) are dropped after HOLD_MISSES frames in a row
    without a read; `adaptive=False` (still images) reads each frame whole, with
    zxing-cpp's full call.

    `heavy_every`: run the heavy pass on every n-th frame in a row that read nothing
    (1 = every such frame, as for still images; 0 = never). `budget_ms`: the time a frame
    may take when its quick pass saw a QR symbol it could not decode (or when the first
    reader can't tell); `blind_slice_ms`: the heavy pass's time after the quick pass
    when it saw none. Both are the decoding thread's CPU time, so other work on the
    machine doesn't change which steps run (heavy.py). A heavy step starts only when it
    fits; None = no limit, every step runs. Not thread-safe: one decoder
    per thread (it counts frames).
    """

    def __init__(
        self,
        readers: Sequence[Reader],
        *,
        accept: Accept = accept_structural,
        heavy_every: int = DEFAULT_HEAVY_EVERY,
        budget_ms: float | None = FRAME_BUDGET_MS,
        blind_slice_ms: float | None = BLIND_SLICE_MS,
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
        self.blind_slice_ms = blind_slice_ms
        self.fallback_max_side_px = fallback_max_side_px
        self.adaptive = adaptive
        self._thorough = self.readers[0].thorough()
        self._glance = self.readers[0].glance() if adaptive else None
        self._misses = 0
        by_name = {reader.name: reader for reader in self.readers}
        if self._thorough is not None:
            by_name[self._thorough.name] = self._thorough
        regrid = self.readers[0].regrid()
        if regrid is not None:
            by_name[regrid.name] = regrid
        # A still's quick pass is zxing-cpp's full call: the heavy pass doesn't repeat it.
        # A still also gets the steps that don't fit a frame's time (variants.STILL_STEPS).
        skip = frozenset() if adaptive else frozenset({ZXING_FULL})
        self._heavy = HeavyPass(by_name, fallback_max_side_px=fallback_max_side_px, skip=skip,
                                steps=HEAVY_STEPS if adaptive else STILL_STEPS)
        # The same steps in the order for frames where no symbol was seen, sharing what
        # each step costs.
        self._blind = HeavyPass(by_name, fallback_max_side_px=fallback_max_side_px, skip=skip,
                                steps=BLIND_STEPS, costs=self._heavy.costs)
        # A still's steps again on the image inverted (_run_heavy), but the grid fit: it
        # fits a light-on-dark symbol as it is.
        self._inverted = None if adaptive else HeavyPass(
            by_name, fallback_max_side_px=fallback_max_side_px, skip=skip, costs=self._heavy.costs,
            steps=tuple(step for step in STILL_STEPS if step.reader != ZXING_REGRID))
        self._scale = 1.0  # the quick pass's scale, from the last code's size
        self._roi: tuple[int, int, int, int] | None = None  # x0, y0, x1, y1 in frame pixels
        self._unread = 0  # symbols the current frame's quick pass located but did not decode
        self._half: np.ndarray | None = None  # the current frame halved, once made
        # Readers asked for that could not load (make_decoder fills it), for a person.
        self.missing: list[DecoderUnavailable] = []

    @property
    def names(self) -> list[str]:
        return [reader.name for reader in self.readers]

    def readers_line(self) -> str:
        """The readers it has, and those left out and why, in one line for a person."""
        line = "QR readers: " + ", ".join(self.names)
        for problem in self.missing:
            line += f"; {problem.library} left out ({problem.detail})"
        return line

    def decode_frame(self, frame: np.ndarray) -> list[Found]:
        """The accepted codes in `frame` (BGR or grey), each once."""
        return self.scan(frame).found

    def scan(self, frame: np.ndarray, *, quick_only: bool = False) -> Scan:
        """Accepted codes and refused texts in `frame` (BGR or grey); `quick_only` skips
        the heavy pass (an idle till that expects no code)."""
        if frame.ndim not in (2, 3) or frame.size == 0:
            raise ValueError(f"not an image: shape {frame.shape}")
        started = heavy_clock()  # the thread's CPU time: see heavy.py
        if min(frame.shape[:2]) < MIN_SIDE_PX:
            to_grey(frame[:1, :1])  # still refuses what is not an image
            return Scan()
        self._unread = 0
        self._half = None
        first = self.readers[0]
        # The region of the last code first, converted to grey alone: a frame whose code
        # is where it was costs neither the whole frame's conversion nor its read.
        reads = self._read_roi(first, frame) if self._roi is not None else []
        grey: np.ndarray | None = None
        if not reads:
            grey = to_grey(frame)
            reads = self._quick(grey)
        sensed = self._unread > 0 or not first.senses
        heavy = False
        if not reads:
            self._misses += 1
            if self._misses >= HOLD_MISSES:
                self._scale, self._roi = 1.0, None
            if not quick_only and self.heavy_every and self._misses % self.heavy_every == 0:
                heavy = True
                assert grey is not None
                reads = self._run_heavy(grey, started, sensed=sensed)
        elif self._unread and self._wants_more(reads) and self.heavy_every and not quick_only:
            # Read something, and located a symbol it could not decode: a second code (a
            # "double QR", a poster beside the tablet). The heavy pass looks for a text
            # not read yet.
            heavy = True
            grey = to_grey(frame) if grey is None else grey
            reads = reads + self._run_heavy(grey, started, sensed=True,
                                            known=frozenset(f.text for f in reads))
        if reads:
            self._misses = 0
            self._remember(reads[0], frame.shape)
        return self._judge(reads, heavy=heavy, sensed=sensed)

    def _wants_more(self, reads: list[Found]) -> bool:
        """Whether the other codes of a frame that read `reads` are worth the heavy pass:
        always for a still (every code in the image is wanted), and at a till when no
        text read is one the terminal takes (the code it waits for may be the other)."""
        if self.budget_ms is None:
            return True
        return not any(self._accepts(f.text) for f in reads)

    def _accepts(self, text: str) -> bool:
        try:
            self.accept(text)
        except (CodeError, CodeNotTaken, ValueError):
            return False
        return True

    def _run_heavy(
        self, grey: np.ndarray, started: float, *, sensed: bool,
        known: frozenset[str] = frozenset(),
    ) -> list[Found]:
        if self.budget_ms is None:  # no limit: every step, whatever the frame showed
            reads = self._heavy.run(grey, started, None, STARVE_PASSES, known=known)
            if reads or self._inverted is None:
                return reads
            # A still's light-on-dark code: only zxing-cpp's full call and the grid fit try
            # both ways; the other steps (pyzbar, un-bleeding, ink) take the modules to be
            # dark. They read the still inverted too, after everything else.
            inverted = self._inverted.run(255 - grey, started, None, STARVE_PASSES, known=known)
            return [Found(f.text, f.corners, f"{f.decoder}+inverted") for f in inverted]
        if sensed:
            return self._heavy.run(grey, started, self.budget_ms, STARVE_PASSES, known=known)
        # No symbol seen: a step of unknown cost waits its turn to be forced, so the first
        # frames of a counter without a code don't each take one.
        budget_ms = self.blind_slice_ms
        if budget_ms is not None:
            spent_ms = (heavy_clock() - started) * 1000.0
            budget_ms = max(0.0, min(spent_ms + budget_ms, BLIND_FRAME_MS))
        return self._blind.run(grey, started, budget_ms, BLIND_STARVE_PASSES, explore=False)

    def _look(
        self, reader: Reader, image: np.ndarray, scale: float, label: str
    ) -> list[Found]:
        """`reader` on `image`, the frame resized by `scale`, corners mapped back to the
        frame; counts the symbols it located but did not decode."""
        found, unread = reader.sense(image)
        self._unread += unread
        return [scaled(f, scale, label) for f in found]

    def _quick(self, grey: np.ndarray) -> list[Found]:
        first = self.readers[0]
        if not self.adaptive:  # a still: what zxing-cpp alone does, first
            return self._look(self._thorough or first, grey, 1.0, "")
        reads: list[Found] = []
        if self._scale != 1.0:  # the last code's scale, on the whole frame
            reads = self._look(first, self._at(grey, self._scale), self._scale, "")
        big = min(grey.shape[:2]) >= HALVE_FROM_PX
        if not reads and self._glance is not None:  # a cheap first look
            # A big frame halved: a quarter of the pixels, and the global binarizer
            # needs no fine detail; a small one as it is.
            scale = 0.5 if big else 1.0
            reads = self._look(self._glance, self._at(grey, scale), scale, "")
        if not reads and self._scale == 1.0 and big:
            # A new code, or none: half the pixels cost a quarter of the read, and averaging
            # pairs of pixels takes a screen's sub-pixel moiré and sensor noise away.
            reads = self._look(first, self._at(grey, 0.5), 0.5, "halved")
        if not reads:  # the local binarizer at full size: uneven light, blur, small codes
            reads = self._look(first, grey, 1.0, "")
        return reads

    def _at(self, grey: np.ndarray, scale: float) -> np.ndarray:
        """The whole frame at `scale`; the halved frame is made once per frame."""
        if scale != 0.5:
            return at_scale(grey, scale)
        if self._half is None:
            self._half = at_scale(grey, 0.5)
        return self._half

    def _read_roi(self, reader: Reader, frame: np.ndarray) -> list[Found]:
        assert self._roi is not None
        x0, y0, x1, y1 = self._roi
        crop = frame[y0:y1, x0:x1]
        if min(crop.shape[:2]) < MIN_SIDE_PX:
            return []
        image = at_scale(to_grey(crop), self._scale)
        return [_shifted(f, x0, y0) for f in self._look(reader, image, self._scale, "")]

    def _remember(self, found: Found, shape: tuple[int, ...]) -> None:
        if not self.adaptive:
            return
        xs = [x for x, _ in found.corners]
        ys = [y for _, y in found.corners]
        side = max(max(xs) - min(xs), max(ys) - min(ys))
        if side < MIN_ROI_CODE_PX:
            self._scale, self._roi = 1.0, None
            return
        # A power of two (exact halvings are cheap: variants.at_scale), the smallest that
        # keeps the code at least MIN_CODE_PX wide.
        scale = 1.0
        while scale / 2 >= MIN_SCALE and side * scale / 2 >= MIN_CODE_PX:
            scale /= 2
        self._scale = scale
        margin = ROI_MARGIN * side
        height, width = shape[:2]
        self._roi = (
            max(0, int(min(xs) - margin)), max(0, int(min(ys) - margin)),
            min(width, int(max(xs) + margin) + 1), min(height, int(max(ys) + margin) + 1),
        )

    def _judge(self, reads: Iterable[Found], *, heavy: bool, sensed: bool) -> Scan:
        scan = Scan(heavy=heavy, sensed=sensed)
        seen: set[str] = set()
        for found in reads:
            if found.text in seen:
                continue
            seen.add(found.text)
            try:
                self.accept(found.text)
            except (CodeError, CodeNotTaken, ValueError) as exc:
                scan.rejected.append(Rejected(found, str(exc) or type(exc).__name__,
                                              refusal_kind(exc)))
            else:
                scan.found.append(found)
        return scan


def make_decoder(
    names: Sequence[str] = READER_NAMES,
    *,
    accept: Accept = accept_structural,
    heavy_every: int = DEFAULT_HEAVY_EVERY,
    budget_ms: float | None = FRAME_BUDGET_MS,
    blind_slice_ms: float | None = BLIND_SLICE_MS,
    fallback_max_side_px: int | None = FALLBACK_MAX_SIDE_PX,
    require_all: bool = False,
    adaptive: bool = True,
) -> FrameDecoder:
    """A FrameDecoder over the named readers, in that order.

    A reader that can't load is left out with a warning in the log, and named in the
    decoder's `missing` (the cascade still works with the other: the terminal says so in
    its status bar, `kinpay scan` on stderr), unless `require_all`, which raises
    DecoderUnavailable; so does a decoder none of whose readers loads.
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
    for problem in problems:
        log.warning("QR reader %s left out: %s", problem.library, problem)
    decoder = FrameDecoder(
        readers,
        accept=accept,
        heavy_every=heavy_every,
        budget_ms=budget_ms,
        blind_slice_ms=blind_slice_ms,
        fallback_max_side_px=fallback_max_side_px,
        adaptive=adaptive,
    )
    decoder.missing = problems
    return decoder


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
