"""Where the terminal's frames come from, by the `camera` setting: what `kinpay pos
--camera` and the Settings dialog take. pos_app.scan.camera.open_camera's specs ("0",
"/dev/video0", a video, an image or a folder to replay, "sim"), and "sim:DEVICE_FILE": a
simulated tablet showing a paired device's real codes (`kinpay seed` writes one), or a
wallet's published `current-code.json`. No Qt here.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pos_app.scan.camera import Camera

SIM_BUMP_S = 4.0  # the simulated tablet shows its next code this long after a payment
# The simulated counter repeats its frames of one code every second (15 a second): each is
# made once, not 15 times a second, which took most of a core while the till stood idle.
SIM_CYCLE_FRAMES = 15


class SimTablet:
    """A paired device's codes, rotating with the clock; a new one after each use."""

    def __init__(self, device_path: Path) -> None:
        from kinpay.device import Device

        self.device = Device.load(device_path)
        self._lock = threading.Lock()
        self._shown: str | None = None
        self._since = time.monotonic()

    def code(self) -> str:
        with self._lock:
            now = int(time.time())
            text = self.device.code_at(now)
            if text != self._shown:
                self._shown, self._since = text, time.monotonic()
            elif time.monotonic() - self._since > SIM_BUMP_S:
                # The demo tablet refreshes now and then, as after a payment.
                self.device.bump(now)
                self._shown = self.device.code_at(now)
                self._since = time.monotonic()
            return self._shown


class ShownCode:
    """The code another process's screen shows now: the delegate wallet's `current-code.json`
    (see wallet_app), read again whenever it changes. None while nothing is shown."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp: tuple[int, int] | None = None
        self._code: str | None = None

    def code(self) -> str | None:
        try:
            st = self.path.stat()
        except OSError:
            self._stamp, self._code = None, None
            return None
        stamp = (st.st_mtime_ns, st.st_size)
        if stamp != self._stamp:
            try:
                self._code = str(json.loads(self.path.read_text())["code"])
                self._stamp = stamp
            except (OSError, ValueError, KeyError, TypeError):
                return self._code  # caught mid-write: keep what was shown
        return self._code


def _shows_codes(path: Path) -> bool:
    """A published code file (`{"code": ...}`), not a device file."""
    if path.name.endswith("current-code.json"):
        return True
    try:
        return "code" in json.loads(path.read_text())
    except (OSError, ValueError, TypeError):
        return False


# A till with no camera: a barcode scanner that types the code (a keyboard wedge), or the
# cashier typing the numeric code. `--camera none` and Settings' "No camera".
NO_CAMERA = "none"


def camera_factory(spec: str) -> Callable[[], Camera] | None:
    """What the scan worker calls (on its own thread) to open the camera; None for a till
    with no camera (NO_CAMERA)."""
    if spec.strip().lower() == NO_CAMERA:
        return None
    from pos_app.scan import synth
    from pos_app.scan.camera import open_camera

    if spec.startswith("sim:"):
        path = Path(spec[4:])
        if _shows_codes(path):
            # The child's tablet held up at the counter: a little tilt, blur and noise.
            shown = ShownCode(path)
            held = replace(synth.PRESETS["tilted"], yaw_deg=18.0, pitch_deg=-10.0,
                           roll_deg=6.0, blur_sigma=0.8, noise_sigma=5.0)
            return lambda: open_camera("sim", fps=15.0, provider=shown.code, conditions=held,
                                       cycle=SIM_CYCLE_FRAMES)
        tablet = SimTablet(path)
        return lambda: open_camera("sim", fps=15.0, provider=tablet.code,
                                   cycle=SIM_CYCLE_FRAMES)
    # Replays are paced like a webcam, so the preview looks live and the newest frame wins.
    return lambda: open_camera(spec, fps=15.0, loop=True)
