"""How the decode benchmark counts a photo's second code (a "double QR", whose `.txt` names
one code only): a text other than the photo's own counts as a second code only when two of
the single libraries read it letter for letter alike; one library's misread stays wrong."""

from __future__ import annotations

import numpy as np

from bench.decode import KINPAY, OPENCV, PYZBAR, SINGLES, ZXING, Tally, second_codes


def tally(texts: list[list[str]], wrong: int) -> Tally:
    return Tally(frames=len(texts), wrong=wrong, texts=texts)


def test_a_second_code_read_by_two_libraries_is_not_wrong_and_a_misread_stays_wrong() -> None:
    blank = np.zeros((4, 4, 3), np.uint8)
    items: list[tuple[np.ndarray, str | None]] = [(blank, "OUTER"), (blank, "PLAIN")]
    tallies = {
        KINPAY: tally([["OUTER", "INNER"], ["PLAIN"]], wrong=1),
        ZXING: tally([["INNER"], ["PLAIN"]], wrong=1),
        PYZBAR: tally([["OUTER", "INNER"], ["PLAÏN"]], wrong=2),  # a charset misread
        OPENCV: tally([[], ["PLAIN"]], wrong=0),
    }
    assert set(SINGLES) == {ZXING, PYZBAR, OPENCV}
    assert second_codes(tallies, items) == [0]
    # INNER was read alike by zxing-cpp and pyzbar: a real second code, wrong for nobody.
    # pyzbar's PLAÏN is its own misread: still wrong.
    assert {name: t.wrong for name, t in tallies.items()} == {
        KINPAY: 0, ZXING: 0, PYZBAR: 1, OPENCV: 0}
