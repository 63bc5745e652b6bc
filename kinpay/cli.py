"""The `kinpay` command.

`kinpay` itself knows only the commands that need nothing but this package (`code`). The
server and the two apps add theirs through the `kinpay.commands` entry point group: each
names a `register(subparsers)` function that adds its subcommands with
`set_defaults(func=...)`, where `func(args) -> int` is the exit status. So this package
never imports the server or the apps, and a machine without Qt still runs `kinpay server`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points
from pathlib import Path

from kinpay import codes
from kinpay.device import Device, advance
from kinpay.errors import KinpayError


def seconds_between(low: float, high: float) -> Callable[[str], float]:
    """An argparse type: a number of seconds from `low` to `high` (a wait, a deadline)."""
    def seconds(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
        if not low <= value <= high:  # nan is neither
            raise argparse.ArgumentTypeError(f"give between {low:g} and {high:g} seconds")
        return value

    return seconds


def whole_between(low: int, high: int, what: str) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high` (a port, a count)."""
    def whole(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"a {what} is {low} to {high}, not {value}")
        return value

    return whole


def _cmd_code(args: argparse.Namespace) -> int:
    now_s = int(args.at) if args.at is not None else int(time.time())
    # Each call rotates to a fresh code (saved, under the file's lock), as the tablet does
    # after a payment, so a second try at a till is not declined code_used (issue 13 §4).
    path = Path(args.device)
    device = Device.load(path) if args.peek else advance(path, now_s)
    if args.numeric:
        print(codes.group_digits(device.numeric_at(now_s)))
    elif args.json:
        print(
            json.dumps(
                {
                    "code": device.code_at(now_s),
                    "numeric": device.numeric_at(now_s),
                    "valid_until": (device.step_at(now_s) + 2) * device.cert.rotate_s,
                }
            )
        )
    else:
        print(device.code_at(now_s))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kinpay", description="kinpay: delegated payments by a rotating signed QR code."
    )
    parser.add_argument(
        "--ca",
        metavar="FILE",
        help="trust this CA (PEM) for https:// servers instead of the system's; sets"
        " $KINPAY_CA_FILE for every command and app started here",
    )
    parser.add_argument(
        "--pin",
        metavar="SHA256",
        action="append",
        help="pin the server's certificate or key (SHA-256, hex or base64; repeat for a"
        " rotation); sets $KINPAY_SERVER_PIN",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    code = sub.add_parser(
        "code",
        help="rotate a device to a fresh code and print it, as a QR would carry it",
        description="Each call advances the device file's counter (under a file lock), as "
        "the tablet does after a payment, and prints the new code; --peek prints the "
        "current code and changes nothing.",
    )
    code.add_argument("--device", required=True, help="path of a paired device file")
    code.add_argument("--at", type=int, help="UNIX seconds to build the code for")
    code.add_argument("--numeric", action="store_true", help="print the numeric fallback")
    code.add_argument("--json", action="store_true", help="code, numeric and expiry as JSON")
    code.add_argument(
        "--peek", action="store_true", help="print the current code without advancing"
    )
    code.set_defaults(func=_cmd_code)
    problems: list[str] = []
    for ep in sorted(entry_points(group="kinpay.commands"), key=lambda e: e.name):
        try:
            register = ep.load()
        except ImportError as exc:
            problems.append(f"{ep.name}: {exc}")
            continue
        register(sub)
    parser.set_defaults(_problems=problems)
    return parser


def _tls_environment(args: argparse.Namespace) -> None:
    """kinpay.client reads these, so every command and app gets the same trust."""
    from kinpay.tls import ENV_CA_FILE, ENV_PIN, parse_pin

    if args.ca:
        if not os.access(args.ca, os.R_OK):
            raise SystemExit(f"kinpay: --ca: can't read {args.ca}")
        os.environ[ENV_CA_FILE] = os.path.abspath(args.ca)
    if args.pin:
        for pin in args.pin:
            try:
                parse_pin(pin)
            except ValueError as exc:
                raise SystemExit(f"kinpay: --pin: {exc}") from None
        os.environ[ENV_PIN] = ",".join(args.pin)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _tls_environment(args)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        for problem in args._problems:
            print(f"kinpay: commands not available: {problem}", file=sys.stderr)
        return 2
    try:
        return int(func(args))
    except KinpayError as exc:
        print(f"kinpay {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
