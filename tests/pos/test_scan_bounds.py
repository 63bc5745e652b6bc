"""Bounded decoding (issue 12 §5): an image's pixel count is checked from its header, before
anything is decoded, and a file over the cap is refused with a message, never a traceback."""

from __future__ import annotations

import resource
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import cv2
import numpy as np
import pytest

from pos_app.scan import ImageRefused
from pos_app.scan.camera import ImageCamera, load_image
from pos_app.scan.imagefile import MAX_IMAGE_PIXELS, check_image_file, header_size

KINPAY = Path(sys.executable).parent / "kinpay"
BOMB_SIDE_PX = 20_000  # 400 megapixels of grey: 1.2 GB once decoded to BGR
MEMORY_LIMIT_BYTES = 3 * 1024**3  # the scan runs under this address-space limit


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def write_bomb(path: Path, side_px: int = BOMB_SIDE_PX) -> None:
    """A real, valid PNG of side_px² black pixels that compresses to a few hundred KB."""
    header = struct.pack(">IIBBBBB", side_px, side_px, 8, 0, 0, 0, 0)  # 8-bit grey
    squeeze = zlib.compressobj(9)
    rows = b"\0" * (side_px + 1) * 1000  # a filter byte and a row of zeros, × 1000
    data = b"".join(squeeze.compress(rows) for _ in range(side_px // 1000)) + squeeze.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data)
                     + _chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "bomb.png"
    write_bomb(path)
    assert path.stat().st_size < 1_000_000  # small on disk: that is the attack
    return path


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))


def test_kinpay_scan_refuses_a_decompression_bomb(bomb: Path) -> None:
    done = subprocess.run([str(KINPAY), "scan", str(bomb)], capture_output=True, text=True,
                          timeout=60, check=False, preexec_fn=_limit_memory)
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert f"{BOMB_SIDE_PX}×{BOMB_SIDE_PX}" in done.stderr
    assert "400 megapixels" in done.stderr and "50 megapixels" in done.stderr
    assert done.stdout == ""


def test_kinpay_scan_json_reports_the_refusal_and_reads_the_rest(
    bomb: Path, tmp_path: Path
) -> None:
    good = tmp_path / "hello.png"
    from pos_app.scan import synth

    assert cv2.imwrite(str(good), synth.frame("hello, counter", synth.PRESETS["vga"]))
    done = subprocess.run([str(KINPAY), "scan", "--json", str(bomb), str(good)],
                          capture_output=True, text=True, timeout=60, check=False,
                          preexec_fn=_limit_memory)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert len(lines) == 2
    assert "megapixels" in lines[0] and '"codes": []' in lines[0]
    assert '"codes": ["hello, counter"]' in lines[1]


def test_load_image_refuses_before_decoding(bomb: Path) -> None:
    with pytest.raises(ImageRefused, match="400 megapixels"):
        load_image(bomb)


def test_a_folder_camera_reports_the_bomb_and_goes_on(bomb: Path, tmp_path: Path) -> None:
    camera = ImageCamera([bomb], description="folder")
    assert camera.read() is None
    assert camera.problem is not None and "megapixels" in camera.problem


@pytest.mark.parametrize("suffix", [".png", ".jpg", ".bmp", ".webp"])
def test_header_size_of_each_format_without_decoding(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"image{suffix}"
    assert cv2.imwrite(str(path), np.full((37, 123, 3), 200, np.uint8))
    assert header_size(path.read_bytes()[:65536]) == (123, 37)
    assert check_image_file(path) == (123, 37)


def test_the_cap_is_inclusive_and_one_pixel_more_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "wide.png"
    assert cv2.imwrite(str(path), np.zeros((10, 20), np.uint8))
    assert check_image_file(path, max_pixels=200) == (20, 10)
    with pytest.raises(ImageRefused):
        check_image_file(path, max_pixels=199)
    assert MAX_IMAGE_PIXELS == 50_000_000


def test_a_file_that_is_no_image_is_refused_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "fake.png"
    path.write_bytes(b"<html>not a picture</html>")
    done = subprocess.run([str(KINPAY), "scan", str(path)], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 1
    assert "not a PNG, JPEG, BMP or WebP image" in done.stderr
    assert "Traceback" not in done.stderr
