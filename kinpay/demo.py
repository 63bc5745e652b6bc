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
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from kinpay.control import ControlClient

START_TIMEOUT_S = 60.0


def _free_port(preferred: int) -> int:
    for port in (preferred, 0):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(s.getsockname()[1])
    raise RuntimeError("no free port")


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


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
    proc: subprocess.Popen[bytes] | None = None
    control: ControlClient | None = None

    def start(self) -> None:
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "kinpay", *self.args],
                stdout=log,
                stderr=log,
                env={**os.environ, **self.env},
                start_new_session=True,
            )
        if self.control_path is not None:
            self.control = ControlClient(self.control_path)
            self.control.wait_ready(START_TIMEOUT_S, alive=self.alive)

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

    def __init__(self, data: Path, *, offscreen: bool, port: int = 8400) -> None:
        self.data = data
        self.offscreen = offscreen
        self.port = _free_port(port)
        self.db = str(data / "kinpay.db")
        self.logs = data / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.parts: dict[str, Part] = {}
        self.world: dict[str, Any] = {}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _env(self) -> dict[str, str]:
        return {"QT_QPA_PLATFORM": "offscreen"} if self.offscreen else {}

    def start_server(self) -> None:
        part = Part(
            "server",
            ["server", "--db", self.db, "--port", str(self.port)],
            self.logs / "server.log",
        )
        part.start()
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if not part.alive():
                raise RuntimeError(f"the server exited: see {part.log_path}")
            try:
                if httpx.get(f"{self.url}/v1/health", timeout=0.5).status_code == 200:
                    self.parts["server"] = part
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        part.stop()
        raise RuntimeError("the server did not start")

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

    def start_app(self, name: str, args: list[str], slot: int) -> Part:
        control = self.data / "control" / f"{name}.sock"
        # On a real screen the three windows share it side by side; offscreen each keeps the
        # size it was designed for, so the screenshots show what a person would see.
        place = [] if self.offscreen else ["--place", f"{slot}/3"]
        part = Part(
            name,
            [*args, "--control", str(control), *place],
            self.logs / f"{name}.log",
            control_path=control,
            env=self._env(),
        )
        part.start()
        self.parts[name] = part
        return part

    def start_apps(self, camera: str | None) -> None:
        payer, delegate, merchant = (self.world[k] for k in ("payer", "delegate", "merchant"))
        wallet_data = self.data / "wallet"
        self.start_app(
            "payer",
            ["wallet", "--role", "payer", "--server", self.url,
             "--data", str(wallet_data / "payer")],
            0,
        ).call("sign_in", name=payer["name"], password=payer["password"], role="payer")
        self.start_app(
            "delegate",
            ["wallet", "--role", "delegate", "--server", self.url,
             "--data", str(wallet_data / "delegate")],
            1,
        ).call("sign_in", name=delegate["name"], password=delegate["password"],
               role="delegate")
        code_file = wallet_data / "delegate" / "current-code.json"
        self.start_app(
            "pos",
            ["pos", "--server", self.url, "--camera", camera or f"sim:{code_file}",
             "--terminal-id", merchant["terminal_id"], "--api-key", merchant["api_key"],
             "--data", str(self.data / "pos")],
            2,
        )

    def stop(self) -> None:
        for name in ("pos", "delegate", "payer", "server"):
            part = self.parts.pop(name, None)
            if part is not None:
                part.stop()


def register(sub: Any) -> None:
    demo = sub.add_parser("demo", help="the store demo on one machine")
    demo.add_argument("--script", action="store_true", help="play the whole story offscreen")
    demo.add_argument("--fresh", action="store_true", help="start over with new data")
    demo.add_argument("--data", default="kinpay-data/demo", help="the demo's data folder")
    demo.add_argument("--out", default=None, help="folder for the script's screenshots")
    demo.add_argument("--port", type=int, default=8400)
    demo.add_argument("--camera", default=None, help="camera SPEC for the terminal")
    demo.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    data = Path(args.data).resolve()
    script = args.script or not has_display()
    if args.fresh:
        shutil.rmtree(data, ignore_errors=True)
    fresh_world = not (data / "kinpay.db").exists()
    data.mkdir(parents=True, exist_ok=True)
    shop = Shop(data, offscreen=script, port=args.port)
    stopping = False

    def on_signal(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    try:
        shop.start_server()
        if script:
            from kinpay.demo_story import play

            out = Path(args.out or f"demo-out/{time.strftime('%Y%m%d-%H%M%S')}").resolve()
            return play(shop, out)
        shop.seed(grant=fresh_world)
        camera = args.camera or find_webcam()
        shop.start_apps(camera)
        print(f"kinpay demo: server {shop.url}, data in {data}")
        print(f"  camera: {camera or 'simulated (the child tablet on the counter)'}")
        print("  close the terminal's window or press Ctrl+C to stop everything")
        pos = shop.parts["pos"]
        while pos.alive() and not stopping:
            time.sleep(0.3)
        return 0
    except KeyboardInterrupt:
        return 130
    finally:
        shop.stop()
