"""`kinpay demo`: a shop counter on one machine, each part its own process.

It starts the settlement server (SQLite in the demo data folder, seeded on first run), the
parent's wallet, the child's wallet on its code screen, and the cashier's terminal, laid
out side by side. With a webcam the terminal uses it; without one, its simulated camera
looks at the code the child's wallet shows right now (the file that process publishes).
Ctrl+C, or closing the terminal's window, stops every process it started.

With `--script` (what `make demo` runs when there is no display) it plays the whole story
offscreen through the apps' remote controls (kinpay.control), prints each step and its
outcome, saves a screenshot of every window at every step, and exits 0 only if every step
behaved.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from kinpay.cli import seconds_between, whole_between
from kinpay.control import ControlClient, ControlError, Rect, wallet_scale
from kinpay_demo.watch import (
    CRASH_WINDOW_S,
    MAX_RESTARTS,
    PORT_WAIT_S,
    WHO,
    DemoError,
    claim_port,
    report_death,
    say,
    write_status,
)

START_TIMEOUT_S = 60.0
WATCH_EVERY_S = 0.3


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


# Asked of Qt in a child process (kinpay itself imports no GUI): the primary screen's
# free area (without panels and docks), in device pixels.
SCREEN_PROBE = """
from PySide6.QtGui import QGuiApplication
app = QGuiApplication([])
screen = app.primaryScreen()
g, r = screen.availableGeometry(), screen.devicePixelRatio()
print(*(round(v * r) for v in (g.x(), g.y(), g.width(), g.height())))
"""


def screen_area() -> Rect | None:
    """The screen's free area, or None when Qt can't say (the apps then lay themselves
    out at full size)."""
    try:
        out = subprocess.run([sys.executable, "-c", SCREEN_PROBE], capture_output=True,
                             text=True, timeout=30)
        x, y, width, height = (int(v) for v in out.stdout.split())
    except (subprocess.TimeoutExpired, ValueError, OSError):
        return None
    return x, y, width, height


def find_webcam() -> str | None:
    for dev in sorted(Path("/dev").glob("video*")):
        return str(dev)
    return None


@dataclass
class Part:
    """One process of the demo, with its log and (for apps) its remote control."""

    name: str
    args: list[str]
    log_path: Path
    control_path: Path | None = None
    env: dict[str, str] = field(default_factory=dict)
    # Run after each start, the first and every restart: wait for health, sign in.
    ready: Callable[[Part], None] | None = None
    proc: subprocess.Popen[bytes] | None = None
    control: ControlClient | None = None
    restarts: int = 0
    deaths: list[float] = field(default_factory=list)  # time.monotonic() of recent ones

    def start(self) -> None:
        if self.control is not None:
            self.control.close()
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "kinpay", *self.args],
                stdout=log,
                stderr=log,
                env={**os.environ, **self.env},
                start_new_session=True,
            )
        try:
            if self.control_path is not None:
                self.control = ControlClient(self.control_path)
                self.control.wait_ready(START_TIMEOUT_S, alive=self.alive)
            if self.ready is not None:
                self.ready(self)
        except (ControlError, DemoError) as exc:
            code = self.proc.poll()
            self.stop()
            report_death(self.name, code if code is not None else self.proc.returncode,
                         self.log_path)
            raise DemoError(f"{WHO.get(self.name, self.name)} did not start: {exc}; "
                            f"its log is {self.log_path}") from exc

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def call(self, cmd: str, **args: Any) -> Any:
        assert self.control is not None, f"{self.name} has no remote control"
        return self.control.call(cmd, **args)

    def stop(self, *, kill: bool = False) -> None:
        if self.control is not None:
            self.control.close()
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL if kill else signal.SIGTERM)
            self.proc.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                return
            self.proc.wait(timeout=10)


class Shop:
    """The demo's processes and where they keep their data."""

    def __init__(self, data: Path, *, offscreen: bool, port: int = 8400,
                 lang: str | None = None, port_wait_s: float = PORT_WAIT_S) -> None:
        self.data = data
        self.port_wait_s = port_wait_s  # how long a busy port is waited for (--port-wait)
        self.lang = lang  # every app speaks it (`--lang`); None: each its own setting
        self.offscreen = offscreen
        self.port = port
        self.db = str(data / "kinpay.db")
        self.logs = data / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.status_path = data / "demo-status.json"
        self.parts: dict[str, Part] = {}
        self.world: dict[str, Any] = {}
        self.screen: Rect | None = None if offscreen else screen_area()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _env(self, name: str) -> dict[str, str]:
        if self.offscreen:
            return {"QT_QPA_PLATFORM": "offscreen"}
        if self.screen is None or name == "pos":
            return {}
        # A wallet whose place is narrower than it is designed for is shrunk whole, so
        # that it fits beside the terminal instead of overlapping it (a 1366 x 768 screen).
        try:
            base = float(os.environ.get("QT_SCALE_FACTOR") or 1.0)
        except ValueError:
            base = 1.0
        scale = wallet_scale(self.screen, name, base)
        return {} if scale >= base else {"QT_SCALE_FACTOR": f"{scale:.3f}"}

    def _healthy(self, part: Part) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if not part.alive():
                raise DemoError("it exited")
            try:
                if httpx.get(f"{self.url}/v1/health", timeout=0.5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise DemoError(f"no answer on {self.url}/v1/health in {START_TIMEOUT_S:.0f} s")

    def upgrade_data(self) -> None:
        """The demo's own data, made by an older kinpay, moved to this one's schema (its
        revisions only add): after `git pull`, `make demo` carries on with the same world
        where the server refused to start on it. A shop's ledger is never upgraded unasked
        (`kinpay server` refuses, and the operator backs it up first)."""
        if not Path(self.db).exists():
            return
        out = subprocess.run([sys.executable, "-m", "kinpay", "db", "upgrade", "--db", self.db],
                             capture_output=True, text=True, timeout=120)
        if out.returncode != 0:
            raise DemoError(f"the demo's data ({self.db}) could not be upgraded: "
                            f"{out.stderr.strip()}; start over with `kinpay demo --fresh`")
        moved = json.loads(out.stdout)
        if moved["from"] != moved["to"]:
            say(f"the demo's data was made by an older kinpay: upgraded from schema "
                f"{moved['from']} to {moved['to']}")

    def start_server(self) -> None:
        """On the port asked for, or not at all (see kinpay_demo.watch.claim_port)."""
        claim_port(self.port, wait_s=self.port_wait_s)
        part = self.parts.get("server") or Part(
            "server",
            # --demo: the demo's parent may top up her own account (never in a shop).
            ["server", "--db", self.db, "--port", str(self.port), "--demo"],
            self.logs / "server.log",
            ready=self._healthy,
        )
        part.start()
        self.parts["server"] = part
        self.save_status()

    def save_status(self) -> None:
        parts = {
            name: {"pid": p.proc.pid if p.proc else None, "restarts": p.restarts,
                   "log": str(p.log_path), "alive": p.alive()}
            for name, p in self.parts.items()
        }
        write_status(self.status_path, {"demo_pid": os.getpid(), "url": self.url,
                                        "parts": parts})

    def seed(self, *, grant: bool) -> dict[str, Any]:
        """The demo world: seeded once, then kept (a second run carries on with it)."""
        world_file = self.data / "world.json"
        if world_file.exists():
            self.world = json.loads(world_file.read_text())
            return self.world
        args = [sys.executable, "-m", "kinpay", "seed", "--db", self.db,
                "--devices", str(self.data / "devices"), "--server-url", self.url]
        if not grant:
            args.append("--no-grant")
        out = subprocess.run(args, capture_output=True, text=True, check=True, timeout=120)
        self.world = json.loads(out.stdout)
        world_file.write_text(json.dumps(self.world, indent=1))
        os.chmod(world_file, 0o600)
        return self.world

    def hand_over_device(self) -> None:
        """The seeded tablet's device file and session go where the child's wallet looks
        for them, so a fresh demo opens on the child's code screen, paired and online, as
        the README promises (not on "Pair this tablet")."""
        delegate = self.world.get("delegate", {})
        seeded = delegate.get("device")
        folder = self.data / "wallet" / "delegate"
        target = folder / "device.json"
        if not seeded or target.exists() or not Path(seeded).exists():
            return
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
        shutil.copyfile(seeded, target)
        os.chmod(target, 0o600)
        session = {"token": delegate.get("token"), "name": delegate.get("name"),
                   "server_url": self.url}
        session_path = folder / "session.json"
        session_path.touch(mode=0o600)
        session_path.write_text(json.dumps(session))

    def start_app(self, name: str, args: list[str],
                  ready: Callable[[Part], None] | None = None,
                  secret_env: dict[str, str] | None = None) -> Part:
        control = self.data / "control" / f"{name}.sock"
        # On a real screen the apps share it (kinpay.control.demo_layout reads the screen's
        # free area); offscreen each keeps the size it was designed for, so the screenshots
        # show what a person would see.
        place = [] if self.offscreen else ["--place", f"demo:{name}"]
        part = Part(
            name,
            [*args, *(["--lang", self.lang] if self.lang else []),
             "--control", str(control), *place],
            self.logs / f"{name}.log",
            control_path=control,
            # Secrets travel in the environment, never in argv (where `ps` shows them).
            env={**self._env(name), **(secret_env or {})},
            ready=ready,
        )
        self.parts[name] = part
        part.start()
        self.save_status()
        return part

    def start_apps(self, camera: str | None) -> None:
        payer, delegate, merchant = (self.world[k] for k in ("payer", "delegate", "merchant"))
        wallet_data = self.data / "wallet"

        def sign_in(who: dict[str, Any], role: str) -> Callable[[Part], None]:
            def signed(part: Part) -> None:
                if part.call("sign_in", name=who["name"], password=who["password"],
                             role=role) is None:
                    # The password was changed in the app since the demo's data was made:
                    # the window waits on its sign-in page for a person, and the demo goes on.
                    say(f"{WHO.get(part.name, part.name)} could not sign in as {who['name']}"
                        " with the demo's password (changed in the app?): sign in on its"
                        " window, or start over with `kinpay demo --fresh`")
            return signed

        self.start_app(
            "payer",
            ["wallet", "--role", "payer", "--server", self.url,
             "--data", str(wallet_data / "payer")],
            sign_in(payer, "payer"),
        )
        self.start_app(
            "delegate",
            ["wallet", "--role", "delegate", "--server", self.url,
             "--data", str(wallet_data / "delegate")],
            sign_in(delegate, "delegate"),
        )
        code_file = wallet_data / "delegate" / "current-code.json"
        self.start_app(
            "pos",
            ["pos", "--server", self.url, "--camera", camera or f"sim:{code_file}",
             "--terminal-id", merchant["terminal_id"], "--data", str(self.data / "pos")],
            secret_env={"KINPAY_API_KEY": merchant["api_key"]},
        )

    def watch(self, stopping: Callable[[], bool]) -> int:
        """Until the terminal's window is closed: a part that dies is named, its log shown,
        and it is started again; one that dies more than MAX_RESTARTS times within
        CRASH_WINDOW_S stops the demo, non-zero."""
        while not stopping():
            for name, part in list(self.parts.items()):
                if part.alive() or stopping():
                    continue
                code = part.proc.returncode if part.proc else None
                if name == "pos" and code == 0:
                    say("the terminal's window was closed: stopping everything")
                    return 0
                report_death(name, code, part.log_path)
                now = time.monotonic()
                part.deaths = [t for t in part.deaths if now - t < CRASH_WINDOW_S] + [now]
                within = f"{CRASH_WINDOW_S / 60:g} minutes"
                if len(part.deaths) > MAX_RESTARTS:
                    say(f"{WHO[name]} died {len(part.deaths)} times in {within}; stopping the"
                        " demo")
                    return 1
                part.restarts += 1
                say(f"starting {WHO[name]} again ({len(part.deaths)} of at most {MAX_RESTARTS}"
                    f" in {within})")
                try:
                    if name == "server":
                        self.start_server()
                    else:
                        part.start()
                except DemoError as exc:
                    say(f"{exc}; stopping the demo")
                    return 1
                self.save_status()
                say(f"{WHO[name]} is back (pid {part.proc.pid if part.proc else '?'})")
            time.sleep(WATCH_EVERY_S)
        return 130

    def stop(self) -> None:
        for name in ("pos", "delegate", "payer", "server"):
            part = self.parts.pop(name, None)
            if part is not None:
                part.stop()


def register(sub: Any) -> None:
    demo = sub.add_parser("demo", help="the store demo on one machine")
    demo.add_argument("--script", action="store_true", help="play the whole story offscreen")
    demo.add_argument("--fresh", action="store_true", help="start over with new data")
    demo.add_argument("--data", default=None,
                      help=f"the demo's data folder ({DEFAULT_DATA}; the script's: a new one "
                           "beside its screenshots)")
    demo.add_argument("--out", default=None, help="folder for the script's screenshots")
    demo.add_argument("--port", type=whole_between(1, 65535, "port"), default=8400,
                      help="the server's port; if busy, the demo waits a little, then stops")
    demo.add_argument("--port-wait", type=seconds_between(0, 3600), default=PORT_WAIT_S,
                      metavar="SECONDS",
                      help=f"how long to wait for a busy port before stopping "
                           f"(default {PORT_WAIT_S:.0f})")
    demo.add_argument("--camera", default=None, help="camera SPEC for the terminal")
    demo.add_argument("--lang", choices=["en", "zh_CN", "zh_TW"], default=None,
                      help="the language of every app: en, zh_CN (简体中文) or zh_TW (繁體中文)")
    demo.set_defaults(func=run)


def _interactive(shop: Shop, args: argparse.Namespace, fresh_world: bool,
                 stopping: Callable[[], bool]) -> int:
    shop.seed(grant=fresh_world)
    shop.hand_over_device()
    camera = args.camera or find_webcam()
    shop.start_apps(camera)
    print(f"kinpay demo: server {shop.url}, data in {shop.data}")
    print(f"  camera: {camera or 'simulated (the child tablet on the counter)'}")
    print(f"  logs in {shop.logs}; which process is which: {shop.status_path}")
    # The wallets are signed in already; the parent's asks for its password again before
    # what adds spending power (a "yes" at the till) once 15 minutes have passed.
    payer, delegate = shop.world["payer"], shop.world["delegate"]
    print(f"  sign-ins: the parent {payer['name']} (password {payer['password']}), "
          f"the child {delegate['name']} (password {delegate['password']})")
    print("  close the terminal's window or press Ctrl+C to stop everything", flush=True)
    return shop.watch(stopping)


DEFAULT_DATA = "kinpay-data/demo"


def data_folder(data: str | None, *, script: bool, out: Path, fresh: bool) -> tuple[Path, bool]:
    """The demo's data folder, and whether to start it over. The script plays in a world of
    its own beside its screenshots, started over every time: it counts the day's takings
    from nothing, and a second `make demo` with no display found the first one's sales in
    the till's day and failed its report step. A folder asked for by name is started over
    only with --fresh."""
    if data is None and script:
        return (out / "data").resolve(), True
    return Path(data or DEFAULT_DATA).resolve(), fresh


def run(args: argparse.Namespace) -> int:
    script = args.script or not has_display()
    out = Path(args.out or f"demo-out/{time.strftime('%Y%m%d-%H%M%S')}").resolve()
    data, start_over = data_folder(args.data, script=script, out=out, fresh=args.fresh)
    if start_over:
        shutil.rmtree(data, ignore_errors=True)
    fresh_world = not (data / "kinpay.db").exists()
    data.mkdir(parents=True, exist_ok=True)
    shop = Shop(data, offscreen=script, port=args.port, lang=args.lang,
                port_wait_s=args.port_wait)
    stopping = False

    def on_signal(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    # Ctrl+C stops the demo even when it was started in the background, where SIGINT
    # arrives ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        shop.upgrade_data()
        shop.start_server()
        if script:
            from kinpay_demo.story import play

            return play(shop, out)
        return _interactive(shop, args, fresh_world, lambda: stopping)
    except DemoError as exc:
        say(str(exc))
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        shop.stop()
