"""Decoding, continued: the code as shown, what each stage costs, a 12 MP photo.

The code as the tablet shows it (issue 13 §3): what reads best on the new conditions.

One factor at a time from the wallet's current code (error correction M, quiet zone of
4 modules, the code 60 % of the frame's height, full brightness): error correction L, M
or Q (a higher level is a bigger symbol of smaller modules at the same size), the code's
size against the frame (the tablet held nearer or farther), the quiet zone, and the
screen's brightness. Each is read by the terminal's decoder (one frame, as the terminal
makes it) on the screen-and-close conditions at 1280×720, every frame seeded.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import cv2
import numpy as np

from bench.report import Table
from pos_app.scan import decoder as dec
from pos_app.scan import synth

CONDITIONS = ("lcd", "lcd-coarse", "oled", "screen-close", "banding", "reflection",
              "exposure", "screen-hard")
FRAMES = {"full": 3, "quick": 1, "tiny": 1}
BASE_FILL = 0.6  # the code's side as a share of the frame's height
ROWS: list[tuple[str, str, int, int]] = []  # the last measure's (factor, value, reads, total)


def variants() -> list[tuple[str, str, dict[str, object]]]:
    """(factor, value, Conditions changes) for each row; the first is the baseline."""
    rows: list[tuple[str, str, dict[str, object]]] = [("baseline", "M, quiet 4, 60 %, 100 %", {})]
    rows += [("error correction", level.upper(), {"ec_level": level}) for level in "lq"]
    rows += [("code size", f"{round(fill * 100)} % of the height", {"fill": fill})
             for fill in (0.35, 0.45, 0.8, 1.0)]
    rows += [("quiet zone", f"{quiet} modules", {"quiet_modules": quiet}) for quiet in (2, 1)]
    rows += [("brightness", f"{round(b * 100)} %", {"screen_brightness": b})
             for b in (0.7, 0.45)]
    return rows


def _cond(name: str, changes: dict[str, object]) -> synth.Conditions:
    cond = synth.PRESETS[name]
    fill = float(changes.get("fill", BASE_FILL))  # type: ignore[arg-type]
    # Keep each preset's blur and placement; set the size (the tablet's distance).
    cond = replace(cond, code_px=round(fill * cond.height), code_center=(0.5, 0.5))
    rest = {k: v for k, v in changes.items() if k != "fill"}
    return replace(cond, **rest)  # type: ignore[arg-type]


def modules_of(level: str) -> int:
    return int(synth.qr_modules(synth.SampleIssuer(0).code_at(synth.SAMPLE_NOW_S), 0,
                                level, 0).shape[0])


def recommend(rows: list[tuple[str, str, int, int]]) -> str:
    """A note choosing, per factor, the value that read most (the baseline on a tie)."""
    base = next(r for r in rows if r[0] == "baseline")
    parts = []
    for factor in ("error correction", "code size", "quiet zone", "brightness"):
        options = [r for r in rows if r[0] == factor] + [(factor, "as now", base[2], base[3])]
        best = max(options, key=lambda r: (r[2], r[1] == "as now"))
        figures = ", ".join(f"{value} {reads}/{total}" for _, value, reads, total in options)
        parts.append(f"{factor}: **{best[1]}** ({figures})")
    return ("**The code as shown: the figures' choice** (baseline M, quiet zone 4, 60 % of "
            "the height, full brightness: " f"{base[2]}/{base[3]}). " + "; ".join(parts)
            + ". A factor whose rows tie keeps today's value. The code's outer size is fixed "
            "in each row, so fewer quiet-zone modules (or a lower error-correction level, "
            "a smaller symbol) mean bigger modules: that, not the narrower margin, is what "
            "reads better; the QR standard's 4-module quiet zone is what other readers "
            "expect.")


def measure(mode: str, log: Callable[[str], None]) -> Table:
    frames = FRAMES[mode]
    issuer = synth.SampleIssuer(0)
    ROWS.clear()
    table = Table(f"The code as shown: kinpay's reads on the screen conditions at 720p "
                  f"({len(CONDITIONS)} conditions × {frames} frames per row)",
                  ["factor", "value", "modules a side", "px per module", "read", "read rate"])
    # The smoke test's tiny run measures the baseline and one change: that the study runs,
    # not what it finds.
    for factor, value, changes in variants()[: 2 if mode == "tiny" else None]:
        decoder = dec.make_decoder(accept=dec.accept_structural)  # the terminal's
        reads = total = 0
        level = str(changes.get("ec_level", "m"))
        modules = modules_of(level)
        for name in CONDITIONS:
            cond = _cond(name, changes)
            for index in range(frames):
                seed = 7000 + 31 * CONDITIONS.index(name) + index
                text = issuer.code_at(synth.SAMPLE_NOW_S, counter=seed % 65_536)
                jittered = synth.jitter(cond, np.random.default_rng(seed))
                image = synth.frame(text, jittered, seed=seed)
                total += 1
                reads += text in [f.text for f in decoder.decode_frame(image)]
        quiet = int(changes.get("quiet_modules", synth.QUIET_MODULES))  # type: ignore[call-overload]
        fill = float(changes.get("fill", BASE_FILL))  # type: ignore[arg-type]
        px = fill * 720 / (modules + 2 * quiet)
        table.add(factor, value, modules, f"{px:.1f}", f"{reads}/{total}",
                  f"{100 * reads / max(total, 1):.0f} %")
        ROWS.append((factor, value, reads, total))
        log(f"decode: code as shown, {factor} {value}: {reads}/{total}")
    return table


# --- what each step costs ----------------------------------------------------------------


def step_costs(frames: list[np.ndarray], repeats: int = 3) -> Table:
    """The median time of each stage of the cascade on 720p frames with a code."""
    from pos_app.scan import variants
    from pos_app.scan.readers import PyzbarReader, ZxingReader, to_grey

    fast = ZxingReader()
    full = fast.thorough()
    assert full is not None
    by_name = {variants.ZXING: fast, variants.ZXING_FULL: full, variants.PYZBAR: PyzbarReader()}
    greys = [to_grey(f) for f in frames]
    table = Table(f"What each stage costs: median ms on {len(greys)} 720p frames with a code",
                  ["stage", "reader", "median ms"])

    def timed(run: Callable[[np.ndarray], object], images: list[np.ndarray]) -> str:
        times = []
        for _ in range(repeats):
            for image in images:
                started = time.perf_counter()
                run(image)
                times.append(time.perf_counter() - started)
        return f"{float(np.median(times)) * 1000:.2f}"

    def region(frame: np.ndarray, width: int, height: int) -> np.ndarray:
        """The frame's centre, `width`×`height`: a code's region as the decoder keeps it
        (the code's outline and half its side round it)."""
        top, left = (frame.shape[0] - height) // 2, (frame.shape[1] - width) // 2
        return frame[top : top + height, left : left + width]

    glance = fast.glance()
    assert glance is not None
    # The quick pass as FrameDecoder runs it: the last code's region first (only it
    # converted to grey), then on a miss the whole frame: grey, a glance and a read on
    # it halved, and the local binarizer at full size.
    table.add("quick: region of a 300-px code (600×600), grey, full size", "zxing-cpp fast",
              timed(lambda f: fast.read(to_grey(region(f, 600, 600))), frames))
    table.add("quick: region of a 520-px code (1040×720), grey, halved", "zxing-cpp fast",
              timed(lambda f: fast.read(variants.halved(to_grey(region(f, 1040, 720)))),
                    frames))
    table.add("quick: whole frame to grey (BGR → grey)", "OpenCV", timed(to_grey, frames))
    table.add("quick: glance, the frame halved (global binarizer)", "zxing-cpp glance",
              timed(lambda g: glance.read(variants.halved(g)), greys))
    table.add("quick: the frame halved (a new code, or none)", "zxing-cpp fast",
              timed(lambda g: fast.read(variants.halved(g)), greys))
    table.add("quick: whole frame, full size (local binarizer)", "zxing-cpp fast",
              timed(fast.read, greys))
    for step in variants.HEAVY_STEPS:
        reader = by_name[step.reader]

        def run(grey: np.ndarray, step: variants.HeavyStep = step,
                reader: object = reader) -> object:
            made = step.variant(grey)
            if made is None:
                return None
            image = made[0]
            if step.reader == variants.PYZBAR and step.label != "whole":
                image = variants.shrink_to(image, variants.FALLBACK_MAX_SIDE_PX)[0]
            return reader.read(image)  # type: ignore[attr-defined]

        table.add(f"heavy: {step.label or 'as is'}", step.reader, timed(run, greys))
    return table


# --- a 12-megapixel photo, as `kinpay scan` reads it -----------------------------------------


def twelve_mp(repeats: int = 3) -> tuple[float, float, bool, bool]:
    """(kinpay scan's ms, zxing-cpp alone's ms, kinpay read, zxing-cpp read) on a 4000×3000
    photo of a tablet's screen held close (the "lcd" preset, scaled up)."""
    import zxingcpp

    cond = synth.PRESETS["lcd"]
    scale = 3000 / cond.height
    cond = replace(cond, width=4000, height=3000, code_px=round(cond.code_px * scale),
                   blur_sigma=cond.blur_sigma * scale, pitch_px=cond.code_px / 720 * scale)
    text = synth.SampleIssuer(0).code_at(synth.SAMPLE_NOW_S)
    image = synth.frame(text, cond, seed=1)
    still = dec.make_decoder(accept=dec.accept_all, heavy_every=1, budget_ms=None,
                             adaptive=False)  # as `kinpay scan` makes it
    formats = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    ours, theirs = [], []
    read_ours = read_theirs = False
    for _ in range(repeats):
        started = time.perf_counter()
        read_ours = text in [f.text for f in still.decode_frame(image)]
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        grey = dec.to_grey(image)
        read_theirs = text in [b.text for b in zxingcpp.read_barcodes(grey, formats=formats)]
        theirs.append(time.perf_counter() - started)
    return float(np.median(ours)), float(np.median(theirs)), read_ours, read_theirs


# --- a photograph's .txt that differs from its code ------------------------------------------


def confirmed(
    tallies: dict[str, Any], items: list[tuple[np.ndarray, str | None]],
    decoders: dict[str, Callable[[np.ndarray], list[str]]], stages: dict[str, str],
    kinpay: str, singles: tuple[str, ...],
) -> list[int]:
    """Takes out of `kinpay`'s wrong texts on the photographs those its code holds though
    the `.txt` says otherwise: a text kinpay read with a still's own step (variants.
    STILL_STEPS) that two single libraries read alike from the image that step made —
    the test `second_codes` makes on the photo itself. Two independent decoders don't
    make the same misread letter for letter; a `.txt` can lose a letter (qrcode-2/13's
    says "photograph", its code "photography"). The indices of the photos."""
    from pos_app.scan.readers import to_grey
    from pos_app.scan.variants import STILL_STEPS

    by_label = {step.label: step for step in STILL_STEPS if step.label}
    held = []
    for i, (frame, expected) in enumerate(items):
        for text in set(tallies[kinpay].texts[i]) - {expected}:
            if sum(text in tallies[name].texts[i] for name in singles) >= 2:
                continue  # a second code in the photo: `second_codes` took it out
            step = by_label.get(stages.get(text, "").partition("+")[2])
            made = step.variant(to_grey(frame)) if step is not None else None
            if made is None:
                continue
            image = cv2.cvtColor(made[0], cv2.COLOR_GRAY2BGR)
            if sum(text in decoders[name](image) for name in singles) >= 2:
                tallies[kinpay].wrong -= tallies[kinpay].texts[i].count(text)
                held.append(i)
    return held
