"""The server's `kinpay` subcommands: server, seed, check, terminal add."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

from server_stub import funding

DEFAULT_DB = "kinpay-data/kinpay.db"


def register(sub: Any) -> None:
    server = sub.add_parser("server", help="run the settlement server")
    server.add_argument("--db", default=DEFAULT_DB, help="SQLite path or postgresql:// URL")
    server.add_argument("--host", default="127.0.0.1")
    server.add_argument("--port", type=int, default=8400)
    server.add_argument("--workers", type=int, default=1, help="server processes (PostgreSQL)")
    server.add_argument("--test-clock", action="store_true", help=argparse.SUPPRESS)
    server.add_argument("--demo", action="store_true",
                        help="demo mode: payers may top up their own account (never in a shop)")
    server.add_argument(
        "--client-rate",
        default=os.environ.get("KINPAY_CLIENT_RATE", "30/90"),
        help="requests a second per client key or session, and the burst (RATE/BURST);"
        " 0 turns the limit off (default 30/90, or $KINPAY_CLIENT_RATE)",
    )
    server.add_argument("--quiet", action="store_true", help="no per-request log lines")
    server.set_defaults(func=_server)
    funding.register(sub)  # `kinpay fund` (issue 11)

    seed = sub.add_parser("seed", help="create the demo world and print it as JSON")
    seed.add_argument("--db", default=DEFAULT_DB)
    seed.add_argument("--devices", help="folder for the paired device file")
    seed.add_argument("--server-url", default="http://127.0.0.1:8400")
    seed.add_argument("--no-grant", action="store_true", help="people and shop only")
    seed.set_defaults(func=_seed)

    check = sub.add_parser("check", help="verify the ledger: sums, balances, payments")
    check.add_argument("--db", default=DEFAULT_DB)
    check.add_argument("--json", action="store_true")
    check.set_defaults(func=_check)

    terminal = sub.add_parser("terminal", help="manage terminals")
    tsub = terminal.add_subparsers(dest="terminal_command", required=True)
    add = tsub.add_parser("add", help="register a terminal; prints its id and key once")
    add.add_argument("--db", default=DEFAULT_DB)
    add.add_argument("--merchant", required=True)
    add.add_argument("--category", required=True)
    add.add_argument("--currency", default="CNY")
    add.set_defaults(func=_terminal_add)


def _server(args: argparse.Namespace) -> int:
    import uvicorn

    from server_stub.integrity import StorageDamaged, verify
    from server_stub.limits import parse_rate
    from server_stub.security import loopback_only

    if args.test_clock and not loopback_only(args.host):
        print("kinpay server: --test-clock is for tests on 127.0.0.1 only", file=sys.stderr)
        return 2
    try:
        parse_rate(args.client_rate)
    except ValueError as exc:
        print(f"kinpay server: --client-rate: {exc}", file=sys.stderr)
        return 2
    try:
        verify(args.db)
    except StorageDamaged as exc:
        print(
            f"kinpay server: refusing to start: {exc}. Restore the database from a backup,"
            " or run `kinpay check` on a copy of it to see every problem.",
            file=sys.stderr,
        )
        return 2
    _ensure_signing_key(args.db)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    os.environ["KINPAY_DB"] = args.db
    os.environ["KINPAY_TEST_CLOCK"] = "1" if args.test_clock else ""
    os.environ["KINPAY_CLIENT_RATE"] = args.client_rate
    os.environ["KINPAY_DEMO"] = "1" if args.demo else ""
    os.environ["KINPAY_HOST"] = args.host
    uvicorn.run(
        "server_stub.asgi:make_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers if args.workers > 1 else None,
        access_log=not args.quiet,
        timeout_graceful_shutdown=3,
        log_level="warning" if args.quiet else "info",
    )
    return 0


def _ensure_signing_key(db_url: str) -> None:
    """Make the signing key once, before any worker starts: workers that each made their
    own at the same moment would not know each other's certificates."""
    from server_stub import keys
    from server_stub.db import Database

    db = Database(db_url)
    db.migrate()
    conn = db.connect()
    try:
        conn.begin()
        keys.ensure_key(conn, int(time.time()))
        conn.execute("COMMIT")
    finally:
        conn.close()


def _seed(args: argparse.Namespace) -> int:
    from server_stub.seed import seed

    devices = Path(args.devices) if args.devices else _data_dir(args.db) / "devices"
    world = seed(
        args.db,
        device_dir=devices,
        now_s=int(time.time()),
        server_url=args.server_url,
        grant=not args.no_grant,
    )
    print(json.dumps(world))
    return 0


def _data_dir(db: str) -> Path:
    if db.startswith(("postgresql://", "postgres://")):
        return Path("kinpay-data")
    return Path(db.removeprefix("sqlite:///")).resolve().parent


def _check(args: argparse.Namespace) -> int:
    from server_stub.integrity import StorageDamaged, inspect
    from server_stub.ledger import CheckReport

    try:
        report = inspect(args.db)
    except StorageDamaged as exc:
        report = CheckReport(accounts=0, transfers=0, problems=[str(exc)])
    if args.json:
        print(json.dumps({"ok": report.ok, "accounts": report.accounts,
                          "transfers": report.transfers, "problems": report.problems}))
    else:
        for problem in report.problems:
            print(f"PROBLEM: {problem}")
        verdict = "ok" if report.ok else f"{len(report.problems)} problem(s)"
        print(f"ledger {verdict}: {report.accounts} accounts, {report.transfers} transfers")
    return 0 if report.ok else 1


def _terminal_add(args: argparse.Namespace) -> int:
    from kinpay.money import check_currency
    from server_stub import auth
    from server_stub.db import Database

    check_currency(args.currency)
    db = Database(args.db)
    db.migrate()
    conn = db.connect()
    try:
        conn.begin()
        terminal_id, key = auth.add_terminal(
            conn,
            merchant=args.merchant,
            category=args.category,
            currency=args.currency,
            now_s=int(time.time()),
        )
        conn.execute("COMMIT")
    finally:
        conn.close()
    print(json.dumps({"terminal_id": terminal_id, "api_key": key}))
    print("Keep the key: it is shown only this once.", file=sys.stderr)
    return 0
