"""Operators' `kinpay` subcommands: terminal, keys, backup, db, tls; and the storage
preparation `kinpay server` runs before it serves."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from server_stub.dburl import DbUrlRefused, add_db_args, db_of


def register(sub: Any) -> None:
    _register_terminal(sub)
    _register_tls(sub)


def _register_terminal(sub: Any) -> None:
    terminal = sub.add_parser("terminal", help="manage terminals and their keys")
    tsub = terminal.add_subparsers(dest="terminal_command", required=True)
    add = tsub.add_parser("add", help="register a terminal; prints its id and key once")
    add_db_args(add)
    add.add_argument("--merchant", required=True)
    add.add_argument("--category", required=True)
    add.add_argument("--currency", default="CNY")
    add.set_defaults(func=_terminal_add)


def _register_tls(sub: Any) -> None:
    tls = sub.add_parser("tls", help="a shop's own CA and the server's certificate")
    tsub = tls.add_subparsers(dest="tls_command", required=True)
    ca = tsub.add_parser("make-ca", help="make ca.pem and ca.key (0600) in a folder")
    ca.add_argument("--out", required=True, help="folder for ca.pem and ca.key")
    ca.add_argument("--name", default="kinpay shop CA", help="the CA's common name")
    ca.set_defaults(func=_tls_make_ca)
    cert = tsub.add_parser("make-cert", help="make server.pem and server.key signed by the CA")
    cert.add_argument("--ca", required=True, help="folder holding ca.pem and ca.key")
    cert.add_argument("--out", required=True, help="folder for server.pem and server.key")
    cert.add_argument(
        "--name", action="append", required=True, help="a DNS name or IP the tills use (repeat)"
    )
    cert.set_defaults(func=_tls_make_cert)


def _fail(what: str, message: str) -> int:
    print(f"kinpay {what}: {message}", file=sys.stderr)
    return 2


def data_dir(db: str) -> Path:
    if db.startswith(("postgresql://", "postgres://")):
        return Path("kinpay-data")
    return Path(db.removeprefix("sqlite:///")).resolve().parent


def prepare_storage(db_url: str) -> str | None:
    """Before any worker starts: check the database and make the signing key once
    (workers that each made their own at the same moment would not know each other's
    certificates). Returns what is wrong, or None."""
    from server_stub import keys
    from server_stub.db import Database
    from server_stub.integrity import StorageDamaged, verify

    try:
        verify(db_url)
    except StorageDamaged as exc:
        return (
            f"refusing to start: {exc}. Restore the database from a backup (README,"
            " Deploying), or run `kinpay check` on a copy of it to see every problem."
        )
    db = Database(db_url)
    conn = db.connect()
    try:
        conn.begin()
        keys.ensure_key(conn, int(time.time()))
        conn.execute("COMMIT")
    finally:
        conn.close()
    return None


def _terminal_add(args: argparse.Namespace) -> int:
    from kinpay.money import check_currency
    from server_stub import auth
    from server_stub.db import Database

    check_currency(args.currency)
    try:
        db = Database(db_of(args))
    except DbUrlRefused as exc:
        return _fail("terminal", str(exc))
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


def _tls_make_ca(args: argparse.Namespace) -> int:
    from server_stub.tls import make_ca

    pem, key = make_ca(Path(args.out), name=args.name)
    print(json.dumps({"ca_cert": str(pem), "ca_key": str(key)}))
    print("Give ca.pem to every till and wallet (--ca); keep ca.key offline.", file=sys.stderr)
    return 0


def _tls_make_cert(args: argparse.Namespace) -> int:
    from server_stub.tls import make_cert

    ca_dir = Path(args.ca)
    try:
        pem, key = make_cert(
            ca_dir / "ca.pem", ca_dir / "ca.key", Path(args.out), names=list(args.name)
        )
    except (OSError, ValueError) as exc:
        return _fail("tls make-cert", str(exc))
    print(json.dumps({"cert": str(pem), "key": str(key)}))
    return 0
