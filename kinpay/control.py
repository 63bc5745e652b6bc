"""A remote control for the demo: JSON lines over a local (Unix) socket.

`kinpay demo` starts each part as its own process, as a shop would, and drives the story
through the same windows a person uses. Each app listens on a socket path it is given
(`--control PATH`); a request is one JSON line `{"cmd": ..., "args": {...}}` and the answer
one line `{"ok": true, "result": ...}` or `{"ok": false, "error": "..."}`. The apps hand
each command to their GUI thread; this module has no Qt in it.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kinpay.errors import KinpayError

log = logging.getLogger("kinpay.control")

MAX_LINE_BYTES = 1 << 20
Dispatch = Callable[[str, dict[str, Any]], Any]


class ControlError(KinpayError):
    """The app refused a command, or did not answer in time."""


def commands_of(handler: object) -> Dispatch:
    """A dispatch that runs `handler.cmd_<name>(**args)`: an app's commands are methods."""

    def dispatch(cmd: str, args: dict[str, Any]) -> Any:
        method = getattr(handler, f"cmd_{cmd}", None)
        if method is None:
            raise ControlError(f"unknown command {cmd!r}")
        return method(**args)

    return dispatch


MAX_CLIENTS = 8


class ControlServer:
    """Serves up to MAX_CLIENTS clients at once, each on its own thread, which is where
    `dispatch(cmd, args)` runs."""

    def __init__(self, path: str | os.PathLike[str], dispatch: Dispatch) -> None:
        self.path = Path(path)
        self._dispatch = dispatch
        self._stop = threading.Event()
        self._sock: socket.socket | None = None
        self._thread = threading.Thread(target=self._serve, name="kinpay-control", daemon=True)

    def start(self) -> ControlServer:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.unlink(missing_ok=True)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind(str(self.path))
        os.chmod(self.path, 0o600)
        sock.listen(4)
        sock.settimeout(0.2)
        self._sock = sock
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._sock is not None:
            self._sock.close()
        self._thread.join(2.0)
        self.path.unlink(missing_ok=True)

    def _serve(self) -> None:
        assert self._sock is not None
        slots = threading.BoundedSemaphore(MAX_CLIENTS)
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            if not slots.acquire(blocking=False):
                conn.close()  # too many at once: the client sees a closed connection
                continue
            threading.Thread(
                target=self._serve_one, args=(conn, slots), name="kinpay-control-client",
                daemon=True,
            ).start()

    def _serve_one(self, conn: socket.socket, slots: threading.BoundedSemaphore) -> None:
        try:
            with conn:
                conn.settimeout(None)
                self._session(conn)
        finally:
            slots.release()

    def _session(self, conn: socket.socket) -> None:
        reader = conn.makefile("rb")
        for raw in reader:
            if self._stop.is_set() or len(raw) > MAX_LINE_BYTES:
                return
            try:
                request = json.loads(raw)
                result = self._dispatch(str(request["cmd"]), dict(request.get("args") or {}))
                answer: dict[str, Any] = {"ok": True, "result": result}
            except Exception as exc:
                log.warning("control command failed: %s", exc)
                answer = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
            try:
                conn.sendall((json.dumps(answer, default=str) + "\n").encode())
            except OSError:
                return


class ControlClient:
    def __init__(self, path: str | os.PathLike[str], *, timeout_s: float = 30.0) -> None:
        self.path = Path(path)
        self.timeout_s = timeout_s
        self._sock: socket.socket | None = None
        self._reader: Any = None

    def wait_ready(self, timeout_s: float = 60.0, alive: Callable[[], bool] | None = None) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if alive is not None and not alive():
                raise ControlError(f"the app behind {self.path} exited")
            try:
                self.call("ping", timeout_s=2.0)
                return
            except (ControlError, OSError):
                self.close()
                time.sleep(0.2)
        raise ControlError(f"no answer on {self.path} in {timeout_s:.0f} s")

    def _connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(str(self.path))
        except OSError:
            sock.close()
            raise
        self._sock = sock
        self._reader = sock.makefile("rb")

    def call(self, cmd: str, *, timeout_s: float | None = None, **args: Any) -> Any:
        if self._sock is None:
            try:
                self._connect()
            except OSError as exc:
                raise ControlError(f"can't reach {self.path}: {exc}") from exc
        assert self._sock is not None
        self._sock.settimeout(timeout_s or self.timeout_s)
        try:
            self._sock.sendall((json.dumps({"cmd": cmd, "args": args}) + "\n").encode())
            line = self._reader.readline()
        except OSError as exc:
            self.close()
            raise ControlError(f"{cmd}: {exc}") from exc
        if not line:
            self.close()
            raise ControlError(f"{cmd}: the app closed the connection")
        answer = json.loads(line)
        if not answer.get("ok"):
            raise ControlError(f"{cmd}: {answer.get('error')}")
        return answer.get("result")

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
        if self._sock is not None:
            self._sock.close()
        self._sock = None
        self._reader = None


class Marshal:
    """Runs functions on an app's GUI thread and waits for their results.

    `post(fn)` must queue `fn` to run on the GUI thread (in Qt:
    `QTimer.singleShot(0, window, fn)`); the control thread blocks, boundedly, until done.
    """

    def __init__(self, post: Callable[[Callable[[], None]], None]) -> None:
        self._post = post

    def call(self, fn: Callable[[], Any], timeout_s: float = 10.0) -> Any:
        done = threading.Event()
        box: dict[str, Any] = {}

        def run() -> None:
            try:
                box["result"] = fn()
            except Exception as exc:
                box["error"] = exc
            finally:
                done.set()

        self._post(run)
        if not done.wait(timeout_s):
            raise ControlError("the window did not answer in time")
        if "error" in box:
            raise box["error"]
        return box.get("result")

    def wait_until(self, what: str, probe: Callable[[], Any], timeout_s: float = 15.0) -> Any:
        """Poll `probe` on the GUI thread until it returns something truthy."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            found = self.call(probe)
            if found:
                return found
            time.sleep(0.05)
        raise ControlError(f"timed out waiting for {what}")


Rect = tuple[int, int, int, int]  # x, y, width, height in pixels

# The demo's windows on one screen. The terminal needs the most room (1024 px where the
# screen has it; it reflows down to 800 and works at 600); the wallets share the rest, side
# by side when there is room, else one above the other. On a screen too narrow for both
# (1024 px), the terminal gives up width down to POS_SMALLEST_W_PX so that the wallets
# keep a column of their own instead of lying hidden under it; on one narrower still
# (800 px), down to POS_WORKS_W_PX, for a column of WALLET_NARROWEST_W_PX: at 800x600 the
# terminal at 700 px covered the child's code and the parent's "Allow this once" (live
# QA 36 §6). A window manager's title bar sits above each window's rectangle: leave it room.
POS_MIN_W_PX = 1024
POS_SMALLEST_W_PX = 700
POS_WORKS_W_PX = 600
WALLET_MIN_W_PX = 300
WALLET_NARROWEST_W_PX = 200
# Where the screen can't give the terminal 1024 px and the wallets a column they can be
# read in (WALLET_READABLE_W_PX), the terminal gives up width first, down to
# POS_REFLOW_W_PX (it reflows there at full size): on a 1366-px panel the wallets had 342
# px, drawn at 0.57 scale, their text about 7 px high (live tests 32 and 34).
WALLET_READABLE_W_PX = 440
POS_REFLOW_W_PX = 880
# The width each wallet window is made for; a narrower place shrinks it whole
# (QT_SCALE_FACTOR, see wallet_scale) rather than letting it overlap its neighbours. The
# parent's reflows down to a phone's 360 px; the tablet's code page needs 544.
WALLET_DESIGN_W_PX = {"payer": 440, "delegate": 544}
# And the least height each lays out in (its window's minimum at full size, measured in
# the demo at 1366x768): a shorter place shrinks it too, or its foot (the parent's
# floating notices) lay under the window below.
WALLET_DESIGN_H_PX = {"payer": 430, "delegate": 500}
# The narrowest each window goes at full size (its minimum width, measured in the demo):
# shrunk, it must still fit its place, or it lies under the terminal.
WALLET_SMALLEST_W_PX = {"payer": 354, "delegate": 418}
MIN_WALLET_SCALE = 0.5
LEAST_WALLET_SCALE = 0.45  # where the narrowest still doesn't fit at MIN_WALLET_SCALE
TITLE_BAR_PX = 32


def demo_layout(area: Rect) -> dict[str, Rect]:
    """The rectangles of the demo's three windows in the screen's free `area`, without
    overlap: the terminal on the right, the parent's wallet and the child's tablet left.
    Screens from 800x600 up hold all three (the wallets shrunk, wallet_scale); on a
    smaller one the terminal keeps POS_WORKS_W_PX and the wallets' places are too small."""
    x, y, width, height = area
    pos_w = min(width, max(POS_MIN_W_PX, width * 52 // 100))
    if width - pos_w < WALLET_READABLE_W_PX:
        pos_w = min(pos_w, max(POS_REFLOW_W_PX, width - WALLET_READABLE_W_PX))
    if width - pos_w < WALLET_MIN_W_PX:
        pos_w = min(width, max(POS_SMALLEST_W_PX, width - WALLET_MIN_W_PX))
    if width - pos_w < WALLET_NARROWEST_W_PX:
        pos_w = min(width, max(POS_WORKS_W_PX, width - WALLET_NARROWEST_W_PX))
    left_w = width - pos_w
    pos = (x + left_w, y + TITLE_BAR_PX, pos_w, height - TITLE_BAR_PX)
    if left_w >= 2 * WALLET_MIN_W_PX:
        half = left_w // 2
        body_h = height - TITLE_BAR_PX
        return {"payer": (x, y + TITLE_BAR_PX, half, body_h),
                "delegate": (x + half, y + TITLE_BAR_PX, left_w - half, body_h), "pos": pos}
    # One above the other, each with its own title bar.
    half_h = height // 2
    return {"payer": (x, y + TITLE_BAR_PX, left_w, half_h - TITLE_BAR_PX),
            "delegate": (x, y + half_h + TITLE_BAR_PX, left_w, height - half_h - TITLE_BAR_PX),
            "pos": pos}


def wallet_scale(area: Rect, name: str, base: float = 1.0) -> float:
    """The QT_SCALE_FACTOR that fits a wallet window in its place in `area` (device
    pixels): `base` (the user's own factor) when its place is wide and tall enough for the
    wallet at that factor, less when it is narrower or shorter; never below
    MIN_WALLET_SCALE, unless its narrowest would not fit its place there (then down to
    LEAST_WALLET_SCALE: on a screen smaller than 800x600 it overlaps the terminal)."""
    _x, _y, width, height = demo_layout(area)[name]
    fits = min(width / WALLET_DESIGN_W_PX.get(name, 544),
               height / WALLET_DESIGN_H_PX.get(name, 430))
    floor = max(LEAST_WALLET_SCALE,
                min(MIN_WALLET_SCALE, width / WALLET_SMALLEST_W_PX.get(name, 418)))
    return max(floor, min(base, fits))


def _scale_factor() -> float:
    try:
        return float(os.environ.get("QT_SCALE_FACTOR") or 1.0)
    except ValueError:
        return 1.0


def _scaled(rect: Rect, by: float) -> Rect:
    x, y, width, height = rect
    return round(x * by), round(y * by), round(width * by), round(height * by)


def column(spec: str, area: Rect) -> Rect | None:
    """The rectangle `--place SPEC` names in `area` (x, y, width, height), or None for a
    spec that names none: `I/N` is column I of N; `demo:NAME` is NAME's place in the
    demo's layout (demo_layout), computed in device pixels so that every app, whatever
    its QT_SCALE_FACTOR, finds the same place."""
    if spec.startswith("demo:"):
        scale = _scale_factor()
        rect = demo_layout(_scaled(area, scale)).get(spec.removeprefix("demo:"))
        return None if rect is None else _scaled(rect, 1 / scale)
    try:
        index, count = (int(x) for x in spec.split("/"))
    except ValueError:
        return None
    if not 0 <= index < count:
        return None
    x, y, width, height = area
    step = width // count
    return x + index * step, y, step, height
