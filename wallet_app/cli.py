"""`kinpay wallet`: the payer's and the delegate's app.

    kinpay [--ca FILE] [--pin SHA256] wallet [--role payer|delegate] [--server URL]
                                             [--data DIR] [--fullscreen] [--lang en|zh_CN|zh_TW]

The server's address is kept in the data folder, and so are the CA and pins it was given
with (`--ca`, `--pin`): a start without them trusts the server as the last one did. Another
address given (`--server`) without them trusts the system's store again.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from wallet_app.errors import ServerAddressError, WalletError
from wallet_app.settings import ENV_DATA, check_server_url


def _server(text: str) -> str:
    try:
        return check_server_url(text)
    except ServerAddressError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _keep_trust(data_dir: Path, server: str | None) -> None:
    """The shop's CA and pins (`kinpay --ca FILE --pin SHA256 wallet`) are kept with the
    server's address, by the till's rule (kinpay.trust): a parent's wallet or a child's
    tablet started again without them still trusts its server. Before any client is made:
    the clients read them from the environment."""
    from kinpay.trust import remember_trust
    from wallet_app.settings import DataFolder, Settings

    settings = Settings(DataFolder(data_dir))
    remember_trust(settings, server=server, environ=os.environ)
    settings.sync()


def _run(args: argparse.Namespace) -> int:
    from kinpay.interrupt import Interrupt

    interrupt = Interrupt().install()  # Ctrl+C, SIGTERM: from here on they close the wallet
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
        # A tablet's paired address is not a new --server: it was reached with this trust.
        _keep_trust(config.data_dir, args.server)
        return run(config, interrupt=interrupt)
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
