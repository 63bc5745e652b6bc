"""Reading a QR code on a surface that is not flat: the module grid fitted, not assumed.

zxing-cpp samples a located symbol through one perspective transform from its finder
patterns (and one alignment pattern, for versions 2-6). A code printed on cloth, on a
bottle or on a bent receipt, or seen through a wide-angle lens close up, is not a plane:
the modules drift from that grid by half a module or more, and the read fails with a
checksum error although the symbol was found, its version and format read (the ZXing
photographs qrcode-4/05, 06, 13, 30, 32, 33: codes printed on T-shirts).

So, for each symbol zxing-cpp located but could not decode, `RegridReader` fits a smooth
warp on top of that perspective transform: displacements of a coarse mesh of control
points over the symbol (MESHES: 3×3, then 5×5 started from the 3×3 fit), interpolated
bilinearly to every module's centre, chosen so that the image at the module centres
matches the symbol's fixed patterns (finders, separators, timing, alignment) and is
decisively dark or light elsewhere (a centre that falls on a module's edge sees grey).
The modules so sampled are drawn as a clean symbol and read again; the error correction
and the format's own check decide, as for any read, so a wrong fit gives no read, not a
wrong text. Bounded: at most MAX_SYMBOLS symbols an image, and per mesh a fixed number
of sweeps over its points.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np

MESHES = (3, 5)  # control points a side, coarse to fine
STEPS = (0.5, 0.25, 0.125)  # displacement steps, in modules
SWEEPS = 3  # passes over the mesh per step, at most
MAX_SYMBOLS = 3  # located symbols fitted per image
MAX_VERSION = 20  # a bigger symbol (97 modules a side) is not worth a fit's time here
KNOWN_WEIGHT = 2.0  # the fixed patterns count twice a data module's decisiveness
RENDER_PX = 4  # pixels a module in the clean symbol
QUIET = 4  # modules of quiet zone around it


@dataclass(frozen=True, slots=True)
class Located:
    """A symbol zxing-cpp located but could not decode: its corners (image pixels, the
    symbol's top-left, top-right, bottom-right, bottom-left) and its version."""

    corners: tuple[tuple[float, float], ...]
    version: int


def alignment_centres(version: int) -> list[int]:
    """Row (and column) numbers of the alignment patterns' centres (ISO 18004 Annex E)."""
    if version < 2:
        return []
    last = 17 + 4 * version - 7
    count = version // 7 + 2
    if count == 2:
        return [6, last]
    step = 26 if version == 32 else -(-(last - 6) // (count - 1))
    step += step % 2
    return [6] + [last - step * i for i in range(count - 2, -1, -1)]


@lru_cache(maxsize=8)
def fixed_patterns(version: int) -> tuple[np.ndarray, np.ndarray]:
    """(known, dark): where the symbol's modules are fixed, and which of those are dark."""
    n = 17 + 4 * version
    known = np.zeros((n, n), bool)
    dark = np.zeros((n, n), bool)
    finder = np.ones((7, 7), bool)
    finder[1:6, 1:6] = False
    finder[2:5, 2:5] = True
    for row, col in ((0, 0), (0, n - 7), (n - 7, 0)):
        known[max(row - 1, 0):row + 8, max(col - 1, 0):col + 8] = True  # with separators
        dark[row:row + 7, col:col + 7] = finder
    timing = np.arange(8, n - 8)
    known[6, timing] = known[timing, 6] = True
    dark[6, timing] = dark[timing, 6] = timing % 2 == 0
    pattern = np.ones((5, 5), bool)
    pattern[1:4, 1:4] = False
    pattern[2, 2] = True
    centres = alignment_centres(version)
    for row in centres:
        for col in centres:
            if known[row - 2:row + 3, col - 2:col + 3].any():
                continue  # under a finder pattern
            known[row - 2:row + 3, col - 2:col + 3] = True
            dark[row - 2:row + 3, col - 2:col + 3] = pattern
    known.flags.writeable = dark.flags.writeable = False
    return known, dark


class _Fit:
    """The warp being fitted for one symbol: sampling, scoring and the mesh search."""

    def __init__(self, grey: np.ndarray, located: Located) -> None:
        self.n = 17 + 4 * located.version
        square = np.array([[0, 0], [self.n, 0], [self.n, self.n], [0, self.n]], np.float32)
        self.h = cv2.getPerspectiveTransform(square, np.array(located.corners, np.float32))
        self.grey = cv2.GaussianBlur(grey, (0, 0), 0.7).astype(np.float32)
        centres = np.arange(self.n, dtype=np.float32) + 0.5
        self.u, self.v = np.meshgrid(centres, centres)
        known, dark = fixed_patterns(located.version)
        self.known = known
        self.expected = np.where(dark, -0.5, 0.5)[known]
        flat = self.sample(np.zeros((2, 2, 2), np.float32))
        self.mid, self.span = self._levels(flat)
        # A light-on-dark code (zxing-cpp locates those too): its fixed patterns inverted.
        level = ((flat - self.mid) / self.span)[known]
        self.inverted = bool(
            np.abs(level - self.expected).sum() > np.abs(level + self.expected).sum())
        if self.inverted:
            self.expected = -self.expected

    def sample(self, mesh: np.ndarray) -> np.ndarray:
        """The grey level at every module's centre, the mesh's displacements applied."""
        points = mesh.shape[0]
        scale = np.float32((points - 1) / self.n)
        gx, gy = self.u * scale, self.v * scale
        dx = cv2.remap(np.ascontiguousarray(mesh[..., 0]), gx, gy, cv2.INTER_LINEAR,
                       borderMode=cv2.BORDER_REPLICATE)
        dy = cv2.remap(np.ascontiguousarray(mesh[..., 1]), gx, gy, cv2.INTER_LINEAR,
                       borderMode=cv2.BORDER_REPLICATE)
        where = np.stack([self.u + dx, self.v + dy], -1).reshape(-1, 1, 2)
        image = cv2.perspectiveTransform(where, self.h).reshape(self.n, self.n, 2)
        return cv2.remap(self.grey, image[..., 0], image[..., 1], cv2.INTER_LINEAR,
                         borderMode=cv2.BORDER_REPLICATE)

    def _levels(self, samples: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per module, the local mid-grey and the local contrast (over about 9 modules):
        light falls unevenly across a photographed code."""
        kernel = np.ones((9, 9), np.uint8)
        low = cv2.blur(cv2.erode(samples, kernel), (9, 9))
        high = cv2.blur(cv2.dilate(samples, kernel), (9, 9))
        return (low + high) / 2.0, np.maximum(high - low, 1.0)

    def score(self, samples: np.ndarray) -> float:
        level = (samples - self.mid) / self.span  # about -0.5 dark .. 0.5 light
        fixed = -np.abs(level[self.known] - self.expected).sum()
        data = np.minimum(np.abs(level[~self.known]), 0.5).sum()
        return float(KNOWN_WEIGHT * fixed + data)

    def search(self, mesh: np.ndarray) -> np.ndarray:
        """`mesh` improved point by point (coordinate ascent), bounded sweeps."""
        best = self.score(self.sample(mesh))
        for step in STEPS:
            for _ in range(SWEEPS):
                moved = False
                for index in np.ndindex(mesh.shape):
                    for delta in (step, -step):
                        mesh[index] += delta
                        value = self.score(self.sample(mesh))
                        if value > best:
                            best, moved = value, True
                            break
                        mesh[index] -= delta
                if not moved:
                    break
        return mesh

    def clean(self, mesh: np.ndarray) -> np.ndarray:
        """The sampled modules drawn as a clean symbol, dark on light (an inverted code's
        too, so its light quiet zone fits), with its quiet zone (grey uint8)."""
        samples = self.sample(mesh)
        mid, _ = self._levels(samples)
        modules = np.where((samples < mid) != self.inverted, 0, 255).astype(np.uint8)
        image = np.pad(modules, QUIET, constant_values=255)
        return cv2.resize(image, None, fx=RENDER_PX, fy=RENDER_PX,
                          interpolation=cv2.INTER_NEAREST)


def refitted(grey: np.ndarray, located: Located) -> Iterator[np.ndarray]:
    """Clean symbols for `located`, one per mesh, coarse to fine: the caller reads each
    and stops at the first that reads (the finer fits are then never made). None for an
    outline smaller than a pixel a module (or folded: no area), which holds nothing to fit."""
    n = 17 + 4 * located.version
    xs, ys = np.array(located.corners, np.float64).T
    area = 0.5 * abs(float(np.dot(xs, np.roll(ys, -1)) - np.dot(ys, np.roll(xs, -1))))
    if not area >= n * n:  # NaN too
        return
    fit = _Fit(grey, located)
    mesh = np.zeros((MESHES[0], MESHES[0], 2), np.float32)
    for points in MESHES:
        if mesh.shape[0] != points:  # the coarser fit, interpolated, is the start
            mesh = np.asarray(cv2.resize(mesh, (points, points),
                                         interpolation=cv2.INTER_LINEAR), np.float32)
        mesh = fit.search(mesh)
        yield fit.clean(mesh)
