"""From the first camera frame that holds a code to "approved" on screen, over many sales
against a real server on 127.0.0.1. The figures are printed (and written to
$KINPAY_BENCH_OUT as JSON), never asserted: a test must not depend on the machine's speed.
"""

from __future__ import annotations

import json
import os
import statistics
import threading
import time
from typing import Any

import numpy as np
import pytest

from kinpay.client import Client
from pos_app.scan import synth
from pos_app.scan.camera import Camera, Frame
from tests.pos.conftest import HARD, Tablet

pytestmark = [pytest.mark.gui, pytest.mark.slow]
SALES = 30
FPS = 30.0


class ScriptedCamera(Camera):
    """A live camera whose picture the test changes; notes when a code first shows."""

    live = True
    description = "scripted replay"

    def __init__(self, empty: Frame) -> None:
        self._lock = threading.Lock()
        self._frame = empty
        self._has_code = False
        self.first_code_at: float | None = None
        self._next = time.perf_counter()

    def show(self, frame: Frame, has_code: bool) -> None:
        with self._lock:
            self._frame, self._has_code = frame, has_code
            self.first_code_at = None

    def read(self) -> Frame | None:
        delay = self._next - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        self._next = max(self._next + 1 / FPS, time.perf_counter())
        with self._lock:
            if self._has_code and self.first_code_at is None:
                self.first_code_at = time.perf_counter()
            return self._frame


def test_first_code_frame_to_approved(terminal: Any, qtbot: Any, tablet: Tablet,
                                      sqlite_world: dict[str, Any]) -> None:
    cond = synth.Conditions(**HARD)
    frames = [synth.frame(tablet.code(), synth.jitter(cond, np.random.default_rng(i)), seed=i)
              for i in range(SALES)]
    camera = ScriptedCamera(synth.empty_frame(cond))
    window = terminal(camera=lambda: camera)
    qtbot.waitUntil(lambda: window.preview.frames_shown > 0, timeout=10_000)
    shown_at: list[float] = []
    window.result_shown.connect(lambda kind: shown_at.append(time.perf_counter()))
    latencies_ms = []
    for frame in frames:
        for key in "100":
            window.press(key)
        window.charge()  # the amount locked: the next code shown is taken
        shown_at.clear()
        camera.show(frame, True)
        qtbot.waitUntil(lambda: window.state == "result", timeout=10_000)
        assert window.result.kind == "approved", window.result.detail.text()
        assert camera.first_code_at is not None
        latencies_ms.append((shown_at[0] - camera.first_code_at) * 1000.0)
        camera.show(synth.empty_frame(cond), False)
        window.on_action("new")
    with Client(sqlite_world["server_url"], token=sqlite_world["merchant"]["api_key"]) as c:
        assert len([p for p in c.payments() if p.status == "approved"]) == SALES
    settle_ms = [x * 1000.0 for x in window.latencies_s]
    q = statistics.quantiles(latencies_ms, n=20)
    figures = {"sales": SALES, "p50_ms": round(statistics.median(latencies_ms), 1),
               "p95_ms": round(q[18], 1), "max_ms": round(max(latencies_ms), 1),
               "found_to_approved_p50_ms": round(statistics.median(settle_ms), 1),
               "found_to_approved_p95_ms": round(statistics.quantiles(settle_ms, n=20)[18], 1),
               "frame_size": f"{cond.width}x{cond.height}", "camera_fps": FPS}
    print("\nfirst code frame → approved on screen:", json.dumps(figures))
    out = os.environ.get("KINPAY_BENCH_OUT")
    if out:
        with open(out, "w", encoding="utf-8") as fh:
            json.dump({**figures, "latencies_ms": [round(x, 2) for x in latencies_ms]}, fh)
