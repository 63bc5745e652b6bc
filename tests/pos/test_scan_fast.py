"""The quick pass's cheap paths (issue 13, the time per frame): exact halvings instead of
area resizes by any factor, and the region of the last code read, converted to grey on
its own. What is asserted is what each path reads and which pixels it was given, never
how long it took."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from pos_app.scan import synth
from pos_app.scan.decoder import Found, FrameDecoder
from pos_app.scan.readers import ZxingReader, to_grey
from pos_app.scan.variants import at_scale, halved, threshold


class _Seeing(ZxingReader):
    """zxing-cpp's fast reader, recording the shape of every image it was given."""

    def __init__(self) -> None:
        super().__init__()
        self.shapes: list[tuple[int, ...]] = []

    def sense(self, image: np.ndarray) -> tuple[list[Found], int]:
        self.shapes.append(image.shape)
        return super().sense(image)


def _blocks_mean(image: np.ndarray, k: int) -> np.ndarray:
    """The mean of each k×k block (the last rows and columns that make no block dropped),
    rounded half to even as OpenCV's area resize does for 8-bit images."""
    h, w = image.shape[0] // k * k, image.shape[1] // k * k
    blocks = image[:h, :w].astype(np.float64).reshape(h // k, k, w // k, k)
    return np.rint(blocks.mean(axis=(1, 3)))


def test_halving_averages_each_two_by_two_block_of_an_odd_sized_image() -> None:
    image = np.random.default_rng(5).integers(0, 256, (41, 67), dtype=np.uint8)
    half = halved(image)
    assert half.shape == (20, 33)
    assert np.abs(half.astype(np.float64) - _blocks_mean(image, 2)).max() <= 1
    quarter = at_scale(image, 0.25)  # two halvings
    assert quarter.shape == (10, 16)
    assert np.abs(quarter.astype(np.float64) - _blocks_mean(image, 4)).max() <= 1


def test_a_scale_that_is_no_power_of_two_gives_the_size_asked_for() -> None:
    image = np.random.default_rng(6).integers(0, 256, (720, 1040), dtype=np.uint8)
    assert at_scale(image, 0.6).shape == (432, 624)
    assert at_scale(image, 0.3).shape == (216, 312)
    assert at_scale(image, 2.0).shape == (1440, 2080)
    flat = np.full((720, 1040), 77, np.uint8)
    assert set(np.unique(at_scale(flat, 0.3))) == {77}  # averaging, not a shifted sample


def test_the_next_frame_is_read_in_the_last_codes_region_only() -> None:
    reader = _Seeing()
    decoder = FrameDecoder([reader], heavy_every=0)
    frame, text = synth.sample("clean", "720p", 0)
    first = decoder.decode_frame(frame)
    assert [f.text for f in first] == [text]
    reader.shapes.clear()
    again = decoder.decode_frame(frame.copy())
    assert [f.text for f in again] == [text]
    assert len(reader.shapes) == 1  # one read, of a region smaller than the frame
    height, width = reader.shapes[0][:2]
    assert height < 720 and width < 1280
    # Its corners are in the frame's pixels, where the first read put them.
    assert np.allclose(again[0].corners, first[0].corners, atol=3.0)


def test_a_big_code_is_read_at_half_scale_and_a_moved_one_is_still_read() -> None:
    cond = replace(synth.PRESETS["near"], code_center=(0.5, 0.5))
    text = synth.SampleIssuer(0).code_at(synth.SAMPLE_NOW_S, counter=11)
    reader = _Seeing()
    decoder = FrameDecoder([reader], heavy_every=0)
    assert [f.text for f in decoder.decode_frame(synth.frame(text, cond, seed=1))] == [text]
    reader.shapes.clear()
    assert [f.text for f in decoder.decode_frame(synth.frame(text, cond, seed=2))] == [text]
    # A 560-pixel code: its region (twice its side, cut by the frame) read halved.
    (height, width) = reader.shapes[0][:2]
    assert height <= 360 and width <= 600
    # The tablet moved to the frame's other side: the region misses, the whole frame reads.
    moved = replace(cond, code_px=300, code_center=(0.8, 0.5))
    other = synth.SampleIssuer(0).code_at(synth.SAMPLE_NOW_S, counter=12)
    assert [f.text for f in decoder.decode_frame(synth.frame(other, moved, seed=3))] == [other]


def test_the_box_mean_threshold_reads_refresh_banded_frames_where_nothing_was_located() -> None:
    # Frames 0-2 of the bench's "banding" 640x480 cell: zxing-cpp locates no symbol in
    # them (the blind slice is all they get), and the thresholded frame reads.
    reader = ZxingReader()
    for index in range(3):
        frame, text = synth.sample("banding", "480p", index)
        grey = to_grey(frame)
        assert reader.sense(grey) == ([], 0)
        made = threshold(grey)
        assert made is not None
        binary, scale = made
        assert scale == 1.0 and set(np.unique(binary)) <= {0, 255}
        assert [f.text for f in reader.read(binary)] == [text]
