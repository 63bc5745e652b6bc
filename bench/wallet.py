"""Part 4, the wallet's next code: the code, then its QR image, as the tablet makes them.

kinpay's path is what the delegate's screen does after a payment: `Device.bump` and
`Device.code_at` (sign, base45), then `wallet_app.qr.qr_image` (zxing-cpp's encoder, or
segno with a fixed mask where zxing-cpp has none) to a QImage. The baseline is segno as
most code would use it: `segno.make_qr` with its own mask search (it builds all eight
masks and scores each), to a numpy image. The `qrcode` package is not a dependency, so it
is not compared. Each variant runs in turn, round by round, so noise falls on all alike.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable

import numpy as np
import segno

from bench import plots
from bench.report import Part, Table, median, percentile, ratio
from kinpay.device import Device
from pos_app.scan import synth

ROUNDS = {"full": 1000, "quick": 200, "tiny": 20}
NOW_S = 1_767_225_600


def sample_device() -> Device:
    issuer = synth.SampleIssuer(7)
    return Device(key=issuer.device_key, cert=issuer.cert, device_no=100_000_007,
                  otp_secret=b"\0" * 32, server_keys={})


def variants() -> dict[str, Callable[[], object]]:
    from wallet_app import qr

    device = sample_device()
    calls = itertools.count()
    text = device.code_at(NOW_S)

    def next_code() -> str:
        now = NOW_S + next(calls) // 1000  # a bump per call; the step moves now and then
        device.bump(now)
        return device.code_at(now)

    def segno_default(t: str) -> np.ndarray:
        symbol = segno.make_qr(t, error="m")
        return np.array(symbol.matrix, dtype=np.uint8)

    def segno_fixed(t: str) -> np.ndarray:
        symbol = segno.make_qr(t, error="m", mask=0, boost_error=False)
        return np.array(symbol.matrix, dtype=np.uint8)

    return {
        "kinpay: next code + QR image (wallet_app.qr)": lambda: qr.qr_image(next_code()),
        "kinpay: next code only (Device.code_at)": next_code,
        "QR image only (wallet_app.qr.qr_image)": lambda: qr.qr_image(text),
        "baseline: segno with its mask search": lambda: segno_default(text),
        "segno, fixed mask (the wallet's fallback)": lambda: segno_fixed(text),
        "baseline: next code + segno mask search": lambda: segno_default(next_code()),
    }


def measure(rounds: int) -> dict[str, list[float]]:
    funcs = variants()
    times: dict[str, list[float]] = {name: [] for name in funcs}
    names = list(funcs)
    for name in names:  # one warm-up call each: imports and caches are not the measure
        funcs[name]()
    for r in range(rounds):
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            started = time.perf_counter()
            funcs[name]()
            times[name].append(time.perf_counter() - started)
    return times


def run(mode: str = "full", log: Callable[[str], None] = print) -> Part:
    rounds = ROUNDS[mode]
    log(f"wallet: {rounds} rounds")
    times = measure(rounds)
    from wallet_app import qr

    encoder = "zxing-cpp" if qr._HAVE_ZXING else "segno, fixed mask"
    part = Part("wallet", "4. The wallet's next code", settings=(
        f"{mode} mode: {rounds} rounds, each variant once a round, one thread; the QR "
        f"encoder in wallet_app.qr here: {encoder}"))
    part.intro = (__doc__ or "").split("\n\n", 1)[1].strip()
    full_name = "kinpay: next code + QR image (wallet_app.qr)"
    base_name = "baseline: next code + segno mask search"
    chars = len(sample_device().code_at(NOW_S))
    table = Table(f"Time per call (a code of {chars} characters)",
                  ["what", "median ms", "p95 ms", "median vs baseline (same work)"])
    image_base = "baseline: segno with its mask search"
    bases = {full_name: base_name, base_name: base_name, image_base: image_base,
             "QR image only (wallet_app.qr.qr_image)": image_base,
             "segno, fixed mask (the wallet's fallback)": image_base}
    for name, values in times.items():
        base = bases.get(name)
        table.add(name, f"{median(values) * 1000:.3f}", f"{percentile(values, 95) * 1000:.3f}",
                  ratio(median(values), median(times[base])) if base else "–")
    part.tables.append(table)
    part.notes.append(
        "The rows compare like with like: the first and the last row make a fresh code and "
        "its QR; the image-only rows encode the same fixed text. The ratio is to the "
        "matching baseline row."
    )
    part.plots.append(plots.latency_cdf(
        "wallet", "The wallet's next code: time per call",
        {name: values for name, values in times.items() if name in (full_name, base_name)}
        | {"QR image only (wallet_app.qr)": times["QR image only (wallet_app.qr.qr_image)"]},
    ))
    fast = median(times[full_name])
    part.notes.append(
        f"A new code is on screen {fast * 1000:.2f} ms (median) after a payment, against "
        f"{median(times[base_name]) * 1000:.2f} ms with segno's mask search "
        f"({ratio(fast, median(times[base_name]))})."
    )
    return part
