"""The server's `kinpay` subcommands: server, seed, check (and, from cli_ops, terminal,
keys, backup, db, tls)."""

from __future__ import annotations

import argparse
import errno
import ipaddress
import logging
import os
import socket
import stat
import sys
import time
from pathlib import Path
from typing import Any

from kinpay.cli import seconds_between, whole_between
from server_stub import cli_ops, funding
from server_stub.dburl import DEFAULT_DB, DbUrlRefused, add_db_args, db_of
from server_stub.private_files import private_umask, say_json

__all__ = ["DEFAULT_DB", "register"]


def register(sub: Any) -> None:
    server = sub.add_parser("server", help="run the settlement server")
    add_db_args(server)
    server.add_argument("--host", default="127.0.0.1")
    server.add_argument("--port", type=whole_between(1, 65535, "port"), default=8400)
    server.add_argument("--workers", type=whole_between(1, 64, "number of workers"), default=1,
                        help="server processes (on SQLite they take turns on its write lock)")
    server.add_argument("--tls-cert", help="serve HTTPS with this certificate (PEM, chain)")
    server.add_argument("--tls-key", help="the certificate's private key (PEM, 0600)")
    server.add_argument(
        "--insecure-http",
        action="store_true",
        help="allow plain HTTP on a non-loopback address (a network you trust)",
    )
    server.add_argument("--test-clock", action="store_true", help=argparse.SUPPRESS)
    server.add_argument("--test-fast-passwords", action="store_true", help=argparse.SUPPRESS)
    server.add_argument("--demo", action="store_true",
                        help="demo mode: payers may top up their own account (never in a shop)")
    server.add_argument(
        "--client-rate",
        default=os.environ.get("KINPAY_CLIENT_RATE", "30/90"),
        help="requests a second per client key or session, and the burst (RATE/BURST);"
        " 0 turns the limit off (default 30/90, or $KINPAY_CLIENT_RATE)",
    )
    server.add_argument(
        "--sign-ups-per-hour", type=int, metavar="N", default=None,
        help="accounts one client address may make an hour; at the limit it makes none for"
        " the next hour (default 20, server_stub/limits.py; 0 turns the limit off)",
    )
    server.add_argument(
        "--trusted-proxy", action="append", default=[], metavar="IP",
        help="a reverse proxy's address (repeat for more): from it, and only from it, the"
        " client's address is taken from X-Forwarded-For, so the per-address limits (sign-in"
        " lockouts, name probes) apply to each client, not to the proxy's clients together",
    )
    server.add_argument(
        "--request-timeout", type=seconds_between(1, 3600), default=None, metavar="SECONDS",
        help="a request must arrive whole within this many seconds of its connection or its"
        " first byte, or the connection is closed (default 20: server_stub/connections.py)",
    )
    server.add_argument("--quiet", action="store_true", help="no per-request log lines")
    server.set_defaults(func=_server)
    funding.register(sub)  # `kinpay fund` (issue 11)

    seed = sub.add_parser("seed", help="create the demo world and print it as JSON (a demo"
                          " database only: refused on one with accounts or shops it didn't make)")
    add_db_args(seed)
    seed.add_argument("--demo-db", action="store_true",
                      help="seed even a database that holds accounts or shops seed did not make:"
                      " the operator knows it is a demo database (seed takes over the demo's"
                      " names, resets their passwords and funds the demo payer)")
    seed.add_argument("--devices", help="folder for the paired device file")
    seed.add_argument("--server-url", default="http://127.0.0.1:8400")
    seed.add_argument("--no-grant", action="store_true", help="people and shop only")
    # Test suites only: the passwords hashed as a --test-fast-passwords server does (a normal
    # server replaces such a hash at the owner's next sign-in).
    seed.add_argument("--test-fast-passwords", action="store_true", help=argparse.SUPPRESS)
    seed.set_defaults(func=private_umask(_seed))

    check = sub.add_parser("check", help="verify the ledger: sums, balances, payments")
    add_db_args(check)
    check.add_argument("--json", action="store_true")
    check.set_defaults(func=private_umask(_check))
    cli_ops.register(sub)


def _refuse(what: str, message: str) -> int:
    print(f"kinpay {what}: {message}", file=sys.stderr)
    return 2


def _server(args: argparse.Namespace) -> int:
    from kinpay.tls import is_loopback_host
    from server_stub.limits import SIGN_UPS_PER_HOUR, parse_rate
    from server_stub.tls import BindRefused, check_bind

    if bool(args.tls_cert) != bool(args.tls_key):
        return _refuse("server", "--tls-cert and --tls-key go together")
    try:
        check_bind(
            host=args.host,
            tls=bool(args.tls_cert),
            insecure_http=args.insecure_http,
            test_clock=args.test_clock,
        )
        if args.test_fast_passwords and not is_loopback_host(args.host):
            raise BindRefused(f"--test-fast-passwords is for test servers; refused on {args.host}")
        parse_rate(args.client_rate)
        _check_proxies(args.trusted_proxy)
        if args.sign_ups_per_hour is None:
            args.sign_ups_per_hour = SIGN_UPS_PER_HOUR
        if args.sign_ups_per_hour < 0:
            raise BindRefused("--sign-ups-per-hour: 0 (no limit) or more")
        db_url = db_of(args)
    except (BindRefused, DbUrlRefused) as exc:
        return _refuse("server", str(exc))
    except ValueError as exc:
        return _refuse("server", f"--client-rate: {exc}")
    for path in (args.tls_cert, args.tls_key):
        if path and not os.access(path, os.R_OK):
            return _refuse("server", f"can't read {path}")
    if args.tls_key and os.stat(args.tls_key).st_mode & stat.S_IROTH:
        return _refuse("server", f"{args.tls_key} is readable by everyone: chmod 600 it")
    busy = _port_taken(args.host, args.port)
    if busy is not None:
        return _refuse("server", busy)
    # Everything the server writes (database, WAL, key files) is for its owner alone.
    os.umask(0o077)
    problem = cli_ops.prepare_storage(db_url)
    if problem is not None:
        return _refuse("server", problem)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    os.environ["KINPAY_DB"] = db_url
    os.environ["KINPAY_TEST_CLOCK"] = "1" if args.test_clock else ""
    os.environ["KINPAY_TEST_FAST_PASSWORDS"] = "1" if args.test_fast_passwords else ""
    os.environ["KINPAY_CLIENT_RATE"] = args.client_rate
    os.environ["KINPAY_SIGN_UPS_PER_HOUR"] = str(args.sign_ups_per_hour)
    os.environ["KINPAY_DEMO"] = "1" if args.demo else ""
    os.environ["KINPAY_HOST"] = args.host
    # Read by each connection in every worker process (server_stub/connections.py).
    if args.request_timeout is None:
        os.environ.pop("KINPAY_REQUEST_TIMEOUT", None)
    else:
        os.environ["KINPAY_REQUEST_TIMEOUT"] = repr(args.request_timeout)
    return _serve(args)


def _port_taken(host: str, port: int) -> str | None:
    """Why the server could not listen on host:port, in words, or None: said before the
    database and its keys are made (uvicorn found a port in use only after, and said it
    as "[Errno 98] error while attempting to bind"). Bound with SO_REUSEADDR, as uvicorn
    binds, so a port whose last connections are closing (TIME_WAIT) is not called busy;
    any other trouble is left for uvicorn to meet and say, as before."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except OSError:
        return None
    for family, kind, proto, _name, address in found:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as exc:
                if exc.errno == errno.EADDRINUSE:
                    return (f"port {port} on {host} is in use (another kinpay server, or another "
                            "program): stop it, or give another --port")
                if exc.errno == errno.EACCES:
                    return (f"port {port} on {host} needs more rights than this user has: "
                            "give a --port above 1023")
    return None


def _check_proxies(proxies: list[str]) -> None:
    """Each --trusted-proxy is one IP address or network; never "*" (anyone could then
    name any address and escape every per-address limit)."""
    from server_stub.tls import BindRefused

    for proxy in proxies:
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError:
            raise BindRefused(f"--trusted-proxy {proxy!r}: an IP address or network, such as "
                              "127.0.0.1 or 10.0.0.5") from None


def _serve(args: argparse.Namespace) -> int:
    from server_stub.db import DbUrl
    from server_stub.pay_folder import WriterDidNotStart, supervised

    # On SQLite, several HTTP processes send their payments to one writer process of its
    # own (server_stub/pay_writer.py); on PostgreSQL each process writes its own.
    if args.workers > 1 and DbUrl.parse(os.environ["KINPAY_DB"]).kind == "sqlite":
        try:
            with supervised(os.environ["KINPAY_DB"]):
                _uvicorn(args)
        except WriterDidNotStart as exc:
            return _refuse("server", str(exc))
    else:
        _uvicorn(args)
    return 0


def _uvicorn(args: argparse.Namespace) -> None:
    import uvicorn

    from server_stub.connections import GuardedHttpTools
    from server_stub.orphans import mark_master

    mark_master(args.workers)
    uvicorn.run(
        "server_stub.asgi:make_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers if args.workers > 1 else None,
        access_log=not args.quiet,
        timeout_graceful_shutdown=3,
        # Longer than any client's idle keep-alive (kinpay.client keeps 2 s), so a request
        # never meets a connection the server is closing at that very moment.
        timeout_keep_alive=30,
        log_level="warning" if args.quiet else "info",
        # A client's address is its socket's: uvicorn would otherwise believe a peer on
        # 127.0.0.1 that names any address in X-Forwarded-For, and so anyone on this machine
        # could escape every per-address limit (docs/security.md, row 23). Only from a
        # --trusted-proxy is X-Forwarded-For believed.
        proxy_headers=bool(args.trusted_proxy),
        forwarded_allow_ips=",".join(args.trusted_proxy) or None,
        # Each request must arrive whole in time; one address holds a bounded number of
        # connections (server_stub/connections.py: slowloris).
        http=GuardedHttpTools,
        ws="none",  # no WebSocket route: uvicorn then neither loads nor offers the protocol
        ssl_certfile=args.tls_cert,
        ssl_keyfile=args.tls_key,
    )


def _seed(args: argparse.Namespace) -> int:
    from server_stub.seed import SeedRefused, seed

    if args.test_fast_passwords:
        from server_stub import security

        security.use_test_work_factor()
    try:
        db_url = db_of(args)
        unreachable = cli_ops.unreachable(db_url)
    except DbUrlRefused as exc:
        return _refuse("seed", str(exc))
    if unreachable is not None:
        return _refuse("seed", unreachable)
    devices = Path(args.devices) if args.devices else cli_ops.data_dir(db_url) / "devices"
    try:
        world = seed(
            db_url,
            device_dir=devices,
            now_s=int(time.time()),
            server_url=args.server_url,
            grant=not args.no_grant,
            demo_db=args.demo_db,
        )
    except SeedRefused as exc:
        return _refuse("seed", str(exc))
    say_json(world)
    return 0


def _check(args: argparse.Namespace) -> int:
    from server_stub.integrity import StorageDamaged, inspect
    from server_stub.ledger import CheckReport

    try:
        db_url = db_of(args)
        missing = cli_ops.no_ledger(db_url)
        if missing is not None:
            return _refuse("check", missing)
        report = inspect(db_url)
    except DbUrlRefused as exc:
        return _refuse("check", str(exc))
    except StorageDamaged as exc:
        report = CheckReport(accounts=0, transfers=0, problems=[str(exc)])
    if args.json:
        say_json({"ok": report.ok, "accounts": report.accounts,
                  "transfers": report.transfers, "problems": report.problems})
    else:
        for problem in report.problems:
            print(f"PROBLEM: {problem}")
        verdict = "ok" if report.ok else f"{len(report.problems)} problem(s)"
        print(f"ledger {verdict}: {report.accounts} accounts, {report.transfers} transfers")
    return 0 if report.ok else 1
