"""Part 1, decoding: kinpay's decoder cascade beside zxing-cpp, pyzbar and OpenCV alone.

Frames: (a) the real photographs in ../shared/data/qr-photos (or $KINPAY_QR_PHOTOS), a
read counting only when its text equals the `.txt` beside the photo exactly; (b) seeded
synthetic frames from pos_app.scan.synth: a tablet showing a real kinpay code under each
named condition, at 1280×720 and 640×480, and frames with no code at all (an idle counter,
or the tablet showing a page of text), where any read is a false read.

Each frame is given to every decoder in turn (the order rotates from frame to frame), so
the machine's noise falls on all of them alike. "kinpay" is the terminal's own decoder
(`make_decoder`) with the heavy pass allowed on every frame that the quick pass misses,
within the 33 ms frame budget: what the terminal does on a frame when the heavy pass is
due. The terminal itself runs the heavy pass on every 6th frame without a read; the cost
of that on code-less frames is given as "kinpay (terminal)".
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path

import cv2
import numpy as np

from bench import plots
from bench.report import ROOT, Goal, Part, Table, median, ratio
from pos_app.scan import decoder as dec
from pos_app.scan import synth
from pos_app.scan.camera import image_files, load_image

PHOTOS = Path(os.environ.get("KINPAY_QR_PHOTOS") or ROOT.parent / "shared" / "data" / "qr-photos")
NOW_S = 1_767_225_600  # a fixed "now": the same codes on every run
CONDITIONS = ("clean", "tilted", "far", "near", "blurred", "motion", "glare", "dim", "noisy",
              "moire", "jpeg", "hard")
EMPTY_CONDITIONS = ("clean", "dim", "noisy", "glare", "hard")
SIZES = {"720p": (1280, 720), "480p": (640, 480)}
GOAL_MEDIAN_S = 0.002
KINPAY, ZXING, PYZBAR, OPENCV = "kinpay", "zxing-cpp", "pyzbar", "OpenCV"
SINGLES = (ZXING, PYZBAR, OPENCV)
Read = Callable[[np.ndarray], list[str]]


@dataclass(frozen=True)
class Settings:
    frames: int  # per condition and size
    empty_frames: int  # per empty condition and size
    photos: int  # at most this many photographs


SETTINGS = {
    "full": Settings(frames=16, empty_frames=8, photos=10_000),
    "quick": Settings(frames=3, empty_frames=2, photos=40),
    "tiny": Settings(frames=1, empty_frames=1, photos=3),
}


# --- the decoders --------------------------------------------------------------------------


def readers(accept: dec.Accept) -> dict[str, Read]:
    """kinpay's cascade and each library alone, each from a BGR frame to texts."""
    import zxingcpp
    from pyzbar import pyzbar

    kinpay = dec.make_decoder(accept=accept, heavy_every=1, budget_ms=dec.FRAME_BUDGET_MS)
    formats = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    detector = cv2.QRCodeDetector()

    def zxing(frame: np.ndarray) -> list[str]:
        grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        # The library's defaults (try harder, rotate, invert, downscale); plain text out.
        found = zxingcpp.read_barcodes(grey, formats=formats, text_mode=zxingcpp.TextMode.Plain)
        return [b.text for b in found]

    def zbar(frame: np.ndarray) -> list[str]:
        grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        found = pyzbar.decode(grey, symbols=[pyzbar.ZBarSymbol.QRCODE])
        return [dec.decode_bytes(s.data) for s in found]

    def opencv(frame: np.ndarray) -> list[str]:
        try:
            text = detector.detectAndDecode(frame)[0]
        except (UnicodeDecodeError, cv2.error):  # UTF-8 text only; some modes unsupported
            return []
        return [text] if text else []

    return {
        KINPAY: lambda frame: [f.text for f in kinpay.decode_frame(frame)],
        ZXING: zxing, PYZBAR: zbar, OPENCV: opencv,
    }


@dataclass
class Tally:
    frames: int = 0
    reads: int = 0
    wrong: int = 0  # a text that is not the frame's (or any text on a frame with no code)
    times_s: list[float] = field(default_factory=list)


def run_frames(
    items: list[tuple[np.ndarray, str | None]], decoders: dict[str, Read], rotate: int = 0
) -> dict[str, Tally]:
    """Every decoder on every frame, in an order that rotates frame by frame."""
    tallies = {name: Tally() for name in decoders}
    names = list(decoders)
    for i, (frame, expected) in enumerate(items):
        shift = (i + rotate) % len(names)
        for name in names[shift:] + names[:shift]:
            started = time.perf_counter()
            texts = decoders[name](frame)
            elapsed = time.perf_counter() - started
            tally = tallies[name]
            tally.frames += 1
            tally.times_s.append(elapsed)
            if expected is not None and expected in texts:
                tally.reads += 1
            tally.wrong += sum(1 for t in texts if t != expected)
    return tallies


# --- the frames ----------------------------------------------------------------------------


def conditions(name: str, size: str) -> synth.Conditions:
    cond = synth.PRESETS[name]
    width, height = SIZES[size]
    scale = height / cond.height
    return replace(cond, width=width, height=height, code_px=max(60, round(cond.code_px * scale)))


def _render(job: tuple[str, str, int, bool]) -> tuple[np.ndarray, str | None]:
    """One frame (runs in a worker process); everything from the seed in the job."""
    name, size, index, with_code = job
    seed = (*CONDITIONS, "empty").index(name if with_code else "empty") * 1000 + index
    cond = synth.jitter(conditions(name, size), np.random.default_rng((seed, index)))
    if not with_code:
        # Half the idle frames are the bare counter, half a tablet showing a page of text.
        image = synth.render(None, cond, seed=seed, tablet=index % 2 == 1).image
        return image, None
    text = synth.SampleIssuer(0).code_at(NOW_S, counter=seed % 65_536)
    return synth.frame(text, cond, seed=seed), text


def photo_cases(limit: int) -> list[tuple[Path, str]]:
    if not PHOTOS.is_dir():
        return []
    cases = []
    for image in image_files(PHOTOS, recursive=True):
        expected = image.with_suffix(".txt")
        if image.suffix == ".png" and expected.is_file():
            cases.append((image, expected.read_bytes().decode("utf-8")))
    return cases[:limit]


# --- the part ------------------------------------------------------------------------------


def _ms(times: list[float]) -> str:
    return f"{median(times) * 1000:.2f}" if times else "–"


def _photos(s: Settings, part: Part, log: Callable[[str], None]) -> None:
    cases = photo_cases(s.photos)
    if not cases:
        part.notes.append(f"The real photographs are not here ({PHOTOS}), so there is no "
                          "photograph table in this run.")
        return
    log(f"decode: {len(cases)} photographs")
    items = []
    for path, text in cases:
        image = load_image(path)
        if image is not None:
            items.append((image, text))
    tallies = run_frames(items, readers(dec.accept_all))
    base = median(tallies[ZXING].times_s)
    table = Table(f"Real photographs ({len(items)}, exact text; {PHOTOS.name})",
                  ["decoder", "read", "read rate", "wrong texts", "median ms / photo",
                   "time vs zxing-cpp"])
    for name, t in tallies.items():
        table.add(name, f"{t.reads}/{t.frames}", f"{100 * t.reads / max(t.frames, 1):.0f} %",
                  t.wrong, _ms(t.times_s), ratio(median(t.times_s), base))
    part.tables.append(table)


def _synthetic(
    s: Settings, part: Part, pool: ProcessPoolExecutor, log: Callable[[str], None]
) -> tuple[dict[str, dict[str, Tally]], list[tuple[np.ndarray, str | None]]]:
    cells: dict[str, dict[str, Tally]] = {}
    decoders = readers(dec.accept_structural)
    frames_720: list[tuple[np.ndarray, str | None]] = []
    for size in SIZES:
        for name in CONDITIONS:
            jobs = [(name, size, i, True) for i in range(s.frames)]
            items = list(pool.map(_render, jobs))
            cells[f"{name} {size}"] = run_frames(items, decoders, rotate=len(cells))
            if size == "720p":
                frames_720 += items[:1]
        log(f"decode: synthetic frames at {size} done")
    return cells, frames_720


def _synthetic_tables(cells: dict[str, dict[str, Tally]], part: Part) -> list[str]:
    table = Table("Synthetic kinpay codes: reads per condition (fixed seeds)",
                  ["condition", *[f"{n} read" for n in (KINPAY, *SINGLES)],
                   *[f"{n} ms" for n in (KINPAY, *SINGLES)], "kinpay ms vs zxing-cpp"])
    short = []
    for cell, tallies in cells.items():
        best = max(tallies[n].reads for n in SINGLES)
        if tallies[KINPAY].reads < best:
            short.append(f"{cell} ({tallies[KINPAY].reads} vs {best})")
        k = tallies[KINPAY]
        table.add(cell, *[f"{tallies[n].reads}/{tallies[n].frames}" for n in (KINPAY, *SINGLES)],
                  *[_ms(tallies[n].times_s) for n in (KINPAY, *SINGLES)],
                  ratio(median(k.times_s), median(tallies[ZXING].times_s)))
    part.tables.append(table)
    return short


def _empty(s: Settings, pool: ProcessPoolExecutor, part: Part) -> int:
    table = Table("Frames with no code: cost and false reads",
                  ["size", "decoder", "frames", "false reads", "median ms", "mean ms",
                   "mean vs zxing-cpp"])
    false_reads = 0
    for size in SIZES:
        jobs = [(name, size, i, False) for name in EMPTY_CONDITIONS for i in range(s.empty_frames)]
        items = list(pool.map(_render, jobs))
        decoders = readers(dec.accept_structural)
        # The terminal's own rhythm: a heavy pass on every 6th frame without a read.
        terminal = dec.make_decoder(accept=dec.accept_structural)
        decoders["kinpay (terminal)"] = lambda f, d=terminal: [x.text for x in d.decode_frame(f)]
        tallies = run_frames(items, decoders)
        base = sum(tallies[ZXING].times_s) / max(len(tallies[ZXING].times_s), 1)
        for name, t in tallies.items():
            mean = sum(t.times_s) / max(len(t.times_s), 1)
            false_reads += t.wrong if name.startswith(KINPAY) else 0
            table.add(size, name, t.frames, t.wrong, _ms(t.times_s), f"{mean * 1000:.2f}",
                      ratio(mean, base))
    part.tables.append(table)
    return false_reads


def run(mode: str = "full", log: Callable[[str], None] = print) -> Part:
    s = SETTINGS[mode]
    part = Part("decode", "1. Decoding", settings=(
        f"{mode} mode: {s.frames} frames per condition and size, {s.empty_frames} code-less "
        f"frames per condition and size, one thread"))
    part.intro = (__doc__ or "").split("\n\n", 1)[1].strip()
    _photos(s, part, log)
    with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
        cells, frames_720 = _synthetic(s, part, pool, log)
        short = _synthetic_tables(cells, part)
        false_reads = _empty(s, pool, part)
    wrong = sum(t[KINPAY].wrong for t in cells.values())
    k720 = [x for c, t in cells.items() if c.endswith("720p") for x in t[KINPAY].times_s]
    z720 = [x for c, t in cells.items() if c.endswith("720p") for x in t[ZXING].times_s]
    med = median(k720)
    part.goals = [
        Goal("Reads at least as many as the best single decoder on every condition",
             not short, "short on: " + ", ".join(short) if short else
             f"on all {len(cells)} condition × size cells."),
        Goal("≤ 2 ms median per 720p frame with a code", med <= GOAL_MEDIAN_S,
             f"{med * 1000:.2f} ms median (zxing-cpp alone {median(z720) * 1000:.2f} ms, "
             f"{ratio(med, median(z720))})."),
        Goal("No false reads (frames without a code, and wrong texts)",
             false_reads + wrong == 0, f"{false_reads} on code-less frames, {wrong} wrong "
             "texts on code frames."),
    ]
    groups = list(cells)
    part.plots.append(plots.grouped_bars(
        "decode-reads", "Read rate per condition (synthetic kinpay codes)", groups,
        {n: [100 * cells[g][n].reads / max(cells[g][n].frames, 1) for g in groups]
         for n in (KINPAY, *SINGLES)}, "% of frames read"))
    part.plots.append(plots.grouped_bars(
        "decode-time", "Median time per frame", groups,
        {n: [max(median(cells[g][n].times_s) * 1000, 1e-3) for g in groups]
         for n in (KINPAY, *SINGLES)}, "ms (log)", log=True, hline=2.0, hlabel="goal 2 ms"))
    if not math.isnan(med) and med > GOAL_MEDIAN_S:
        table, top = profile_decoder(frames_720)
        part.notes.append(_slow_note(med, median(z720), top))
        part.notes.append(table.markdown())
    return part


def profile_decoder(
    items: list[tuple[np.ndarray, str | None]], repeats: int = 5
) -> tuple[Table, list[tuple[str, float, float]]]:
    """cProfile of kinpay's decoder on 720p frames with a code: where a frame's time goes."""
    import cProfile
    import pstats

    decoder = dec.make_decoder(accept=dec.accept_structural, heavy_every=1,
                               budget_ms=dec.FRAME_BUDGET_MS)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeats):
        for frame, _text in items:
            decoder.decode_frame(frame)
    profiler.disable()
    stats = pstats.Stats(profiler)
    count = max(repeats * len(items), 1)
    rows = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)  # type: ignore[attr-defined]
    total = sum(v[2] for _, v in rows) or 1.0
    table = Table(f"cProfile of kinpay's decoder on {len(items)} 720p frames with a code × "
                  f"{repeats}: own time per frame", ["function", "calls / frame",
                                                    "own ms / frame", "share"])
    top = []
    for (file, line, func), (_cc, calls, tottime, _ct, _callers) in rows[:8]:
        where = f"{Path(file).name}:{line} {func}" if line else func
        table.add(f"`{where}`", f"{calls / count:.1f}", f"{tottime * 1000 / count:.2f}",
                  f"{100 * tottime / total:.0f} %")
        top.append((where, tottime * 1000 / count, tottime / total))
    return table, top


def _slow_note(kinpay_s: float, zxing_s: float, top: list[tuple[str, float, float]]) -> str:
    hot = "; ".join(f"`{where}` {t:.2f} ms ({100 * share:.0f} %)" for where, t, share in top[:3])
    return (
        f"**Why the 2 ms goal is missed.** kinpay's decoder takes {kinpay_s * 1000:.2f} ms "
        f"median on a 720p frame with a code, and zxing-cpp alone {zxing_s * 1000:.2f} ms "
        f"({ratio(kinpay_s, zxing_s)}): on a frame with a code the cascade is one zxing-cpp "
        "read of the grey frame, so it is as fast as its fastest library and no faster. "
        f"cProfile (below) puts a frame's own time in: {hot}. `decoder.py … read` is the "
        "zxing-cpp call (C++: binarising and scanning 0.9 million pixels for finder "
        "patterns) and `cvtColor` the BGR→grey conversion; the Python around them is a few "
        "per cent. What would reach 2 ms is fewer pixels per read — a region of interest "
        "around the last code's corners, or a downscaled first read when the code is "
        "large — not faster Python. On a loaded 2-core machine these times also carry "
        "the other processes' share of the cores."
    )
