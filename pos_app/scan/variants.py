"""The heavy pass's steps: a grey frame changed so a reader can see the code, and by whom.

Each variant takes the grey frame and gives (image, scale) — the image a reader gets and
its scale against the frame, so corners can be mapped back — or None when it has nothing
new to offer for this frame. `HEAVY_STEPS` pairs variants with readers in the order the
decoder tries them; bench/decode.py measures what each step recovers per category
(docs/benchmarks.md, "what each step pays").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

ZXING = "zxing-cpp"
ZXING_FULL = "zxing-cpp+pyramid"  # zxing-cpp's default full call (see ZxingReader.thorough)
ZXING_GLANCE = "zxing-cpp+histogram"  # the quick pass's first look (ZxingReader.glance)
ZXING_REGRID = "zxing-cpp+regrid"  # a located symbol's grid fitted (regrid.py, ZxingReader.regrid)
PYZBAR = "pyzbar"
SMALL_SIDE_PX = 480  # below this, an enlarged copy helps both libraries find the modules
# pyzbar's time grows with pixels and edges: 20-50 ms on a noisy 720p frame, more than a
# frame's budget by itself. A larger frame is halved (or more) for it first; zxing-cpp
# still reads the frame at full size, and a code big enough to matter survives halving.
FALLBACK_MAX_SIDE_PX = 640

Variant = Callable[[np.ndarray], "tuple[np.ndarray, float] | None"]


def shrink_to(grey: np.ndarray, max_side_px: int | None) -> tuple[np.ndarray, float]:
    """`grey` scaled down so its longest side is at most `max_side_px` (None: as it is)."""
    longest = max(grey.shape[:2])
    if max_side_px is None or longest <= max_side_px:
        return grey, 1.0
    scale = max_side_px / longest
    return cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA), scale


def halved(grey: np.ndarray) -> np.ndarray:
    """`grey` at half size, each pixel the mean of a 2×2 block (an odd last row or column
    is dropped): OpenCV's fast path, about a fiftieth of an area resize by any other
    factor (0.06 ms against 3.4 ms on a 1040×720 crop)."""
    h, w = grey.shape[:2]
    even = grey[: h - h % 2, : w - w % 2]
    return cv2.resize(even, (w // 2, h // 2), interpolation=cv2.INTER_AREA)


def at_scale(grey: np.ndarray, scale: float) -> np.ndarray:
    """`grey` resized by `scale`. Down: area-averaged (which also averages a screen's
    sub-pixels away) by exact halvings, then bilinear for what is left (a factor between
    0.5 and 1); up: bicubic. A power of two (the decoder's scales) is halvings only."""
    if scale == 1.0:
        return grey
    if scale > 1.0:
        return cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    h, w = grey.shape[:2]
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    image, left = grey, scale
    while left <= 0.5 and min(image.shape[:2]) >= 2:
        image, left = halved(image), left * 2.0
    if left == 1.0:  # a power of two (an odd row or column dropped on the way)
        return image
    return cv2.resize(image, size, interpolation=cv2.INTER_LINEAR)


def as_is(grey: np.ndarray) -> tuple[np.ndarray, float] | None:
    return grey, 1.0


def enlarge(grey: np.ndarray) -> tuple[np.ndarray, float] | None:
    # Low-resolution images have modules of one or two pixels; doubling them lets the
    # finder-pattern search see clean edges. A big frame gains nothing for the cost.
    if min(grey.shape[:2]) >= SMALL_SIDE_PX:
        return None
    return cv2.resize(grey, None, fx=2.0, fy=2.0, interpolation=cv2.INTER_CUBIC), 2.0


_BLEED_KERNEL = np.ones((3, 3), np.uint8)


def unbleed(grey: np.ndarray) -> tuple[np.ndarray, float] | None:
    # Light spreads into dark modules (a lens's bloom, a screen's backlight, an
    # overexposed print) and thins them until the timing pattern breaks; a minimum
    # filter gives them their width back. On a small image, enlarged first, so the
    # filter takes half a pixel of the original rather than a whole one.
    image, scale = enlarge(grey) or (grey, 1.0)
    return cv2.erode(image, _BLEED_KERNEL), scale


def halve(grey: np.ndarray) -> tuple[np.ndarray, float] | None:
    # Halving averages away sensor noise and moiré that break the readers' scan lines.
    return halved(grey), 0.5


def halve_small(grey: np.ndarray) -> tuple[np.ndarray, float] | None:
    # A frame too big for pyzbar was already shrunk for its quick pass: nothing new.
    if max(grey.shape[:2]) > FALLBACK_MAX_SIDE_PX:
        return None
    return halve(grey)


def whole_if_big(grey: np.ndarray) -> tuple[np.ndarray, float] | None:
    # pyzbar's quick pass saw a big frame shrunk; this is what pyzbar alone would see.
    if max(grey.shape[:2]) <= FALLBACK_MAX_SIDE_PX:
        return None
    return grey, 1.0


def sharpen(grey: np.ndarray) -> tuple[np.ndarray, float] | None:
    # An unsharp mask undoes some of the focus and motion blur of a hand-held tablet.
    soft = cv2.GaussianBlur(grey, (0, 0), 3.0)
    return cv2.addWeighted(grey, 1.6, soft, -0.6, 0), 1.0


def threshold(grey: np.ndarray) -> tuple[np.ndarray, float] | None:
    # A local threshold flattens uneven lighting (a screen's refresh bands) across the
    # code into black and white. Against the mean of a 31×31 box, not a Gaussian: a box
    # filter's cost doesn't grow with its size, so the step costs half (2 ms against 4 at
    # 640×480) and fits the slice of a frame where no symbol was seen, and it read the
    # same frames (all 8 of the bench's banding 480p frames, 2026-12-01).
    binary = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 31, 5)
    return binary, 1.0


INK_LEVEL = 0.85  # of the way from the local black to the local white: lighter is paper
INK_WINDOW = 1 / 16  # of the image's shorter side: the neighbourhood of "local"


def ink(grey: np.ndarray) -> tuple[np.ndarray, float] | None:
    # Dark modules that are not solid — a picture or texture inside an outline (an
    # "art" code), a halftone screen, a coloured ink — sit half-way between black and
    # white, where a threshold at the local mean (zxing-cpp's, `threshold`) splits them.
    # The paper is what is nearly as light as the lightest nearby: everything darker is
    # ink. The local black and white are a minimum and maximum filter, smoothed, made on
    # blocks of pixels (their own minimum and maximum) so a 12 MP photo costs little more
    # than a 720p frame.
    h, w = grey.shape[:2]
    side = max(3, int(min(h, w) * INK_WINDOW))
    block = max(1, side // 8)
    tiles = grey[: h - h % block, : w - w % block].reshape(h // block, block, w // block, block)
    kernel = np.ones((side // block | 1,) * 2, np.uint8)
    levels = []
    for pick, morph in ((tiles.max(axis=(1, 3)), cv2.dilate), (tiles.min(axis=(1, 3)), cv2.erode)):
        level = cv2.blur(morph(pick, kernel), kernel.shape).astype(np.float32)
        levels.append(cv2.resize(level, (w, h), interpolation=cv2.INTER_LINEAR))
    white, black = levels
    paper = grey.astype(np.float32) > black + INK_LEVEL * (white - black)
    return np.where(paper, 255, 0).astype(np.uint8), 1.0


@dataclass(frozen=True, slots=True)
class HeavyStep:
    label: str
    variant: Variant
    reader: str


# Dropped for paying nothing in bench/decode.py (2026-12-01, 179 photos and 768 synthetic
# frames; docs/benchmarks.md): CLAHE (8 ms), a Gaussian de-moiré low-pass (1.4 ms) and a
# halved frame for zxing-cpp (0.4 ms) — zxing-cpp's own downscale pyramid (the first
# step) already averages a screen's sub-pixels away, which is the de-moiré that pays.
# What each step recovered (bench/decode.py, per category) decides the order, so a pass
# cut short by its time budget has tried the likeliest first. First what each library
# alone would do: zxing-cpp's default full call (its own downscale pyramid) and pyzbar
# (on the frame shrunk to FALLBACK_MAX_SIDE_PX: it is slow on big frames). Then zxing-cpp
# on changed frames (it costs about a tenth of pyzbar on a 720p frame), pyzbar on the
# halved frame, and pyzbar on the whole frame last (what pyzbar alone reads, so a
# cascade without a budget never reads less; on a 720p frame it rarely fits a budget).
FULL = HeavyStep("", as_is, ZXING_FULL)
ZBAR = HeavyStep("", as_is, PYZBAR)
ENLARGED = HeavyStep("enlarged", enlarge, ZXING)
SHARPENED = HeavyStep("sharpened", sharpen, ZXING)
ZBAR_HALVED = HeavyStep("halved", halve_small, PYZBAR)
UNBLEED = HeavyStep("unbleed", unbleed, ZXING)
THRESHOLD = HeavyStep("threshold", threshold, ZXING)
ZBAR_SHARPENED = HeavyStep("sharpened", sharpen, PYZBAR)
ZBAR_WHOLE = HeavyStep("whole", whole_if_big, PYZBAR)
HEAVY_STEPS: tuple[HeavyStep, ...] = (
    FULL, ZBAR, ENLARGED, SHARPENED, ZBAR_HALVED, UNBLEED, THRESHOLD, ZBAR_SHARPENED, ZBAR_WHOLE,
)
# A still (`kinpay scan`, no time budget) gets two more steps after all those: the paper
# told from the ink by the local white (`ink`: dark modules that are not solid), and, last,
# a located symbol's module grid fitted to a surface that is not flat (regrid.py). A
# frame gets neither: `ink` costs 15 ms on a 720p frame and the fit tens to hundreds, and
# the tablet a till sees is flat and its modules solid. What they pay: bench/decode.py
# (the photographs) and bench/decode_heldout.py (variants of them not designed on).
INK = HeavyStep("ink", ink, ZXING)
REGRID = HeavyStep("", as_is, ZXING_REGRID)
STILL_STEPS: tuple[HeavyStep, ...] = (*HEAVY_STEPS, INK, REGRID)

# A frame where the quick pass located no QR symbol at all gets the same steps in another
# order: on such a frame a code, if there is one, is too soft or too unevenly lit for the
# finder-pattern search, which a local threshold and an unsharp mask give back (of the
# bench's 768 synthetic code frames, the only ones of this kind any step read were four
# 480p frames with refresh bands: threshold read 4, pyzbar sharpened 4, pyzbar 2,
# sharpened 1; measured 2026-12-01). The cheap zxing-cpp steps come first, so at 640×480
# they fit the small slice such a frame gets (decoder.py, BLIND_SLICE_MS).
BLIND_STEPS: tuple[HeavyStep, ...] = (
    THRESHOLD, SHARPENED, UNBLEED, ENLARGED, FULL, ZBAR_HALVED, ZBAR, ZBAR_SHARPENED, ZBAR_WHOLE,
)
