"""Image files read with bounds: the size is checked from the header before any decoding.

A 389 KB PNG can declare 900 megapixels; decoding it takes gigabytes (issue 12 §5). So a
file is decoded only when its header, parsed here without decoding a pixel, declares a
format we know (PNG, JPEG, BMP, WebP) and at most MAX_IMAGE_PIXELS. Anything else is
refused with `ImageRefused` and a message for a person.
"""

from __future__ import annotations

import struct
from pathlib import Path

import cv2
import numpy as np

from pos_app.scan import ImageRefused

# 50 megapixels: a 48 MP phone photo passes; decoding one takes about 150 MB (BGR).
MAX_IMAGE_PIXELS = 50_000_000
# A compressed file bigger than this is not a photo of a QR code (a 50 MP JPEG is ~25 MB).
MAX_FILE_BYTES = 200 * 1024 * 1024
HEADER_BYTES = 64 * 1024  # JPEG's size marker can sit after EXIF data; 64 KiB covers it
_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def header_size(head: bytes) -> tuple[int, int] | None:
    """(width, height) declared by a PNG, JPEG, BMP or WebP header; None if not one."""
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        width, height = struct.unpack(">II", head[16:24])
        return int(width), int(height)
    if head.startswith(b"BM") and len(head) >= 26:
        width, height = struct.unpack("<ii", head[18:26])
        return abs(width), abs(height)  # a negative height is a top-down bitmap
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return _webp_size(head)
    if head.startswith(b"\xff\xd8"):
        return _jpeg_size(head)
    return None


def _webp_size(head: bytes) -> tuple[int, int] | None:
    chunk = head[12:16]
    if chunk == b"VP8X" and len(head) >= 30:
        width = int.from_bytes(head[24:27], "little") + 1
        return width, int.from_bytes(head[27:30], "little") + 1
    if chunk == b"VP8L" and len(head) >= 25:
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 " and len(head) >= 30:
        width, height = struct.unpack("<HH", head[26:30])
        return width & 0x3FFF, height & 0x3FFF
    return None


def _jpeg_size(head: bytes) -> tuple[int, int] | None:
    at = 2
    while at + 9 <= len(head):  # bounded by the header's length: each step moves forward
        if head[at] != 0xFF:
            return None
        marker = head[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in _JPEG_SOF:
            height, width = struct.unpack(">HH", head[at + 5 : at + 9])
            return width, height
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            at += 2
            continue
        (length,) = struct.unpack(">H", head[at + 2 : at + 4])
        at += 2 + length
    return None


def check_image_file(path: Path, *, max_pixels: int = MAX_IMAGE_PIXELS) -> tuple[int, int]:
    """The (width, height) `path` declares; raises ImageRefused for what must not be decoded."""
    try:
        size_bytes = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(HEADER_BYTES)
    except OSError as exc:
        raise ImageRefused(f"{path}: can't read it ({exc.strerror or exc})") from exc
    if size_bytes > MAX_FILE_BYTES:
        raise ImageRefused(f"{path}: a file of {size_bytes / 1e6:.0f} MB is larger than the "
                           f"{MAX_FILE_BYTES / 1e6:.0f} MB an image may be")
    size = header_size(head)
    if size is None:
        raise ImageRefused(f"{path}: not a PNG, JPEG, BMP or WebP image")
    width, height = size
    if width * height > max_pixels:
        raise ImageRefused(
            f"{path}: the image declares {width}×{height} ({width * height / 1e6:.0f} "
            f"megapixels), more than the {max_pixels / 1e6:.0f} megapixels kinpay decodes"
        )
    return width, height


def read_image(path: Path, *, max_pixels: int = MAX_IMAGE_PIXELS) -> np.ndarray | None:
    """`path` decoded as BGR after its header passed `check_image_file` (which raises
    ImageRefused); None when the bytes don't decode."""
    width, height = check_image_file(path, max_pixels=max_pixels)
    data = np.fromfile(path, dtype=np.uint8)
    if data.size == 0 or width == 0 or height == 0:
        return None
    image = cv2.imdecode(data, cv2.IMREAD_COLOR)
    if image is not None and image.shape[0] * image.shape[1] > max_pixels:
        return None  # the header lied about the size: drop what the decoder made of it
    return image
