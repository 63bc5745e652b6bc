"""The heavy pass's gate (issue 13, frames with no code): a frame where the quick pass
located no QR symbol gets only a small slice of heavy steps; a frame where it located
one it could not decode gets the whole heavy pass. No test here depends on how fast
the machine is: the blind slice is 0 (nothing fits), or there is no budget at all
(budget_ms=None: every step runs, whatever the frame showed)."""

from __future__ import annotations

import itertools

import numpy as np

from pos_app.scan import synth
from pos_app.scan.decoder import BLIND_STARVE_PASSES, PYZBAR, ZXING, Found, FrameDecoder
from pos_app.scan.readers import Reader, ZxingReader, to_grey
from pos_app.scan.variants import ZXING_GLANCE
from tests.pos.fakes import CountingReader

BLANK_720P = np.full((720, 1280), 200, np.uint8)


class _Sensing(Reader):
    """A first reader that reads nothing and says it located `unread` symbols."""

    name = ZXING
    senses = True

    def __init__(self, unread: int) -> None:
        self.unread = unread

    def read(self, image: np.ndarray) -> list[Found]:
        return []

    def sense(self, image: np.ndarray) -> tuple[list[Found], int]:
        return [], self.unread


def test_a_frame_with_no_symbol_gets_no_heavy_step_that_does_not_fit() -> None:
    recorder = CountingReader(PYZBAR)
    decoder = FrameDecoder([_Sensing(0), recorder], blind_slice_ms=0.0)
    scans = [decoder.scan(BLANK_720P) for _ in range(BLIND_STARVE_PASSES - 1)]
    assert all(scan.heavy and not scan.sensed for scan in scans)
    assert recorder.calls == 0


def test_a_step_too_slow_for_the_slice_is_still_forced_now_and_then() -> None:
    recorder = CountingReader(PYZBAR)
    decoder = FrameDecoder([_Sensing(0), recorder], blind_slice_ms=0.0)
    forced_at = []
    for index in range(10 * BLIND_STARVE_PASSES):
        before = recorder.calls
        decoder.scan(BLANK_720P)
        if recorder.calls > before:
            forced_at.append(index)
    # The pyzbar steps (as is, sharpened, whole) come round in their turn among the nine,
    # one forced step in BLIND_STARVE_PASSES frames at most.
    assert forced_at
    gaps = [b - a for a, b in itertools.pairwise(forced_at)]
    assert all(gap >= BLIND_STARVE_PASSES for gap in gaps)


def test_a_frame_with_a_symbol_not_decoded_gets_the_whole_heavy_pass() -> None:
    recorder = CountingReader(PYZBAR)
    decoder = FrameDecoder([_Sensing(1), recorder], budget_ms=None, blind_slice_ms=0.0)
    scan = decoder.scan(BLANK_720P)
    assert scan.heavy and scan.sensed
    assert recorder.calls == 3  # pyzbar as is, sharpened, and on the whole frame


def test_a_reader_that_cannot_sense_counts_every_miss_as_a_symbol() -> None:
    class _Plain(Reader):
        name = ZXING

        def read(self, image: np.ndarray) -> list[Found]:
            return []

    recorder = CountingReader(PYZBAR)
    decoder = FrameDecoder([_Plain(), recorder], budget_ms=None, blind_slice_ms=0.0)
    assert decoder.scan(BLANK_720P).sensed
    assert recorder.calls == 3


def test_zxing_senses_a_code_cut_by_the_frame_edge_and_nothing_on_an_empty_counter() -> None:
    reader = ZxingReader()
    cut, text = synth.sample("screen-edge", "720p", 0)  # quiet zone and more off the frame
    found, unread = reader.sense(to_grey(cut))
    assert text not in [f.text for f in found]
    assert unread >= 1
    empty = synth.empty_frame(synth.PRESETS["dim"], seed=3)
    assert reader.sense(to_grey(empty)) == ([], 0)


def test_the_glance_reads_an_inverted_code_in_the_quick_pass() -> None:
    frame, text = synth.sample("clean", "720p", 0)
    inverted = 255 - frame  # light modules on a dark screen
    decoder = FrameDecoder([ZxingReader()], heavy_every=0)
    scan = decoder.scan(inverted)
    assert [(f.text, f.decoder) for f in scan.found] == [(text, ZXING_GLANCE)]
    assert not scan.heavy
