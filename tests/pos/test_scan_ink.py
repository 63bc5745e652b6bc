"""A code whose dark modules are not solid ink is read from a still.

The seventh photograph the decoder missed, ZXing's qrcode-2/13, is an "art" code: each
dark module is a piece of an aerial photograph inside a black outline, mid-grey where a
threshold at the local mean (zxing-cpp's, and the cascade's own `threshold` step) cuts
it in two. The `ink` step takes as paper only what is nearly as light as the lightest
nearby, and everything darker as ink (pos_app/scan/variants.py). Here: `kinpay scan` on
such a code that neither library reads alone, and the photograph itself.
"""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
import segno
import zxingcpp
from pyzbar import pyzbar

from kinpay.cli import main
from pos_app.scan.camera import load_image
from pos_app.scan.decoder import decode_still

TEXT = "https://example.org/art?picture=inside"
# What qrcode-2/13 holds. Its .txt says "photograph": zxing-cpp, ZBar and OpenCV all read
# "photography" from the photo under any fixed threshold from 200 to 240 (zxing-cpp using
# a quarter of the code's error correction), so the .txt lost a letter, not the code.
ART_PHOTO_TEXT = "The 2005 USGS aerial photography of the Washington Monument is censored."


def _art_code(text: str) -> np.ndarray:
    """`text` as a code whose dark modules are a mid-grey texture in a dark outline."""
    dark = np.pad(np.array([list(r) for r in segno.make_qr(text, error="q").matrix],
                           np.uint8), 4)
    ink = cv2.resize(dark, None, fx=8, fy=8, interpolation=cv2.INTER_NEAREST).astype(bool)
    h, w = ink.shape
    rng = np.random.default_rng(3)
    texture = cv2.resize(rng.uniform(100, 190, (h // 6, w // 6)).astype(np.float32), (w, h),
                         interpolation=cv2.INTER_CUBIC)
    image = np.where(ink, texture, 245.0)
    inside = cv2.erode(ink.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    image[ink & ~inside] = 25  # the outline
    return cv2.GaussianBlur(image.clip(0, 255).astype(np.uint8), (0, 0), 0.8)


def test_kinpay_scan_reads_a_code_with_a_picture_in_its_modules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    image = _art_code(TEXT)
    # What made it hard: neither library reads it alone.
    assert zxingcpp.read_barcodes(image) == []
    assert pyzbar.decode(image) == []
    path = tmp_path / "art.png"
    assert cv2.imwrite(str(path), image)
    assert main(["scan", "--json", str(path)]) == 0
    (record,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert record["codes"] == [TEXT]


def test_the_art_photograph_reads_as_its_code_holds(photos: list[tuple[Path, str]]) -> None:
    (path,) = [p for p, _ in photos if f"{p.parent.name}/{p.stem}" == "qrcode-2/13"]
    image = load_image(path)
    assert image is not None
    assert [f.text for f in decode_still(image)] == [ART_PHOTO_TEXT]
