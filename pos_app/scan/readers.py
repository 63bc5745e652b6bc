"""The QR libraries behind one small interface: `Reader.read(image)` → the codes it reads.

A `Reader` wraps one library (zxing-cpp or pyzbar) and reads one image; the decoder
(decoder.py) runs them in a cascade.
"""

from __future__ import annotations

import ctypes
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from pos_app.scan import DecoderUnavailable, regrid
from pos_app.scan.charset import decode_bytes
from pos_app.scan.variants import PYZBAR, ZXING, ZXING_FULL, ZXING_GLANCE, ZXING_REGRID

Point = tuple[float, float]
Corners = tuple[Point, Point, Point, Point]
READER_NAMES = (ZXING, PYZBAR)
MAX_FOUND_PER_FRAME = 8  # a counter shows one code; more is noise or a poster of codes
GLANCE_BINARIZER = "GlobalHistogram"
# zbar.h: a symbology's `enable`, and (libzbar 0.23 on) its `binary` setting: the data as
# encoded, without ZBar's conversion to UTF-8 from a charset it guessed.
ZBAR_CFG_ENABLE = 0
ZBAR_CFG_BINARY = 4
_Y800 = int.from_bytes(b"Y800", "little")  # ZBar's 8-bit grey format (fourcc)


@dataclass(frozen=True, slots=True)
class Found:
    """One text read from a frame, where it is (frame pixels) and which reader read it."""

    text: str
    corners: Corners
    decoder: str


# --- the libraries ------------------------------------------------------------------------------


class Reader(ABC):
    """One decoding library reading one image (grey uint8, or BGR where supported)."""

    name: str

    # True when `sense` can tell a frame holding a QR symbol it could not decode from a
    # frame holding none (the decoder's gate for its heavy pass).
    senses = False

    @abstractmethod
    def read(self, image: np.ndarray) -> list[Found]:
        """Every QR code the library reads in `image`, corners in `image` pixels."""

    def sense(self, image: np.ndarray) -> tuple[list[Found], int]:
        """What `read` gives, and how many QR symbols were located but not decoded
        (always 0 for a reader that does not sense)."""
        return self.read(image), 0

    def thorough(self) -> Reader | None:
        """The same library with all its own searches on (None: this is all it has)."""
        return None

    def glance(self) -> Reader | None:
        """A much cheaper reader of the same library, for a first look (None: none)."""
        return None

    def regrid(self) -> Reader | None:
        """A reader that fits the module grid of symbols this one locates but can't
        decode (regrid.py; None: none)."""
        return None


class ZxingReader(Reader):
    name = ZXING
    senses = True

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
        # Its own downscaled pyramid costs a third more on a 720p frame: the quick pass
        # reads at the last code's scale first and calls `thorough()` only on a miss.
        self._try_downscale = try_downscale
        self._binarizer_name = binarizer

    def thorough(self) -> Reader | None:
        """zxing-cpp's default full call (its downscale pyramid, inverted codes): what
        zxing-cpp alone reads, the cascade reads too."""
        if self._try_downscale and self._try_invert:
            return None
        reader = ZxingReader(binarizer=self._binarizer_name, try_invert=True, try_downscale=True)
        reader.name = ZXING_FULL
        return reader

    def glance(self) -> Reader | None:
        """zxing-cpp with its global-histogram binarizer: a tenth of the local one's cost
        on a 720p frame, and it reads most codes under even light (inverted ones too, for
        a few per cent more). Its misses still say whether it saw a symbol."""
        if self._binarizer_name == GLANCE_BINARIZER:
            return None
        reader = ZxingReader(binarizer=GLANCE_BINARIZER, try_invert=True)
        reader.name = ZXING_GLANCE
        return reader

    def regrid(self) -> Reader | None:
        return RegridReader()

    def read(self, image: np.ndarray) -> list[Found]:
        return self.sense(image)[0]

    def sense(self, image: np.ndarray) -> tuple[list[Found], int]:
        results = self._zx.read_barcodes(
            image,
            formats=self._formats,
            # Plain: the text exactly as encoded, without HRI's "<SOH>"-style escapes.
            text_mode=self._zx.TextMode.Plain,
            binarizer=self._binarizer,
            try_invert=self._try_invert,
            try_downscale=self._try_downscale,
            # Symbols located but not decoded come back too (valid False): the sign that
            # a frame holds a code worth the heavy pass.
            return_errors=True,
        )
        found: list[Found] = []
        unread = 0
        for barcode in results:
            if not barcode.valid:
                unread += 1
                continue
            if len(found) == MAX_FOUND_PER_FRAME:
                continue
            found.append(Found(barcode.text, _corners(barcode), self.name))
        return found, unread


def _corners(barcode: Any) -> Corners:
    """A zxing-cpp result's corners: the symbol's top-left, top-right, bottom-right and
    bottom-left, in image pixels."""
    p = barcode.position
    points = (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
    return tuple((float(pt.x), float(pt.y)) for pt in points)  # type: ignore[return-value]


class RegridReader(ZxingReader):
    """zxing-cpp's full call; for each symbol it located but could not decode (a checksum
    error: its version and format were read), the module grid fitted to a surface that
    is not flat and the symbol so sampled read again (regrid.py)."""

    name = ZXING_REGRID

    def __init__(self) -> None:
        super().__init__(try_invert=True, try_downscale=True)

    def regrid(self) -> Reader | None:
        return None

    def read(self, image: np.ndarray) -> list[Found]:
        grey = to_grey(image)
        results = self._zx.read_barcodes(
            grey, formats=self._formats, text_mode=self._zx.TextMode.Plain,
            binarizer=self._binarizer, try_invert=True, try_downscale=True, return_errors=True,
        )
        found = [Found(b.text, _corners(b), self.name) for b in results if b.valid]
        located = [spot for spot in map(_located, results) if spot is not None]
        for spot in located[: regrid.MAX_SYMBOLS]:
            if found:
                break
            for clean in regrid.refitted(grey, spot):
                texts = [b.text for b in self._zx.read_barcodes(
                    clean, formats=self._formats, text_mode=self._zx.TextMode.Plain,
                    try_invert=True, try_downscale=False)]
                if texts:
                    found += [Found(text, spot.corners, self.name)  # type: ignore[arg-type]
                              for text in texts]
                    break
        return found[:MAX_FOUND_PER_FRAME]


def _located(barcode: Any) -> regrid.Located | None:
    """A symbol zxing-cpp located but could not decode, worth a fit: a QR code (not a
    Micro QR: its versions are "M1".."M4") whose version it read."""
    if barcode.valid:
        return None
    version = str((barcode.extra or {}).get("Version", ""))
    if not version.isdigit() or not 1 <= int(version) <= regrid.MAX_VERSION:
        return None
    return regrid.Located(_corners(barcode), int(version))


class PyzbarReader(Reader):
    name = PYZBAR

    def __init__(self) -> None:
        try:
            # pyzbar raises ImportError when the libzbar shared library is missing.
            from pyzbar import pyzbar, wrapper
        except (ImportError, OSError) as exc:
            raise DecoderUnavailable(PYZBAR, str(exc)) from exc
        self._zbar = wrapper
        self._qr = int(pyzbar.ZBarSymbol.QRCODE)

    def read(self, image: np.ndarray) -> list[Found]:
        grey = np.ascontiguousarray(to_grey(image))
        height, width = grey.shape
        zbar = self._zbar
        scanner = zbar.zbar_image_scanner_create()
        zimage = zbar.zbar_image_create()
        found: list[Found] = []
        try:
            zbar.zbar_image_scanner_set_config(scanner, 0, ZBAR_CFG_ENABLE, 0)  # all off...
            zbar.zbar_image_scanner_set_config(scanner, self._qr, ZBAR_CFG_ENABLE, 1)  # ...but QR
            # The bytes as encoded, not ZBar's guess at their charset (charset.py); a
            # libzbar before 0.23 refuses the setting (non-zero) and its text is UTF-8.
            binary = zbar.zbar_image_scanner_set_config(scanner, self._qr, ZBAR_CFG_BINARY, 1) == 0
            zbar.zbar_image_set_format(zimage, _Y800)
            zbar.zbar_image_set_size(zimage, width, height)
            zbar.zbar_image_set_data(zimage, ctypes.c_void_p(grey.ctypes.data), grey.size, None)
            if zbar.zbar_scan_image(scanner, zimage) < 0:
                return []
            symbol = zbar.zbar_image_first_symbol(zimage)
            while symbol and len(found) < MAX_FOUND_PER_FRAME:
                data = ctypes.string_at(zbar.zbar_symbol_get_data(symbol),
                                        zbar.zbar_symbol_get_data_length(symbol))
                text = decode_bytes(data) if binary else data.decode("utf-8", "replace")
                points = [
                    (zbar.zbar_symbol_get_loc_x(symbol, i), zbar.zbar_symbol_get_loc_y(symbol, i))
                    for i in range(zbar.zbar_symbol_get_loc_size(symbol))
                ]
                found.append(Found(text, _four_corners(points), self.name))
                symbol = zbar.zbar_symbol_next(symbol)
        finally:
            zbar.zbar_image_destroy(zimage)
            zbar.zbar_image_scanner_destroy(scanner)
        return found


def _four_corners(outline: Sequence[tuple[int, int]]) -> Corners:
    """ZBar's outline can have more than four points: reduce it to the enclosing box."""
    points = np.array(outline, dtype=np.float32)
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


# --- grey frames ------------------------------------------------------------------------------


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
    # A region of a frame is a strided view: OpenCV reads it in place (and copies by itself
    # only what it can't read so), which saves a copy of the region on every frame.
    return cv2.cvtColor(image, code)


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
    # Stretched in units of the largest magnitude: `values - low` overflowed to inf (and
    # then NaN) for a frame holding both ends of float64's range.
    unit = max(abs(low), abs(high))
    lo, hi = low / unit, high / unit
    if hi <= lo:
        return np.zeros(image.shape, np.uint8)
    return ((values / unit - lo) * (255.0 / (hi - lo))).clip(0, 255).astype(np.uint8)
