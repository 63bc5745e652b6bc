"""Item 10. Fuzzing. schemathesis over /openapi.json against a real server: no 500s, and
every answer matches the schema (status codes, content types, bodies). hypothesis over the
code parser, the numeric parser, the amount parser and the QR decoder's input: no crash, no
unhandled exception, a typed error each time. In `make soak`, atheris runs the parsers under
coverage-guided fuzzing as well (its own process, bounded in runs and time)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from schemathesis.checks import (  # type: ignore[attr-defined]
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from kinpay import base45, codes, money
from kinpay.errors import CodeError, MoneyError
from tests.reliability.kit import SOAK, quick_families, report, scale, terminals
from tests.servers import ROOT, ServerProcess

pytestmark = pytest.mark.soak

API_EXAMPLES = scale(6, 60)
PARSER_EXAMPLES = scale(300, 5_000)
FRAME_EXAMPLES = scale(60, 600)


@pytest.fixture(scope="module")
def engine() -> str:
    return "sqlite"  # the API's shape is the engine's business only through the routes


@pytest.fixture(scope="module")
def tokens(server: ServerProcess) -> Iterator[dict[str, str]]:
    [fam] = quick_families(server.db, server.url, 1)
    [term] = terminals(server.db, server.url, 1)
    yield {"payer": str(fam.payer.token), "delegate": str(fam.delegate.token),
           "terminal": str(term.token)}
    fam.close()
    term.close()


def _token_for(path: str, tokens: dict[str, str]) -> str:
    if path.startswith(("/v1/payments", "/v1/offline-batches", "/v1/terminal", "/v1/revocations")):
        return tokens["terminal"]
    if path.startswith("/v1/devices"):
        return tokens["delegate"]
    return tokens["payer"]


@pytest.mark.timeout(scale(300, 2400))
def test_api_answers_match_the_schema_and_never_500(
    server: ServerProcess, tokens: dict[str, str]
) -> None:
    api = schemathesis.openapi.from_url(f"{server.url}/openapi.json").exclude(
        # An event stream never ends by itself; signing out (here or everywhere) would end
        # the fuzzer's session.
        path_regex=r"^/v1/events$|^/v1/sessions/current$"
    ).exclude(method="DELETE", path="/v1/sessions")
    checks = [not_a_server_error, status_code_conformance, content_type_conformance,
              response_schema_conformance]
    calls = operations = 0
    # One session for every call, closed at the end: a session per call was left to the
    # garbage collector, which, in the long form, raised ResourceWarning (unclosed socket).
    with requests.Session() as session:
        calls, operations = _fuzz_operations(api, session, tokens, checks)
    report("10", "API operations fuzzed (schemathesis)", operations)
    report("10", "API requests fuzzed, no 500, every answer matching the schema", calls)
    assert operations > 10 and calls > 0


def _fuzz_operations(
    api: Any, session: requests.Session, tokens: dict[str, str], checks: list[Any]
) -> tuple[int, int]:
    calls = operations = 0
    for result in api.get_all_operations():
        operation = result.ok()
        operations += 1

        @settings(max_examples=API_EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def fuzz(case: Any) -> None:
            nonlocal calls
            headers = {"Authorization": f"Bearer {_token_for(case.path, tokens)}"}
            case.call_and_validate(session=session, headers=headers, checks=checks)
            calls += 1

        fuzz()
    return calls, operations


# --- the parsers: only typed errors --------------------------------------------------------
# Each test counts and reports its own inputs (none reads what another test filled in, so
# any order, or any one test alone, gives the same figures).

BASE45_TEXT = st.text(alphabet=base45.ALPHABET, max_size=400)
CODE_TEXT = st.one_of(st.text(max_size=500), BASE45_TEXT.map(lambda t: codes.TEXT_PREFIX + t),
                      st.binary(min_size=0, max_size=260).map(
                          lambda b: codes.TEXT_PREFIX + base45.encode(b)))
PARSER_SETTINGS = settings(max_examples=PARSER_EXAMPLES, deadline=None, database=None)


def test_code_parser_raises_only_code_errors() -> None:
    seen = 0

    @PARSER_SETTINGS
    @given(CODE_TEXT)
    def fuzz(text: str) -> None:
        nonlocal seen
        seen += 1
        try:
            codes.parse_code(text)
        except CodeError:
            pass  # the typed error is the expected answer to garbage
        try:
            codes.verify_code(text, {}, now_s=1_800_000_000)
        except CodeError:
            pass

    fuzz()
    report("10", "codes inputs fuzzed (hypothesis)", seen)
    assert seen > 0


def test_numeric_parser_raises_only_code_errors() -> None:
    seen = 0

    @PARSER_SETTINGS
    @given(st.text(alphabet="0123456789 -\u2009\u00a0x", max_size=30) | st.text(max_size=30))
    def fuzz(text: str) -> None:
        nonlocal seen
        seen += 1
        try:
            codes.parse_numeric(text)
        except CodeError:
            pass  # the typed error is the expected answer to garbage

    fuzz()
    report("10", "numeric inputs fuzzed (hypothesis)", seen)
    assert seen > 0


def test_amount_parser_raises_only_money_errors() -> None:
    seen = 0

    @PARSER_SETTINGS
    @given(st.text(alphabet="0123456789.,_ '-¥$€£₩KDCNYUSJPW\u2009\u202f", max_size=45)
           | st.text(max_size=45),
           st.sampled_from([*money.currencies(), "XXX", ""]))
    def fuzz(text: str, currency: str) -> None:
        nonlocal seen
        seen += 1
        try:
            minor = money.parse_minor(text, currency)
        except MoneyError:
            return
        assert 0 <= minor <= money.MAX_MINOR
        assert money.parse_minor(money.format_minor(minor, currency, symbol=False),
                                 currency) == minor

    fuzz()
    report("10", "amounts inputs fuzzed (hypothesis)", seen)
    assert seen > 0


FRAME_TYPES = [np.uint8, np.uint16, np.float32, np.float64, np.int32, np.bool_, np.complex64]
FRAMES = st.one_of(
    hnp.arrays(
        dtype=st.sampled_from(FRAME_TYPES),
        shape=hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=64),
    ),
    hnp.arrays(np.uint8, st.tuples(st.integers(1, 240), st.integers(1, 320),
                                   st.sampled_from([1, 2, 3, 4]))),
)


def _refusal(frame: np.ndarray) -> tuple[type[Exception], str] | None:
    """What the decoder raises for a frame that is not an image, in its own words
    (pos_app/scan/decoder.py `scan`, pos_app/scan/readers.py `to_grey`): a shape that is no
    picture, a channel count no camera gives, an element type that is no number. None for
    an image, which must give a list of codes."""
    if frame.ndim not in (2, 3) or frame.size == 0:
        return ValueError, f"not an image: shape {frame.shape}"
    if frame.ndim == 3 and frame.shape[2] not in (1, 2, 3, 4):
        return ValueError, f"not an image: {frame.shape[2]} channels"
    if frame.dtype == np.complex64:
        return TypeError, "an image of complex64 can't be decoded"
    return None


def test_decoder_input_gives_codes_or_a_typed_error() -> None:
    from pos_app.scan.decoder import make_decoder

    decoder = make_decoder()
    seen = 0

    @settings(max_examples=FRAME_EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                     HealthCheck.filter_too_much])
    @given(FRAMES)
    def fuzz(frame: np.ndarray) -> None:
        nonlocal seen
        seen += 1
        expected = _refusal(frame)
        try:
            found = decoder.decode_frame(frame)
        except (ValueError, TypeError) as refused:
            # Only the refusal documented for this frame; any other (a TypeError from a
            # bug inside the decoder) fails the test.
            assert (type(refused), str(refused)) == expected, (frame.shape, frame.dtype)
            return
        assert expected is None, (frame.shape, frame.dtype)
        assert isinstance(found, list)

    # Each element type as a whole image, and each documented refusal, every run: a random
    # draw of a few dozen frames may miss one.
    for kind in FRAME_TYPES:
        fuzz = example(np.linspace(0, 1, 32 * 40).reshape(32, 40).astype(kind))(fuzz)
    for shape in ((32, 40, 3), (32, 40, 5), (0, 40), (2, 2, 2, 2)):
        fuzz = example(np.zeros(shape, np.uint8))(fuzz)
    fuzz()
    report("10", "frames inputs fuzzed (hypothesis)", seen)
    assert seen > 0


@pytest.mark.parametrize("channels", [1, 2])
def test_decoder_on_one_or_two_channel_frames(channels: int) -> None:
    """Grey, and grey with alpha, are images like any other (they once raised cv2.error)."""
    from pos_app.scan.decoder import make_decoder

    assert make_decoder().decode_frame(np.zeros((64, 64, channels), np.uint8)) == []


@pytest.mark.parametrize("low, high", [(-1.7e308, 1.7e308), (0.0, 5e-324), (1e308, 1.1e308)])
def test_decoder_on_float_frames_at_the_ends_of_the_range(low: float, high: float) -> None:
    """A float frame holding both ends of float64's range once overflowed in the contrast
    stretch (RuntimeWarning: overflow encountered in subtract, an error under pytest)."""
    from pos_app.scan.decoder import make_decoder

    frame = np.full((64, 64), low, np.float64)
    frame[:, 32:] = high
    assert make_decoder().decode_frame(frame) == []


# --- atheris, in make soak -------------------------------------------------------------------

@pytest.mark.timeout(900)
def test_atheris_on_the_parsers() -> None:
    runs = scale(2_000, 400_000)
    out = subprocess.run(
        [sys.executable, "-m", "tests.reliability.atheris_parsers", str(runs)],
        cwd=ROOT, capture_output=True, text=True, timeout=scale(120, 800),
    )
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    report("10", "atheris runs over the parsers, crashes 0" + ("" if SOAK else " (quick)"), runs)


