"""Part 2, scan to approval: a frame's arrival → the approved state, in the real terminal.

The terminal is pos_app's own MainWindow (offscreen Qt), with its scan worker, its settle
worker and its journal, on a real `kinpay server` (SQLite) on 127.0.0.1. Its camera is
the replay camera (`pos_app.scan.camera.ImageCamera`) at 30 frames a second, behind a
small switch that shows the counter while no sale waits and the tablet with a fresh
code once the cashier has pressed Charge. The clock starts when the camera's `read`
returns the first frame with the sale's code (the frame's arrival) and stops when the
window emits `result_shown("approved")` (the approved state is set).

A quiet till first: the terminal's scan worker (its decoder, its preview signal turned
into a pixmap) on recorded 720p counter frames replayed at 30 fps, its process's CPU
measured while idle (`set_armed(False)`: no sale waits) and armed (a sale waits, no code
in view yet). Then the sales.

Baselines on the same frames and server, measured right after each sale: the bare
round trip `Client.pay` with another fresh code on a keep-alive connection, and one
decode of the sale's frame by the terminal's decoder. The pipeline's p50 minus theirs is
what the threads, the signals, the journal and the wait for a frame add.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from bench import plots, world
from bench.report import Goal, Part, Table, median, percentile, ratio
from pos_app.scan import synth
from pos_app.scan.camera import Camera, Frame, ImageCamera

SALES = {"full": 200, "quick": 30, "tiny": 3}
FPS = 30.0
SALE_TIMEOUT_S = 10.0
# The till's wait for the server's answer before it judges a sale offline (its own default
# is 2 s). This part times the online path: an answer slowed by a loaded machine (the
# suite's other workers beside `make test`'s quick form) is a slow approved sale here, with
# its time, not an offline one that drops out of the count.
TILL_TIMEOUT_S = SALE_TIMEOUT_S / 2
GOAL_P95_S = 0.100
# Moments at a real counter that the decoder reads on the first frame (the decode part
# shows which do: "near" at 720p does not always); each sale gets one, with a hand's
# wobble, so this part times the pipeline, not the decoder's misses.
PRESETS = ("clean", "tilted", "far", "glare", "jpeg", "noisy", "moire")


class SwitchCamera(Camera):
    """The replay camera, switched between the bare counter and the current sale's frame.

    Notes when the first frame of each sale arrives (when `read` returns it).
    """

    live = True
    description = "bench replay camera"

    def __init__(self, idle: Path) -> None:
        self._idle = ImageCamera([idle], description="counter", fps=FPS, loop=True)
        self._current: ImageCamera | None = None
        self._sale: int | None = None
        self._lock = threading.Lock()
        self.arrivals: dict[int, float] = {}
        self._closed = False

    def show(self, sale: int, image: Path) -> None:
        camera = ImageCamera([image], description=f"sale {sale}", fps=FPS, loop=True)
        with self._lock:
            self._current, self._sale = camera, sale

    def clear(self) -> None:
        with self._lock:
            self._current, self._sale = None, None

    @property
    def ended(self) -> bool:
        return self._closed

    def read(self) -> Frame | None:
        with self._lock:
            camera, sale = self._current or self._idle, self._sale
        frame = camera.read()
        if frame is not None and sale is not None:
            with self._lock:
                self.arrivals.setdefault(sale, time.perf_counter())
        return frame

    def close(self) -> None:
        self._closed = True


@dataclass
class Results:
    pipeline_s: list[float] = field(default_factory=list)
    pay_s: list[float] = field(default_factory=list)
    decode_s: list[float] = field(default_factory=list)
    outcomes: dict[str, int] = field(default_factory=dict)
    frames_dropped: int = 0


def _terminal(db: str) -> dict[str, str]:
    from bench.servers import run_kinpay

    out = run_kinpay("terminal", "add", "--db", db, "--merchant", "bench-shop",
                     "--category", "grocery")
    return dict(json.loads(out.stdout))


def _wait(app: object, signal: object, timeout_s: float) -> None:
    """Run the Qt event loop until `signal` fires or the time is up (no busy waiting)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()
    with contextlib.suppress(RuntimeError):
        signal.disconnect(loop.quit)  # type: ignore[attr-defined]


def _until(predicate: Callable[[], bool], timeout_s: float) -> bool:
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            return False
        loop = QEventLoop()
        QTimer.singleShot(20, loop.quit)
        loop.exec()
    return True


def _dispose(app: object, window: object) -> None:
    """Stop the window's threads and let Qt delete it, as qtbot does after a test."""
    from PySide6.QtCore import QCoreApplication, QEvent

    window.shutdown()  # type: ignore[attr-defined]
    window.close()  # type: ignore[attr-defined]
    window.deleteLater()  # type: ignore[attr-defined]
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _frame(code: str, sale: int, folder: Path) -> Path:
    cond = replace(synth.PRESETS[PRESETS[sale % len(PRESETS)]])
    cond = synth.jitter(cond, np.random.default_rng(sale))
    path = folder / f"sale-{sale:04d}.png"
    cv2.imwrite(str(path), synth.frame(code, cond, seed=sale))
    return path


def measure(sales: int, log: Callable[[str], None]) -> Results:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from bench.servers import ServerProcess
    from kinpay.client import Client
    from pos_app import catalogue
    from pos_app.app import MainWindow
    from pos_app.scan.decoder import make_decoder
    from pos_app.settings import Settings

    app = QApplication.instance() or QApplication([])
    tmp = Path(tempfile.mkdtemp(prefix="kinpay-bench-scan-"))
    results = Results()
    server = ServerProcess(db=str(tmp / "kinpay.db"), test_clock=False, fast_passwords=False,
                           log_path=tmp / "srv.log")
    with contextlib.ExitStack() as stack:
        stack.callback(shutil.rmtree, tmp, True)
        stack.callback(server.stop)
        server.start()
        device = world.device_of(world.make_family(server.url, f"scan-{os.getpid()}"))
        term = _terminal(server.db)
        idle = tmp / "counter.png"
        cv2.imwrite(str(idle), synth.empty_frame(synth.PRESETS["clean"]))
        camera = SwitchCamera(idle)
        settings = Settings(server_url=server.url, terminal_id=term["terminal_id"],
                            api_key=term["api_key"], camera="bench", merchant="bench-shop",
                            sounds=False, timeout_s=TILL_TIMEOUT_S)
        window = MainWindow(data_dir=tmp / "pos", settings=settings, catalogue=catalogue.load(),
                            camera_factory=lambda: camera, tick_ms=2000)
        stack.callback(_dispose, app, window)
        window.start()
        if not _until(lambda: bool(window.cache.keys) and window.online is not None, 20.0):
            raise RuntimeError("the terminal did not come online with the server's keys")
        client = stack.enter_context(Client(server.url, token=term["api_key"], timeout_s=5.0))
        decoder = make_decoder(accept=window.accept)
        shown: dict[str, float] = {}
        def on_shown(kind: str) -> None:
            if kind == "declined" and window.shown is not None:
                kind = f"declined:{window.shown.decline_code}"
            shown.setdefault(kind, time.perf_counter())

        window.result_shown.connect(on_shown)
        for sale in range(sales):
            image = _till_sale(app, window, camera, device, shown, results, sale, tmp)
            _baselines(client, decoder, device, image, results)
            if (sale + 1) % 50 == 0:
                log(f"scan: {sale + 1}/{sales} sales")
        worker = window.scan_worker
        results.frames_dropped = getattr(worker, "frames_dropped", 0)
    return results


def _till_sale(
    app: Any, window: Any, camera: SwitchCamera, device: Any, shown: dict[str, float],
    results: Results, sale: int, tmp: Path,
) -> Path:
    """One sale at the till: key the amount, charge, show the code's frame to the camera,
    and count what the till showed; returns the frame for the baselines."""
    now = int(time.time())
    device.bump(now)
    image = _frame(device.code_at(now), sale, tmp)
    for key in "100":  # ¥1.00
        window.press(key)
    window.charge()
    shown.clear()
    camera.show(sale, image)
    _wait(app, window.result_shown, SALE_TIMEOUT_S)
    camera.clear()
    kind = next(iter(shown), "timeout")
    results.outcomes[kind] = results.outcomes.get(kind, 0) + 1
    if kind == "approved" and sale in camera.arrivals:
        results.pipeline_s.append(shown[kind] - camera.arrivals[sale])
    if window.state == "result":
        window.on_action("new")
    else:
        window.cancel()
    return image


def _baselines(client: Any, decoder: Any, device: Any, image: Path, results: Results) -> None:
    """Right after a sale, on the same server and the same frame: one payment straight
    through the client, and one decode of the frame."""
    from kinpay.client import new_idempotency_key

    now = int(time.time())
    device.bump(now)
    other = device.code_at(now)
    started = time.perf_counter()
    client.pay(other, 100, "CNY", idempotency_key=new_idempotency_key())
    results.pay_s.append(time.perf_counter() - started)
    frame = cv2.imread(str(image))
    started = time.perf_counter()
    decoder.scan(frame)
    results.decode_s.append(time.perf_counter() - started)


# --- a quiet till: the scan loop's CPU with no sale waiting and with one ---------------------

QUIET_S = {"full": 8.0, "quick": 4.0, "tiny": 1.0}
GOAL_IDLE_CPU = 0.15  # of one core, while no sale waits


def quiet_till(seconds: float, folder: Path) -> dict[str, tuple[float, int]]:
    """Process CPU (share of one core) and frames decoded for the terminal's scan worker
    on recorded 720p counter frames replayed at 30 fps, idle then armed (no code in view:
    the till waits for one)."""
    from PySide6.QtGui import QImage, QPixmap
    from PySide6.QtWidgets import QApplication

    from pos_app.scan.decoder import accept_structural, make_decoder
    from pos_app.scan.worker import ScanWorker

    app = QApplication.instance() or QApplication([])
    paths = []
    for index in range(30):  # one second of a webcam on an empty counter, with noise
        cond = synth.jitter(replace(synth.PRESETS["clean"], noise_sigma=4.0),
                            np.random.default_rng(index))
        path = folder / f"counter-{index:02d}.png"
        cv2.imwrite(str(path), synth.empty_frame(cond, seed=index))
        paths.append(path)
    camera = ImageCamera(paths, description="recorded counter", fps=FPS, loop=True)
    worker = ScanWorker(camera, make_decoder(accept=accept_structural))
    shown: list[QPixmap] = []

    def show(image: QImage) -> None:
        # The window turns each preview into a pixmap; keep only the last, as a label would.
        shown[:] = [QPixmap.fromImage(image)]

    worker.frame.connect(show)
    results: dict[str, tuple[float, int]] = {}
    worker.set_armed(False)
    worker.start()
    try:
        _spin(app, 1.0)  # warm up: caches filled, threads running
        for label, armed in (("idle (no sale waits)", False), ("armed (a sale waits)", True)):
            worker.set_armed(armed)
            _spin(app, 0.5)
            decoded, cpu, wall = worker.frames_decoded, time.process_time(), time.perf_counter()
            _spin(app, seconds)
            share = (time.process_time() - cpu) / (time.perf_counter() - wall)
            results[label] = (share, worker.frames_decoded - decoded)
    finally:
        worker.stop(5000)
    return results


def _spin(app: object, seconds: float) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def _quiet_part(part: Part, mode: str, log: Callable[[str], None]) -> None:
    seconds = QUIET_S[mode]
    with tempfile.TemporaryDirectory(prefix="kinpay-bench-quiet-") as folder:
        results = quiet_till(seconds, Path(folder))
    table = Table(f"A quiet till: the scan loop's CPU, recorded 720p frames at {FPS:g} fps, "
                  f"{seconds:g} s each", ["mode", "CPU, % of one core", "frames decoded / s"])
    for label, (share, decoded) in results.items():
        table.add(label, f"{100 * share:.1f} %", f"{decoded / seconds:.1f}")
    part.tables.append(table)
    idle = results["idle (no sale waits)"][0]
    part.goals.append(Goal("A quiet till: ≤ 15 % of a core while no sale waits",
                           idle <= GOAL_IDLE_CPU, f"{100 * idle:.1f} % idle, "
                           f"{100 * results['armed (a sale waits)'][0]:.1f} % armed."))
    log(f"scan: quiet till {', '.join(f'{k} {100 * v[0]:.1f} %' for k, v in results.items())}")


def run(mode: str = "full", log: Callable[[str], None] = print) -> Part:
    sales = SALES[mode]
    log(f"scan: {sales} sales through the terminal")
    part = Part("scan", "2. Scan to approval", settings=(
        f"{mode} mode: {sales} sales, one fresh code each, 720p frames at {FPS:g} fps, "
        "SQLite server on 127.0.0.1"))
    _quiet_part(part, mode, log)
    res = measure(sales, log)
    part.intro = (__doc__ or "").split("\n\n", 1)[1].strip()
    table = Table("Frame arrival → approved (ms)",
                  ["what", "n", "p50", "p95", "p99", "max", "p50 vs bare pay"])
    base = median(res.pay_s)
    for name, values in (("terminal pipeline: frame → approved", res.pipeline_s),
                         ("baseline: bare Client.pay round trip", res.pay_s),
                         ("baseline: one decode of the same frame", res.decode_s)):
        table.add(name, len(values), *(f"{percentile(values, q) * 1000:.1f}"
                                       for q in (50, 95, 99, 100)),
                  ratio(median(values), base))
    part.tables.append(table)
    added = median(res.pipeline_s) - median(res.pay_s) - median(res.decode_s)
    outcomes = ", ".join(f"{k} {n}" for k, n in sorted(res.outcomes.items()))
    part.notes.append(
        f"Outcomes: {outcomes}; frames the scan worker dropped (newest frame wins): "
        f"{res.frames_dropped}. The pipeline's median less a bare payment's and a "
        f"decode's: {added * 1000:.1f} ms — the decode of the counter frame that may be "
        "under way when the code's frame arrives, the hops between the scan thread, the "
        "window and the settle thread, and the terminal's journal (its own SQLite) "
        "before and after the payment."
    )
    p95 = percentile(res.pipeline_s, 95)
    approved = res.outcomes.get("approved", 0)
    part.goals += [Goal(
        "p95 ≤ 100 ms from a frame's arrival to the approved state",
        p95 <= GOAL_P95_S and approved == sales and len(res.pipeline_s) >= min(sales, 200),
        f"p95 {p95 * 1000:.1f} ms over {len(res.pipeline_s)} approved sales of {sales}.",
    )]
    part.plots.append(plots.latency_cdf(
        "scan", "Scan to approval", {
            "terminal: frame → approved": res.pipeline_s,
            "bare Client.pay": res.pay_s,
            "one decode": res.decode_s,
        }, goal_ms=GOAL_P95_S * 1000))
    return part
