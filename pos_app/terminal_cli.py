"""`kinpay pos`: the cashier's terminal.

    kinpay pos [--server URL] [--camera SPEC] [--terminal-id ID] [--api-key-file FILE]
               [--data DIR] [--lang en|zh_CN|zh_TW]

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
import os
import sys
from pathlib import Path
from typing import Any

from kinpay.trust import remember_trust
from pos_app.cameras import camera_factory
from pos_app.core.errors import (
    CatalogueError,
    FolderInUse,
    JournalDamaged,
    KeyFileError,
    reported,
)

DEFAULT_DATA = "kinpay-data/pos"
API_KEY_ENV = "KINPAY_API_KEY"
MAX_KEY_FILE_BYTES = 4096
TILL_SIZE_PX = (1024, 768)  # issue 10: the smallest screen the terminal is laid out for


def register(sub: Any) -> None:
    pos = sub.add_parser("pos", help="run the cashier's terminal (PySide6)")
    pos.add_argument("--server", help="settlement server URL, e.g. http://127.0.0.1:8400")
    pos.add_argument("--camera", help="camera: 0, /dev/video0, FILE, FOLDER, sim, sim:DEVICE, or "
                     "none (a barcode scanner, or typed codes)")
    pos.add_argument("--terminal-id", help="this terminal's id (from `kinpay seed`)")
    pos.add_argument("--api-key-file", metavar="FILE",
                     help=f"a file holding this terminal's API key (or set {API_KEY_ENV})")
    pos.add_argument("--api-key", help=argparse.SUPPRESS)  # old scripts; shows in `ps`
    pos.add_argument("--data", default=DEFAULT_DATA, help="the terminal's data folder")
    pos.add_argument("--tick-ms", type=int, default=2000, help=argparse.SUPPRESS)
    pos.add_argument("--lang", metavar="LANG", choices=["en", "zh_CN", "zh_TW"],
                     help="the language: en, zh_CN (简体中文) or zh_TW (繁體中文); saved")
    pos.add_argument("--catalogue", metavar="FILE",
                     help="the shop's items for Items mode (JSON, format kinpay-catalogue/1, as "
                     "assets/catalogue.json); default: catalogue.json in the data folder if "
                     "there, else the demo's")
    pos.add_argument("--place", metavar="I/N", help="take column I of N on the screen")
    pos.add_argument("--control", metavar="SOCKET", help=argparse.SUPPRESS)
    pos.set_defaults(func=reported("pos", _pos))


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


def catalogue_path(args: argparse.Namespace, data: Path) -> Path:
    """The catalogue the till sells from: --catalogue, else the shop's own in its data
    folder, else the demo's (assets/catalogue.json)."""
    from pos_app.core import catalogue

    if args.catalogue:
        return Path(args.catalogue).expanduser()
    own = data / "catalogue.json"
    return own if own.exists() else catalogue.DEMO_PATH


def _pos(args: argparse.Namespace) -> int:
    from pos_app.interrupt import Interrupt

    interrupt = Interrupt().install()  # Ctrl+C, SIGTERM: from here on they close the till
    os.environ.setdefault("QT_API", "pyside6")
    from pos_app.app import MainWindow
    from pos_app.core import catalogue
    from pos_app.core.folder import hold_folder
    from pos_app.core.store import Store
    from pos_app.running import run
    from pos_app.settings import Settings

    data = Path(args.data).expanduser().resolve()
    settings = Settings.load(data)
    remember_trust(settings, server=args.server or None, environ=os.environ)
    if args.server:
        settings.server_url = args.server.rstrip("/")
    if args.camera:
        settings.camera = args.camera
    if args.terminal_id:
        settings.terminal_id = args.terminal_id
    if args.lang:
        settings.language = args.lang
    items = catalogue_path(args, data)
    # What would stop the till is said now, in words, before any window opens.
    try:
        key = api_key_from(args, dict(os.environ))
        catalogue.load(items)  # a shop's file with a mistake, not a blank till
        hold_folder(data)  # held, never closed, until the process ends: this till's folder
        journal = Store(data / "terminal.db")  # a torn journal
        try:
            journal.check()
        finally:
            journal.close()
    except (KeyFileError, CatalogueError, FolderInUse, JournalDamaged) as exc:
        print(f"kinpay pos: {exc}; nothing was started", file=sys.stderr)
        return 2
    finally:
        os.environ.pop(API_KEY_ENV, None)  # nothing this process starts inherits it
    if interrupt.asked:  # Ctrl+C before anything was started: nothing to stop
        return 0
    if key:
        settings.api_key = key
    settings.save(data)

    def make() -> MainWindow:
        cat = catalogue.load(items)  # after run() set the language: its names are in it
        window = MainWindow(data_dir=data, settings=settings, catalogue=cat,
                            camera_factory=camera_factory(settings.camera), tick_ms=args.tick_ms)
        if args.place:
            from pos_app.remote import place

            place(window, args.place)
        else:  # the size the till's layout is made for (and the scripted demo's shots)
            window.resize(*TILL_SIZE_PX)
        if args.control:
            from pos_app.remote import PosRemote

            window.remote = PosRemote(window, Path(args.control))
        return window

    return run(make, language=settings.language, interrupt=interrupt)
