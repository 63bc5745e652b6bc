"""The quick pass's cheap paths (issue 13, the time per frame): exact halvings instead of
area resizes by any factor, and the region of the last code read, converted to grey on
its own. What is asserted is what each path reads and which pixels it was given, never
how long it took."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from pos_app.scan import decoder as decoder_module
from pos_app.scan import heavy, synth
from pos_app.scan.decoder import (
    BLIND_FRAME_MS,
    BLIND_SLICE_MS,
    PYZBAR,
    ZXING,
    Found,
    FrameDecoder,
)
from pos_app.scan.readers import Reader, ZxingReader, to_grey
from pos_app.scan.variants import HeavyStep, as_is, at_scale, halved, threshold


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


class _Timed(Reader):
    """A pyzbar-named reader that reads nothing and moves a fake CPU clock on by the next
    of `costs_ms` each call."""

    name = PYZBAR

    def __init__(self, clock: list[float], costs_ms: list[float]) -> None:
        self.clock, self.costs_ms, self.calls = clock, costs_ms, 0

    def read(self, image: np.ndarray) -> list[Found]:
        self.clock[0] += self.costs_ms[self.calls] / 1000.0
        self.calls += 1
        return []


def test_one_slow_run_does_not_lock_a_step_out_of_the_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [0.0]
    monkeypatch.setattr(heavy, "clock", lambda: now[0])
    reader = _Timed(now, [10.0, 12.0, 100.0, 11.0])
    steps = (HeavyStep("", as_is, PYZBAR),)
    pass_ = heavy.HeavyPass({PYZBAR: reader}, fallback_max_side_px=None, steps=steps)
    grey = np.zeros((1000, 1000), np.uint8)  # one megapixel: ms per megapixel = ms
    for _ in range(4):
        pass_.run(grey, now[0], 33.0, starve_passes=30)
    # 10 and 12 ms, then one run of 100 ms, and it still fits the 33 ms the next frame.
    assert reader.calls == 4
    assert pass_.costs.predict(("", PYZBAR)) == pytest.approx(12.0)


class _SlowBlind(Reader):
    """A first reader that reads and locates nothing, taking `cost_ms[0]` of a fake clock."""

    name = ZXING
    senses = True

    def __init__(self, clock: list[float], cost_ms: list[float]) -> None:
        self.clock, self.cost_ms = clock, cost_ms

    def read(self, image: np.ndarray) -> list[Found]:
        return []

    def sense(self, image: np.ndarray) -> tuple[list[Found], int]:
        self.clock[0] += self.cost_ms[0] / 1000.0
        return [], 0


def test_a_frame_whose_quick_pass_was_slow_gets_no_blind_step(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [0.0]
    monkeypatch.setattr(heavy, "clock", lambda: now[0])
    monkeypatch.setattr(decoder_module, "heavy_clock", lambda: now[0])
    quick_ms = [0.5]
    second = _Timed(now, [1.0] * 10)
    decoder = FrameDecoder([_SlowBlind(now, quick_ms), second])
    decoder._heavy.costs.record(("", PYZBAR), 1.0 / 0.0768)  # 1 ms on a 320x240 frame, known
    frame = np.full((240, 320), 200, np.uint8)
    decoder.scan(frame)  # a small frame's quick pass is one read, 0.5 ms: pyzbar fits
    assert second.calls == 1
    quick_ms[0] = BLIND_FRAME_MS - 0.5
    decoder.scan(frame)
    assert second.calls == 1  # 1 ms more would pass BLIND_FRAME_MS
    assert BLIND_SLICE_MS > 1.0  # within the slice alone it would have run


def test_a_step_with_nothing_to_do_at_one_size_keeps_its_cost_at_another() -> None:
    costs = heavy.StepCosts()
    key = ("whole", PYZBAR)
    costs.record(key, 0.01, idle=True)  # 640x480: pyzbar already saw the whole frame
    assert costs.predict(key) == 0.01
    costs.record(key, 70.0)  # 1280x720: the real run
    assert costs.predict(key) == 70.0
    costs.record(key, 0.01, idle=True)  # a 480p frame again says nothing of its cost
    costs.record(key, 72.0)
    costs.record(key, 68.0)
    assert costs.predict(key) == 70.0
