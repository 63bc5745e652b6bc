"""`kinpay pos`: the cashier's terminal.

    kinpay pos [--server URL] [--camera SPEC] [--terminal-id ID] [--api-key-file FILE]
               [--data DIR]

The terminal's API key comes from `--api-key-file FILE` or the KINPAY_API_KEY
environment variable, never from the command line, where every user of the machine
sees it in `ps`. (`--api-key KEY` still works for old scripts, with a warning.)
Options given are saved in the data folder's settings (0600), so the next start needs
none.
`--camera` takes what pos_app.scan.camera.open_camera takes ("0", "/dev/video0", a video,
an image or a folder to replay, "sim"), and also "sim:DEVICE_FILE": a simulated tablet
showing a paired device's real codes (`kinpay seed` writes one), for a demo with no
tablet and no webcam.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from pos_app.core.errors import KeyFileError, reported

DEFAULT_DATA = "kinpay-data/pos"
SIM_BUMP_S = 4.0  # the simulated tablet shows its next code this long after a payment
API_KEY_ENV = "KINPAY_API_KEY"
MAX_KEY_FILE_BYTES = 4096


def register(sub: Any) -> None:
    pos = sub.add_parser("pos", help="run the cashier's terminal (PySide6)")
    pos.add_argument("--server", help="settlement server URL, e.g. http://127.0.0.1:8400")
    pos.add_argument("--camera", help="camera: 0, /dev/video0, FILE, FOLDER, sim, sim:DEVICE")
    pos.add_argument("--terminal-id", help="this terminal's id (from `kinpay seed`)")
    pos.add_argument("--api-key-file", metavar="FILE",
                     help=f"a file holding this terminal's API key (or set {API_KEY_ENV})")
    pos.add_argument("--api-key", help=argparse.SUPPRESS)  # old scripts; shows in `ps`
    pos.add_argument("--data", default=DEFAULT_DATA, help="the terminal's data folder")
    pos.add_argument("--tick-ms", type=int, default=2000, help=argparse.SUPPRESS)
    pos.add_argument("--place", metavar="I/N", help="take column I of N on the screen")
    pos.add_argument("--control", metavar="SOCKET", help=argparse.SUPPRESS)
    pos.set_defaults(func=reported("pos", _pos))


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


def camera_factory(spec: str) -> Callable[[], object]:
    """What the scan worker calls (on its own thread) to open the camera."""
    from pos_app.scan import synth
    from pos_app.scan.camera import open_camera

    if spec.startswith("sim:"):
        path = Path(spec[4:])
        if _shows_codes(path):
            # The child's tablet held up at the counter: a little tilt, blur and noise.
            shown = ShownCode(path)
            held = replace(synth.PRESETS["tilted"], yaw_deg=18.0, pitch_deg=-10.0,
                           roll_deg=6.0, blur_sigma=0.8, noise_sigma=5.0)
            return lambda: open_camera("sim", fps=15.0, provider=shown.code, conditions=held)
        tablet = SimTablet(path)
        return lambda: open_camera("sim", fps=15.0, provider=tablet.code)
    # Replays are paced like a webcam, so the preview looks live and the newest frame wins.
    return lambda: open_camera(spec, fps=15.0, loop=True)


def api_key_from(args: argparse.Namespace, environ: dict[str, str]) -> str | None:
    """The API key from a file, the environment or (old, warned) argv; None if none."""
    if args.api_key_file:
        path = Path(args.api_key_file).expanduser()
        try:
            raw = path.read_bytes()[: MAX_KEY_FILE_BYTES + 1]
        except OSError as exc:
            raise KeyFileError(f"can't read the API key file {path}: {exc.strerror}") from exc
        key = raw.decode("utf-8", "replace").strip()
        if not key or len(raw) > MAX_KEY_FILE_BYTES or any(c.isspace() for c in key):
            raise KeyFileError(f"{path} does not hold one API key")
        return key
    if environ.get(API_KEY_ENV):
        return environ[API_KEY_ENV].strip()
    if args.api_key:
        print(f"kinpay pos: --api-key shows the key to every user of this machine (ps); "
              f"use --api-key-file FILE or {API_KEY_ENV} instead", file=sys.stderr)
        return str(args.api_key)
    return None


def _pos(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_API", "pyside6")
    from pos_app.app import MainWindow, run
    from pos_app.core import catalogue
    from pos_app.settings import Settings

    data = Path(args.data).expanduser().resolve()
    settings = Settings.load(data)
    if args.server:
        settings.server_url = args.server.rstrip("/")
    if args.camera:
        settings.camera = args.camera
    if args.terminal_id:
        settings.terminal_id = args.terminal_id
    try:
        key = api_key_from(args, dict(os.environ))
    except KeyFileError as exc:
        print(f"kinpay pos: {exc}", file=sys.stderr)
        return 2
    os.environ.pop(API_KEY_ENV, None)  # nothing this process starts inherits it
    if key:
        settings.api_key = key
    settings.save(data)
    cat = catalogue.load()

    def make() -> MainWindow:
        window = MainWindow(data_dir=data, settings=settings, catalogue=cat,
                            camera_factory=camera_factory(settings.camera), tick_ms=args.tick_ms)
        if args.place:
            from pos_app.remote import place

            place(window, args.place)
        if args.control:
            from pos_app.remote import PosRemote

            window.remote = PosRemote(window, Path(args.control))  # type: ignore[attr-defined]
        return window

    return run(make)
