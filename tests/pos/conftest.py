"""Fixtures for the terminal's scanning tests: real codes, synthetic frames, photo data."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kinpay import codes

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

NOW_S = 1_767_225_600  # a fixed "now", so every code is fresh whatever the machine's clock
# ../shared/data beside the project, as the data README asks; another place by variable.
PHOTOS = Path(
    os.environ.get("KINPAY_QR_PHOTOS")
    or Path(__file__).resolve().parents[3] / "shared" / "data" / "qr-photos"
)


@dataclass(frozen=True)
class Issued:
    """A real code, signed by a fresh server key and device key, and how to verify it."""

    text: str
    server_keys: dict[bytes, Ed25519PublicKey]
    now_s: int


def issue(now_s: int = NOW_S) -> Issued:
    server_key = Ed25519PrivateKey.generate()
    device_key = Ed25519PrivateKey.generate()
    cert = codes.Certificate(
        key_id=b"",
        cert_id=os.urandom(8),
        grant_id=uuid.uuid4().hex,
        device_public_key=codes.raw_public(device_key.public_key()),
        offline_cap_minor=5000,
        currency="CNY",
        rotate_s=30,
        expires_s=now_s + 86400,
    ).signed_by(server_key)
    public = server_key.public_key()
    return Issued(
        codes.build_code(cert, device_key, now_s=now_s), {codes.key_id_of(public): public}, now_s
    )


@pytest.fixture(scope="session")
def issued() -> Issued:
    return issue()


def photo_cases() -> list[tuple[Path, str]]:
    """The real photographs and their exact texts; empty when the data is not here."""
    if not PHOTOS.is_dir():
        return []
    cases = []
    for image in sorted(PHOTOS.rglob("*.png")):
        expected = image.with_suffix(".txt")
        if expected.is_file():
            # Bytes, decoded by hand: text mode would turn the payloads' \r\n into \n.
            cases.append((image, expected.read_bytes().decode("utf-8")))
    return cases


@pytest.fixture(scope="session")
def photos() -> list[tuple[Path, str]]:
    cases = photo_cases()
    if not cases:  # never a silent skip: a clone without the photos must not pass unseen
        pytest.fail(f"the real QR photographs (PNG with a .txt of its text) are not at {PHOTOS}:"
                    " fetch ../shared/data/qr-photos or set KINPAY_QR_PHOTOS", pytrace=False)
    return cases


# --- the terminal around the scanner (pos_app outside pos_app.scan) ----------------------
#
# A terminal window on a real server: `terminal(...)` builds the real MainWindow with its
# real threads, in a data folder of its own, and shuts it down (threads stopped, bounded)
# after the test. `shot(widget, name)` saves a screenshot to assets/screenshots when
# KINPAY_SHOTS=1, so the README's pictures come from the tests' own screens.

import socket  # noqa: E402 - kept with the fixtures that use them
import threading  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from typing import Any  # noqa: E402

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from kinpay.device import Device  # noqa: E402

SCREENSHOTS = Path(__file__).resolve().parents[2] / "assets" / "screenshots"
# How a webcam sees a tablet at a real counter: turned, tipped, a little blurred and noisy.
HARD = {"yaw_deg": 22.0, "pitch_deg": -14.0, "roll_deg": 7.0, "blur_sigma": 1.1,
        "noise_sigma": 7.0, "jpeg_quality": 70}


def code_frames(text: str, folder: Path, *, empty: int = 2, with_code: int = 4) -> Path:
    """A replay folder: a few frames of the bare counter, then the tablet with `text`."""
    from pos_app.scan import synth

    folder.mkdir(parents=True, exist_ok=True)
    cond = synth.Conditions(**HARD)
    for i in range(empty):
        cv2.imwrite(str(folder / f"f{i:03d}.png"), synth.empty_frame(cond, seed=i))
    for j in range(with_code):
        frame = synth.frame(text, synth.jitter(cond, np.random.default_rng(j)),
                            seed=100 + j)
        cv2.imwrite(str(folder / f"f{empty + j:03d}.png"), frame)
    return folder


class Tablet:
    """The seeded delegate's device: a fresh, never-used code on every call."""

    def __init__(self, world: dict[str, Any]) -> None:
        self.device = Device.load(Path(world["delegate"]["device"]))

    def code(self) -> str:
        now = int(time.time())
        self.device.bump(now)
        return self.device.code_at(now)


@pytest.fixture
def tablet(sqlite_world: dict[str, Any]) -> Tablet:
    return Tablet(sqlite_world)


@pytest.fixture
def shot() -> Callable[[Any, str], None]:
    enabled = os.environ.get("KINPAY_SHOTS") == "1"

    def save(widget: Any, name: str) -> None:
        if enabled:
            from PySide6.QtCore import QEvent
            from PySide6.QtWidgets import QApplication

            from pos_app.widgets.layout import LAYOUT_PASSES

            # The layouts first, one nesting level a pass: under load a grab once caught a
            # result card before its layout ran (its button stretched over the card).
            for _ in range(LAYOUT_PASSES):
                QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            widget.grab().save(str(SCREENSHOTS / f"pos-{name}.png"))

    return save


@pytest.fixture
def terminal(
    qtbot: Any, tmp_path: Path, sqlite_world: dict[str, Any]
) -> Iterator[Callable[..., Any]]:
    """`terminal(camera=None, server_url=None, refresh_s=None, **settings)` → a started
    MainWindow (`refresh_s`: how often it fetches the revocation list; default a minute),
    once it has heard whether it is online (not with wait_online=False)."""
    from pos_app.app import MainWindow
    from pos_app.core import catalogue
    from pos_app.settings import Settings

    made: list[Any] = []

    def make(camera: Callable[[], Any] | None = None, server_url: str | None = None,
             data: Path | None = None, refresh_s: float | None = None,
             wait_online: bool = True, **overrides: Any) -> Any:
        settings = Settings(
            server_url=server_url or sqlite_world["server_url"],
            terminal_id=sqlite_world["merchant"]["terminal_id"],
            api_key=sqlite_world["merchant"]["api_key"],
            camera="test",
            merchant=sqlite_world["merchant"]["name"],
            timeout_s=1.0,
        )
        for name, value in overrides.items():
            setattr(settings, name, value)
        window = MainWindow(data_dir=data or tmp_path / f"pos{len(made)}", settings=settings,
                            catalogue=catalogue.load(), camera_factory=camera, tick_ms=250,
                            refresh_s=refresh_s)
        qtbot.addWidget(window)
        window.resize(1366, 768)  # the commonest till panel (and the README's pictures)
        window.show()
        window.start()
        made.append(window)
        # Online, with the server's keys cached for checking codes offline.
        if wait_online:
            qtbot.waitUntil(lambda: window.online is not None, timeout=10_000)
        return window

    yield make
    for window in made:
        window.shutdown()


class HoldingProxy:
    """A TCP proxy on 127.0.0.1 that, while `hold` is set, lets payment requests reach the
    server but never passes the answer back: "sent, no answer" on a real socket."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.hold = False
        self.held = 0
        self.marker = b"POST /v1/payments "  # the requests whose answers are swallowed
        # A reverse proxy's own error page: when set, a held request's answer is replaced by
        # these bytes (e.g. nginx's "504 Gateway Time-out" HTML) and the connection closed.
        self.gateway: bytes | None = None
        # When set, a held request also closes the door: later connects are refused (a
        # server that took a sale, lost its answer and is restarting) until reopen().
        self.refuse_when_held = False
        self._sock = self._listen(0)
        self.port = self._sock.getsockname()[1]
        self._open = threading.Event()
        self._open.set()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._conns: list[socket.socket] = []
        self._spawn(self._accept)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _spawn(self, fn: Callable[..., None], *args: Any) -> None:
        t = threading.Thread(target=fn, args=args, daemon=True)
        t.start()
        self._threads.append(t)

    @staticmethod
    def _listen(port: int) -> socket.socket:
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        sock.listen(16)
        sock.settimeout(0.2)
        return sock

    def refuse(self, keep: tuple[socket.socket, ...] = ()) -> None:
        """Take no more connections (a connect is refused) and drop the open ones but
        `keep`, as a server restarting does."""
        self._open.clear()
        for sock in (self._sock, *[c for c in self._conns if c not in keep]):
            try:
                sock.shutdown(socket.SHUT_RDWR)  # wakes a blocked accept or read at once
            except OSError:
                pass
            sock.close()

    def reopen(self) -> None:
        """Take connections again, at the same address (the server is back)."""
        self._sock = self._listen(self.port)
        self._open.set()

    def _accept(self) -> None:
        while not self._stop.is_set():
            if not self._open.wait(0.2):
                continue
            try:
                client, _ = self._sock.accept()
            except OSError:
                continue
            upstream = socket.create_connection(self.upstream, timeout=5)
            self._conns += [client, upstream]
            state = {"held": False}
            self._spawn(self._pump, client, upstream, state, True)
            self._spawn(self._pump, upstream, client, state, False)

    def _pump(self, src: socket.socket, dst: socket.socket, state: dict[str, bool],
              request: bool) -> None:
        src.settimeout(0.2)
        while not self._stop.is_set():
            try:
                data = src.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                break
            if not data:
                break
            if request and self.hold and self.marker in data:
                state["held"] = True
                self.held += 1
            if not request and state["held"]:
                if self.gateway is None:
                    continue  # the answer is swallowed: the client waits until it times out
                try:
                    dst.sendall(self.gateway)  # the proxy's page instead of the answer
                except OSError:
                    pass
                break
            try:
                dst.sendall(data)
            except OSError:
                break
            if request and state["held"] and self.refuse_when_held and self._open.is_set():
                self.refuse(keep=(src, dst))  # the request is on its way: then the door shuts
        for s in (src, dst):
            try:
                s.close()
            except OSError:
                pass

    def close(self) -> None:
        self._stop.set()
        self._sock.close()
        for t in self._threads:
            t.join(2)


@pytest.fixture
def proxy(sqlite_server: Any) -> Iterator[HoldingProxy]:
    p = HoldingProxy(sqlite_server.port)
    yield p
    p.close()


@pytest.fixture
def till(qtbot: Any, tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """`till(width, height)` → a started MainWindow with no server (nothing listens at its
    address) and no camera, at that size: for what the window shows, quickly."""

    from pos_app.app import MainWindow
    from pos_app.core import catalogue
    from pos_app.settings import Settings

    made: list[Any] = []

    def make(width: int = 1366, height: int = 768, **overrides: Any) -> Any:
        settings = Settings(server_url="http://127.0.0.1:9", terminal_id="t", api_key="k",
                            camera="test", merchant="Corner Shop", timeout_s=0.5)
        for name, value in overrides.items():
            setattr(settings, name, value)
        window = MainWindow(data_dir=tmp_path / f"till{len(made)}", settings=settings,
                            catalogue=catalogue.load(), camera_factory=None)
        qtbot.addWidget(window)
        window.show()
        window.resize(width, height)
        qtbot.waitUntil(lambda: (window.width(), window.height()) == (width, height),
                        timeout=5_000)
        window.start()
        made.append(window)
        # Offline, as the link thread finds (the status bar says so: its height is set).
        qtbot.waitUntil(lambda: window.online is False, timeout=10_000)
        settle()
        return window

    yield make
    for window in made:
        window.shutdown()


def settle() -> None:
    """The window's posted events and layouts run, nesting level by level."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from pos_app.widgets.layout import LAYOUT_PASSES

    for _ in range(3):
        QApplication.processEvents()
        for _ in range(LAYOUT_PASSES):
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    QApplication.processEvents()
