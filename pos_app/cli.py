"""The terminal's `kinpay` subcommands, found through the `kinpay.commands` entry point.

`register(subparsers)` adds each of them; a new one gets its own `_register_*` helper
called from `register`. Heavy imports (OpenCV, the decoders, Qt) happen inside the
handlers, so that building the `kinpay` parser stays quick and works without them.

    kinpay scan [--json] [--kinpay-only] PATH...   decode the QR codes in images
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pos_app.core.errors import reported

if TYPE_CHECKING:
    from pos_app.scan.decoder import FrameDecoder


def register(subparsers: Any) -> None:
    """Add the terminal's subcommands to the `kinpay` command's subparsers."""
    _register_scan(subparsers)


# --- kinpay scan ---------------------------------------------------------------------------


def _register_scan(sub: Any) -> None:
    scan = sub.add_parser(
        "scan",
        help="decode the QR codes in image files or folders, as the terminal would",
        description=(
            "Decode the QR codes in images with the terminal's decoder (zxing-cpp, then "
            "pyzbar, then preprocessing). Folders are searched recursively for .png, .jpg, "
            ".jpeg, .bmp and .webp files. One line per image. An image whose header "
            "declares more than 50 megapixels, or no PNG/JPEG/BMP/WebP header, is refused "
            "before decoding (a message on stderr; the exit status is then 1)."
        ),
    )
    scan.add_argument("paths", nargs="+", metavar="PATH", help="an image file or a folder")
    scan.add_argument(
        "--json",
        action="store_true",
        help='one JSON object per line: {"file": ..., "codes": [...], "ms": ...}',
    )
    scan.add_argument(
        "--kinpay-only",
        action="store_true",
        help="keep only texts that are kinpay codes (format checked, not signatures)",
    )
    scan.add_argument(
        "--decoders",
        default="zxing-cpp,pyzbar",
        help="the readers to use, in order (default: %(default)s)",
    )
    scan.set_defaults(func=reported("scan", _cmd_scan))


def _image_paths(paths: list[Path]) -> list[Path]:
    from pos_app.scan.camera import image_files

    files: list[Path] = []
    for path in paths:
        files.extend(image_files(path, recursive=True) if path.is_dir() else [path])
    return files


def _cmd_scan(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        for name in missing:
            print(f"kinpay scan: no such file or folder: {name}", file=sys.stderr)
        return 2
    from pos_app.scan.decoder import accept_all, accept_structural, make_decoder

    decoder = make_decoder(
        [name.strip() for name in args.decoders.split(",") if name.strip()],
        accept=accept_structural if args.kinpay_only else accept_all,
        # Still images have no frame budget: every miss gets the whole cascade.
        heavy_every=1,
        budget_ms=None,
        adaptive=False,  # unrelated images: the last one's scale and place mean nothing
    )
    # Which readers this run has (one may be missing on this machine): on stderr, so the
    # lines on stdout stay one per image.
    print(f"kinpay scan: {decoder.readers_line()}", file=sys.stderr, flush=True)
    refused = 0
    try:
        for path in _image_paths(paths):
            record = _scan_one(path, decoder)
            if "error" in record:
                refused += 1
                print(f"kinpay scan: {record['error']}", file=sys.stderr, flush=True)
                if not args.json:
                    continue
            print(_format(record, as_json=args.json), flush=True)
    except BrokenPipeError:
        # The reader (`| head`) has gone: stop quietly, as Unix tools do, and point stdout
        # at /dev/null so the interpreter's final flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 1 if refused else 0


def _scan_one(path: Path, decoder: FrameDecoder) -> dict[str, Any]:
    from pos_app.scan import ImageRefused
    from pos_app.scan.camera import load_image

    record: dict[str, Any] = {"file": str(path), "codes": [], "ms": 0.0}
    try:
        image = load_image(path)  # the header's pixel count is checked before decoding
    except ImageRefused as exc:
        record["error"] = str(exc)
        return record
    if image is None:
        record["error"] = f"{path}: not an image this machine can read"
        return record
    started = time.perf_counter()
    found = decoder.decode_frame(image)
    record["ms"] = round((time.perf_counter() - started) * 1000.0, 3)
    record["codes"] = [f.text for f in found]
    return record


def _format(record: dict[str, Any], *, as_json: bool) -> str:
    if as_json:
        return json.dumps(record, ensure_ascii=False)
    # Control characters and line breaks in a payload would break the one-line format.
    texts = [json.dumps(text, ensure_ascii=False)[1:-1] for text in record["codes"]]
    shown = " | ".join(texts) if texts else "no code"
    return f"{record['file']}: {shown} ({record['ms']:.1f} ms)"
