"""How the decode benchmark counts a photo's second code (a "double QR", whose `.txt` names
one code only): a text other than the photo's own counts as a second code only when two of
the single libraries read it letter for letter alike; one library's misread stays wrong."""

from __future__ import annotations

import cv2
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


def test_the_text_a_code_holds_is_not_wrong_where_its_txt_differs() -> None:
    # qrcode-2/13's .txt says "photograph", its code "photography": kinpay read it with the
    # still's `ink` step, and two single libraries read it alike from the image that step
    # made. Here the same kind of code (texture inside an outline) and a .txt that differs.
    from bench.decode import STAGE, readers
    from bench.decode_extra import confirmed
    from pos_app.scan.decoder import accept_all
    from tests.pos.test_scan_ink import TEXT, _art_code

    code = cv2.cvtColor(_art_code(TEXT), cv2.COLOR_GRAY2BGR)
    blank = np.full((120, 160, 3), 200, np.uint8)
    decoders = readers(accept_all, still=True)
    items: list[tuple[np.ndarray, str | None]] = [(code, TEXT[:-1]), (blank, "NOTHING")]
    tallies = {name: tally([decoders[name](f) for f, _ in items], wrong=0) for name in decoders}
    tallies[KINPAY].texts[1] = ["A MISREAD"]  # read by kinpay alone, by no step: stays wrong
    tallies[KINPAY].wrong = 2
    assert tallies[KINPAY].texts[0] == [TEXT] and STAGE[TEXT] == "zxing-cpp+ink"
    assert tallies[ZXING].texts[0] == tallies[PYZBAR].texts[0] == []  # not on the photo
    assert confirmed(tallies, items, decoders, STAGE, KINPAY, SINGLES) == [0]
    assert tallies[KINPAY].wrong == 1
