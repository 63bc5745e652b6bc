"""`kinpay wallet`: the payer's and the delegate's app.

    kinpay wallet [--role payer|delegate] [--server URL] [--data DIR] [--fullscreen]
                  [--lang en|zh_CN|zh_TW]
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from wallet_app.errors import ServerAddressError, WalletError
from wallet_app.settings import ENV_DATA, check_server_url


def _server(text: str) -> str:
    try:
        return check_server_url(text)
    except ServerAddressError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _run(args: argparse.Namespace) -> int:
    # Qt is imported only when the wallet runs, so `kinpay --help` stays quick.
    from wallet_app.app import AppConfig, run
    from wallet_app.settings import default_data_dir

    config = AppConfig(
        data_dir=Path(args.data).expanduser() if args.data else default_data_dir(),
        server_url=args.server,
        role=args.role,
        fullscreen=args.fullscreen,
        control=Path(args.control) if args.control else None,
        place=args.place,
        language=args.lang,
    )
    try:
        return run(config)
    except WalletError as exc:  # one line for the person at the terminal, no traceback
        raise SystemExit(f"kinpay wallet: {exc}") from None


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "wallet",
        help="the payer's and the delegate's wallet app (PySide6)",
        description="The wallet: a parent grants and watches; a child's tablet shows the code.",
    )
    parser.add_argument("--role", choices=["payer", "delegate"],
                        help="preselect the role at sign-in")
    parser.add_argument("--server", type=_server, metavar="URL",
                        help="the settlement server's address (saved; overrides the one a tablet "
                             "paired with)")
    parser.add_argument("--data", metavar="DIR",
                        help=f"the app's data folder (default: ${ENV_DATA} or the platform's)")
    parser.add_argument("--fullscreen", action="store_true", help="start full screen")
    parser.add_argument("--lang", metavar="LANG", choices=["en", "zh_CN", "zh_TW"],
                        help="the language: en, zh_CN (简体中文) or zh_TW (繁體中文); saved")
    parser.add_argument("--place", metavar="I/N", help="take column I of N on the screen")
    parser.add_argument("--control", metavar="SOCKET", help=argparse.SUPPRESS)
    parser.set_defaults(func=_run)
