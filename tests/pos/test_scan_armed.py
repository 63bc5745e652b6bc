"""The scan worker's idle and armed modes (issue 13, "a quiet till").

Idle (no sale waits): a few quick decodes a second, no heavy pass. Armed (after Charge):
every frame, with the heavy pass, and a code already in view is reported again at once.
"""

from __future__ import annotations

import threading

import numpy as np
from pytestqt.qtbot import QtBot

from pos_app.scan import synth
from pos_app.scan.camera import Camera, open_camera
from pos_app.scan.decoder import FrameDecoder, Scan, make_decoder
from pos_app.scan.worker import ScanWorker
from tests.pos.conftest import Issued

WAIT_MS = 10_000
IDLE_S = 1.0
CAMERA_FPS = 30


class _Recording(FrameDecoder):
    """The real decoder, noting how each frame was asked for (quick only or not)."""

    def __init__(self) -> None:
        real = make_decoder()
        super().__init__(real.readers, accept=real.accept)
        self.calls: list[bool] = []
        self.lock = threading.Lock()

    def scan(self, frame: np.ndarray, *, quick_only: bool = False) -> Scan:
        with self.lock:
            self.calls.append(quick_only)
        return super().scan(frame, quick_only=quick_only)


def _sim(issued: Issued) -> Camera:
    return open_camera("sim@640x480", fps=CAMERA_FPS, provider=lambda: issued.text)


def test_default_is_armed_for_callers_that_never_say(qtbot: QtBot, issued: Issued) -> None:
    worker = ScanWorker(lambda: _sim(issued), make_decoder())
    assert worker.armed
    with qtbot.waitSignal(worker.found, timeout=WAIT_MS) as blocker:
        worker.start()
    assert blocker.args[0] == issued.text
    assert worker.stop(WAIT_MS)


def test_idle_decodes_a_few_frames_quick_only_then_arming_reports_the_code_again(
    qtbot: QtBot, issued: Issued
) -> None:
    decoder = _Recording()
    worker = ScanWorker(lambda: _sim(issued), decoder, idle_decode_fps=5.0)
    worker.set_armed(False)
    found: list[str] = []
    worker.found.connect(lambda text, corners: found.append(text))
    with qtbot.waitSignal(worker.found, timeout=WAIT_MS):
        worker.start()  # idle still sees a code (quick pass), and reports it once
    qtbot.wait(int(IDLE_S * 1000))
    with decoder.lock:
        idle_calls = list(decoder.calls)
    assert all(idle_calls)  # idle: never a heavy pass
    # At most 5 decodes a second (plus the first): far fewer than the camera's 30 frames.
    assert len(idle_calls) <= 5 * (IDLE_S + 1.0) + 1
    assert found == [issued.text]  # the code stayed in view: reported once, not again

    with qtbot.waitSignal(worker.found, timeout=WAIT_MS) as blocker:
        worker.set_armed(True)  # Charge: the code in view is reported again at once
    assert blocker.args[0] == issued.text
    assert worker.armed
    qtbot.wait(300)
    assert worker.stop(WAIT_MS)
    with decoder.lock:
        armed_calls = decoder.calls[len(idle_calls):]
    assert armed_calls and not any(armed_calls[1:])  # armed: the full cascade


def test_idle_with_no_code_skips_most_frames_of_a_replay(qtbot: QtBot) -> None:
    """A 30 fps replay of an empty counter for one second while idle: few decodes."""
    frames = [synth.empty_frame(synth.PRESETS["vga"], seed=s) for s in range(3)]

    class _Replay(Camera):
        live = True
        description = "replay"

        def __init__(self) -> None:
            self.index = 0
            self.stop = threading.Event()

        def read(self) -> np.ndarray | None:
            self.stop.wait(1.0 / CAMERA_FPS)  # paced like a webcam
            self.index += 1
            return frames[self.index % len(frames)]

        def close(self) -> None:
            self.stop.set()

    camera = _Replay()
    decoder = _Recording()
    worker = ScanWorker(camera, decoder, idle_decode_fps=4.0)
    worker.set_armed(False)
    worker.start()
    qtbot.wait(int(IDLE_S * 1000))
    assert worker.stop(WAIT_MS)
    assert camera.index >= 10  # the camera kept delivering frames
    assert 1 <= worker.frames_decoded <= 4 * (IDLE_S + 1.0) + 1
    assert worker.frames_decoded < camera.index
