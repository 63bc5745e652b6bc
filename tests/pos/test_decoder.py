"""The decoder cascade: real photographs, synthetic kinpay codes, no false reads, accept."""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
import segno
from hypothesis import given, settings
from hypothesis import strategies as st

from kinpay import codes
from kinpay.errors import CodeExpired, CodeForged, CodeMalformed
from pos_app.scan import DecoderUnavailable, synth
from pos_app.scan.camera import load_image
from pos_app.scan.decoder import (
    PYZBAR,
    ZXING,
    Found,
    FrameDecoder,
    PyzbarReader,
    Reader,
    accept_all,
    accept_structural,
    accept_verified,
    decode_bytes,
    decode_still,
    make_decoder,
    make_reader,
)
from tests.pos.conftest import NOW_S, Issued, issue
from tests.pos.fakes import CountingReader

# --- real photographs ------------------------------------------------------------------------


def _read_rate(decoder: FrameDecoder, photos: list[tuple[Path, str]]) -> tuple[float, set[str]]:
    hits = set()
    for path, expected in photos:
        image = load_image(path)
        assert image is not None, path
        if any(found.text == expected for found in decoder.decode_frame(image)):
            hits.add(str(path))
    return len(hits) / len(photos), hits


@pytest.fixture(scope="module")
def photo_rates(photos: list[tuple[Path, str]]) -> dict[str, tuple[float, set[str]]]:
    zxing_alone = make_decoder([ZXING], accept=accept_all, heavy_every=0)
    cascade = make_decoder(accept=accept_all, heavy_every=1, budget_ms=None)
    return {"zxing": _read_rate(zxing_alone, photos), "cascade": _read_rate(cascade, photos)}


def test_real_photos_read_exactly_by_zxing(photo_rates: dict[str, tuple[float, set[str]]]) -> None:
    rate, _ = photo_rates["zxing"]
    assert rate >= 0.90


def test_real_photos_cascade_reads_more_than_zxing_alone(
    photo_rates: dict[str, tuple[float, set[str]]],
) -> None:
    zxing_rate, zxing_hits = photo_rates["zxing"]
    cascade_rate, cascade_hits = photo_rates["cascade"]
    assert cascade_rate >= 0.93
    assert cascade_rate > zxing_rate
    assert zxing_hits <= cascade_hits  # the fallbacks never lose a read zxing-cpp made


def test_real_photo_with_japanese_text(photos: list[tuple[Path, str]]) -> None:
    japanese = [(p, t) for p, t in photos if "モバイル" in t]
    assert japanese
    path, expected = japanese[0]
    image = load_image(path)
    assert image is not None
    assert [f.text for f in decode_still(image)] == [expected]


def test_real_photo_zxing_misses_is_read_by_pyzbar(photos: list[tuple[Path, str]]) -> None:
    zxing_alone = make_decoder([ZXING], accept=accept_all, heavy_every=0, adaptive=False)
    cascade = make_decoder(accept=accept_all, heavy_every=1, budget_ms=None, adaptive=False)
    fallbacks = []
    for path, expected in photos:
        image = load_image(path)
        assert image is not None
        if zxing_alone.decode_frame(image):
            continue
        fallbacks += [f for f in cascade.decode_frame(image) if f.text == expected]
    assert fallbacks
    assert PYZBAR in {f.decoder for f in fallbacks}


# --- synthetic kinpay codes ------------------------------------------------------------------


# The screen-and-close presets include codes cut beyond reading by anyone; they are
# compared per category with the single decoders in test_scan_categories.py.
@pytest.mark.parametrize("preset", sorted(set(synth.PRESETS) - set(synth.SCREEN_PRESETS)))
def test_synthetic_code_decodes_exactly_and_verifies(issued: Issued, preset: str) -> None:
    decoder = make_decoder(
        accept=accept_verified(issued.server_keys, clock=lambda: issued.now_s), heavy_every=1
    )
    rendered = synth.render(issued.text, synth.PRESETS[preset], seed=7)
    found = decoder.decode_frame(rendered.image)
    assert [f.text for f in found] == [issued.text]
    code = codes.verify_code(found[0].text, issued.server_keys, now_s=issued.now_s)
    assert code.cert.currency == "CNY"


def test_corners_outline_the_code(issued: Issued) -> None:
    rendered = synth.render(issued.text, synth.PRESETS["tilted"], seed=1)
    (found,) = make_decoder().decode_frame(rendered.image)
    assert len(found.corners) == 4
    # Each reported corner lies near one of the true corners (readers may start anywhere).
    for x, y in found.corners:
        distance = np.min(np.hypot(rendered.corners[:, 0] - x, rendered.corners[:, 1] - y))
        assert distance < 40


def test_two_fresh_codes_in_one_frame_are_both_found() -> None:
    first, second = issue(), issue()
    left = synth.frame(first.text, synth.Conditions(center=(0.25, 0.5), code_px=260))
    right = synth.frame(second.text, synth.Conditions(center=(0.75, 0.5), code_px=260))
    frame = np.concatenate([left[:, :640], right[:, 640:]], axis=1)
    assert {f.text for f in decode_still(frame)} == {first.text, second.text}


def test_grey_and_bgr_frames_both_work(issued: Issued) -> None:
    frame = synth.frame(issued.text, synth.PRESETS["clean"])
    grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    decoder = make_decoder()
    assert [f.text for f in decoder.decode_frame(frame)] == [issued.text]
    assert [f.text for f in decoder.decode_frame(grey)] == [issued.text]


# --- no false reads --------------------------------------------------------------------------


@pytest.mark.parametrize("preset", ["clean", "hard", "dim", "moire", "noisy", "vga"])
def test_frames_without_a_code_give_nothing(preset: str) -> None:
    decoder = make_decoder(accept=accept_all, heavy_every=1, budget_ms=None)
    cond = synth.PRESETS[preset]
    for seed in range(3):
        for frame in (synth.empty_frame(cond, seed=seed), synth.frame(None, cond, seed=seed)):
            scan = decoder.scan(frame)
            assert scan.found == [] and scan.rejected == []


def test_pure_noise_gives_nothing() -> None:
    rng = np.random.default_rng(0)
    decoder = make_decoder(accept=accept_all, heavy_every=1, budget_ms=None)
    for _ in range(3):
        assert decoder.decode_frame(rng.integers(0, 256, (480, 640, 3), dtype=np.uint8)) == []


# --- the pyzbar path and the cascade ---------------------------------------------------------


def test_pyzbar_reads_a_synthetic_code_directly(issued: Issued) -> None:
    frame = synth.frame(issued.text, synth.PRESETS["tilted"], seed=2)
    (found,) = PyzbarReader().read(frame)
    assert found.text == issued.text
    assert found.decoder == PYZBAR
    assert len(found.corners) == 4


class _Always(Reader):
    name = "always"

    def __init__(self, text: str) -> None:
        self.text = text
        self.calls = 0

    def read(self, image: np.ndarray) -> list[Found]:
        self.calls += 1
        return [Found(self.text, ((0, 0), (1, 0), (1, 1), (0, 1)), self.name)]


def test_cascade_falls_back_to_pyzbar_when_zxing_reads_nothing(issued: Issued) -> None:
    blind = CountingReader(ZXING)
    decoder = FrameDecoder([blind, make_reader(PYZBAR)], heavy_every=1, budget_ms=None)
    (found,) = decoder.decode_frame(synth.frame(issued.text, synth.PRESETS["clean"]))
    assert (found.text, found.decoder) == (issued.text, PYZBAR)
    assert blind.calls == 2  # the quick pass: the 720p frame, then halved


def test_cascade_stops_at_the_first_reader_that_reads(issued: Issued) -> None:
    first, second = _Always(issued.text), _Always("other")
    decoder = FrameDecoder([first, second])
    assert [f.text for f in decoder.decode_frame(np.zeros((32, 32), np.uint8))] == [issued.text]
    assert (first.calls, second.calls) == (1, 0)


def test_heavy_pass_runs_only_every_nth_empty_frame() -> None:
    blind = CountingReader(ZXING)
    decoder = FrameDecoder([blind], heavy_every=3, budget_ms=None)
    blank = np.full((200, 200), 255, np.uint8)
    heavy = [decoder.scan(blank).heavy for _ in range(7)]
    assert heavy == [False, False, True, False, False, True, False]


class _Sizes(Reader):
    """Reads a fixed code in any image, noting the sizes it was given."""

    name = PYZBAR

    def __init__(self, text: str) -> None:
        self.text = text
        self.sizes: list[tuple[int, int]] = []

    def read(self, image: np.ndarray) -> list[Found]:
        self.sizes.append((image.shape[1], image.shape[0]))
        return [Found(self.text, ((64, 36), (128, 36), (128, 72), (64, 72)), self.name)]


def test_fallback_reader_gets_a_big_frame_shrunk_and_corners_come_back(issued: Issued) -> None:
    fallback = _Sizes(issued.text)
    decoder = FrameDecoder([CountingReader(ZXING), fallback], heavy_every=1, budget_ms=None)
    (found,) = decoder.decode_frame(np.zeros((720, 1280), np.uint8))
    assert fallback.sizes == [(640, 360)]
    expected = [(x * 2.0, y * 2.0) for x, y in ((64, 36), (128, 36), (128, 72), (64, 72))]
    assert np.allclose(found.corners, expected)
    assert found.decoder == PYZBAR


def test_heavy_pass_can_be_turned_off() -> None:
    decoder = FrameDecoder([CountingReader(ZXING)], heavy_every=0)
    blank = np.full((200, 200), 255, np.uint8)
    assert not any(decoder.scan(blank).heavy for _ in range(10))


class _NeedsBigModules(Reader):
    """Reads only an image at least twice the original's width, as if modules were tiny."""

    name = ZXING

    def __init__(self, text: str, min_width: int) -> None:
        self.text = text
        self.min_width = min_width

    def read(self, image: np.ndarray) -> list[Found]:
        if image.shape[1] < self.min_width:
            return []
        return [Found(self.text, ((20, 20), (100, 20), (100, 100), (20, 100)), self.name)]


def test_heavy_pass_result_is_mapped_back_to_frame_pixels(issued: Issued) -> None:
    decoder = FrameDecoder([_NeedsBigModules(issued.text, 400)], heavy_every=1, budget_ms=None)
    (found,) = decoder.decode_frame(np.full((240, 320), 255, np.uint8))
    assert found.decoder == "zxing-cpp+enlarged"
    assert found.corners == ((10, 10), (50, 10), (50, 50), (10, 50))


def test_heavy_pass_reads_real_photos_the_quick_pass_misses(
    photos: list[tuple[Path, str]],
) -> None:
    quick = make_decoder(accept=accept_all, heavy_every=0)
    full = make_decoder(accept=accept_all, heavy_every=1, budget_ms=None)
    recovered = []
    for path, expected in photos:
        image = load_image(path)
        assert image is not None
        if any(f.text == expected for f in quick.decode_frame(image)):
            continue
        recovered += [f.decoder for f in full.decode_frame(image) if f.text == expected]
    assert recovered
    assert ZXING not in recovered  # each by a later step, e.g. "pyzbar+halved"


# --- charsets --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("Google モバイル".encode(), "Google モバイル"),
        ("支付宝付款码".encode(), "支付宝付款码"),
        ("こんにちは".encode("shift_jis"), "こんにちは"),
        (b"caf\xe9 \xff", "café ÿ"),
        # ISO-8859-1, the standard's default: valid Shift-JIS too, but not Japanese.
        ("Crème".encode("latin-1"), "Crème"),
        ("façade".encode("latin-1"), "façade"),
        ("ﾃﾞｻﾞｲﾝQR".encode("shift_jis"), "ﾃﾞｻﾞｲﾝQR"),
        ("MECARD:N:測試;;".encode("shift_jis"), "MECARD:N:測試;;"),
    ],
)
def test_pyzbar_bytes_become_text(data: bytes, text: str) -> None:
    assert decode_bytes(data) == text


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Crème brûlée · 5 €", "utf-8"),  # what phones write, without an ECI
        ("ﾃﾞｻﾞｲﾝQR https://example.jp/", "shift_jis"),  # half-width katakana
        ("Crème brûlée", "iso-8859-1"),  # the standard's default charset
    ],
)
def test_pyzbar_reads_a_code_without_eci_exactly(text: str, encoding: str) -> None:
    # ZBar guessed Big5 for both the UTF-8 and the Shift-JIS code ("Cr癡me", "蹬靼翌"):
    # a wrong text, no error, and the cascade passed it on when zxing-cpp missed.
    qr = segno.make_qr(text, encoding=encoding, eci=False, error="m")
    modules = np.pad(np.array([list(r) for r in qr.matrix], np.uint8), 4)
    image = cv2.resize(np.where(modules == 1, 0, 255).astype(np.uint8), None, fx=8, fy=8,
                       interpolation=cv2.INTER_NEAREST)
    assert [f.text for f in make_reader(PYZBAR).read(image)] == [text]


def test_pyzbar_reads_no_wrong_text_in_the_photographs(photos: list[tuple[Path, str]]) -> None:
    # A text other than the photo's own is a false read, unless zxing-cpp reads it there
    # too (qrcode-2/16 holds a second code). pyzbar gave 9 (Japanese and Chinese codes).
    import zxingcpp

    pyzbar = make_reader(PYZBAR)
    wrong = []
    for path, expected in photos:
        image = load_image(path)
        assert image is not None
        others = {b.text for b in zxingcpp.read_barcodes(image, text_mode=zxingcpp.TextMode.Plain)}
        wrong += [(path.name, f.text) for f in pyzbar.read(image)
                  if f.text != expected and f.text not in others]
    assert wrong == []


@pytest.mark.parametrize("text", ["支付 kinpay 测试", "カタカナ ひらがな 漢字"])
def test_cjk_qr_reads_back_exactly(text: str) -> None:
    qr = segno.make_qr(text, encoding="utf-8", error="m")
    modules = np.pad(np.array([list(r) for r in qr.matrix], np.uint8), 4)
    image = cv2.resize(np.where(modules == 1, 0, 255).astype(np.uint8), None, fx=8, fy=8,
                       interpolation=cv2.INTER_NEAREST)
    for reader in (make_reader(ZXING), make_reader(PYZBAR)):
        assert [f.text for f in reader.read(image)] == [text]


# --- accept ----------------------------------------------------------------------------------


def test_a_qr_that_is_not_a_kinpay_code_is_rejected_with_a_reason() -> None:
    frame = synth.frame("https://example.com/not-a-payment", synth.PRESETS["clean"])
    scan = make_decoder().scan(frame)
    assert scan.found == []
    (rejected,) = scan.rejected
    assert rejected.text == "https://example.com/not-a-payment"
    assert "kinpay" in rejected.reason


def test_numeric_codes_are_accepted_when_well_formed() -> None:
    numeric = codes.build_numeric(123456789, b"secret", step=NOW_S // 30, counter=0)
    accept_structural(numeric)
    accept_structural(codes.group_digits(numeric))
    broken = numeric[:-1] + str((int(numeric[-1]) + 1) % 10)
    with pytest.raises(CodeMalformed):
        accept_structural(broken)


def test_verifying_accept_refuses_forged_and_stale_codes(issued: Issued) -> None:
    other = issue()
    accept = accept_verified(issued.server_keys, clock=lambda: issued.now_s)
    accept(issued.text)
    with pytest.raises(CodeForged):
        accept(other.text)
    stale = accept_verified(issued.server_keys, clock=lambda: issued.now_s + 3600)
    with pytest.raises(CodeExpired):
        stale(issued.text)


def test_a_forged_code_in_a_frame_is_rejected_not_found(issued: Issued) -> None:
    other = issue()
    decoder = make_decoder(accept=accept_verified(issued.server_keys, clock=lambda: NOW_S))
    scan = decoder.scan(synth.frame(other.text, synth.PRESETS["clean"]))
    assert scan.found == []
    assert [r.text for r in scan.rejected] == [other.text]


# --- the factory -----------------------------------------------------------------------------


def test_unknown_reader_is_a_named_error() -> None:
    with pytest.raises(DecoderUnavailable, match="nosuchlib"):
        make_reader("nosuchlib")


def test_a_missing_library_is_a_named_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes `import pyzbar` fail, as on a machine without it.
    monkeypatch.setitem(sys.modules, "pyzbar", None)
    monkeypatch.setitem(sys.modules, "pyzbar.pyzbar", None)
    with pytest.raises(DecoderUnavailable) as caught:
        make_reader(PYZBAR)
    assert caught.value.library == PYZBAR
    with pytest.raises(DecoderUnavailable):
        make_decoder(require_all=True)
    assert make_decoder().names == [ZXING]  # the cascade carries on without it


def test_no_library_at_all_is_a_named_error(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("pyzbar", "pyzbar.pyzbar", "zxingcpp"):
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(DecoderUnavailable, match="zxing-cpp"):
        make_decoder()


def test_not_an_image_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="not an image"):
        make_decoder().decode_frame(np.zeros((0, 0), np.uint8))


# --- never a wrong text ------------------------------------------------------------------------


@settings(max_examples=25, deadline=None, derandomize=True, database=None)
@given(
    yaw=st.floats(-40, 40),
    pitch=st.floats(-30, 30),
    roll=st.floats(-180, 180),
    code_px=st.integers(150, 520),
    blur=st.floats(0, 2.5),
    noise=st.floats(0, 20),
    light=st.floats(0.25, 1.0),
    glare=st.floats(0, 0.8),
    jpeg=st.sampled_from([0, 35, 60, 90]),
    seed=st.integers(0, 1000),
)
def test_any_conditions_read_the_exact_code_or_nothing(
    yaw: float, pitch: float, roll: float, code_px: int, blur: float, noise: float,
    light: float, glare: float, jpeg: int, seed: int,
) -> None:
    cond = synth.Conditions(
        yaw_deg=yaw, pitch_deg=pitch, roll_deg=roll, code_px=code_px, blur_sigma=blur,
        noise_sigma=noise, light=light, glare=glare, jpeg_quality=jpeg,
    )
    found = _HYPOTHESIS_DECODER.decode_frame(synth.frame(_HYPOTHESIS_TEXT, cond, seed=seed))
    assert [f.text for f in found] in ([], [_HYPOTHESIS_TEXT])
    easy = abs(yaw) < 25 and abs(pitch) < 20 and code_px >= 220 and blur < 1.0 and noise < 10
    if easy and light > 0.5 and glare < 0.4:
        assert found


# A code from seeded keys: a fresh random code each run would draw another QR pattern,
# and these 25 fixed examples would then judge a different frame each time.
_HYPOTHESIS_TEXT = synth.SampleIssuer(0).code_at(synth.SAMPLE_NOW_S, counter=3)
_HYPOTHESIS_DECODER = make_decoder(accept=accept_all, heavy_every=1, budget_ms=None)
