"""Operators' `kinpay` subcommands: terminal, user, keys, backup, db, tls; and the storage
preparation `kinpay server` runs before it serves."""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path
from typing import Any

from kinpay.defaults import SHOP_CATEGORIES
from kinpay.schemas import CATEGORY_PATTERN
from server_stub.dburl import DbUrlRefused, add_db_args, db_of
from server_stub.private_files import private_umask, say_json


def register(sub: Any) -> None:
    _register_terminal(sub)
    _register_user(sub)
    _register_keys(sub)
    _register_storage(sub)
    _register_tls(sub)


def _command(sub: Any, name: str, help_text: str, func: Any, *, db: bool = True) -> Any:
    """A subcommand that runs `func`, with the database options unless `db` is False."""
    parser = sub.add_parser(name, help=help_text)
    if db:
        add_db_args(parser)
    parser.set_defaults(func=private_umask(func))
    return parser


def _register_terminal(sub: Any) -> None:
    terminal = sub.add_parser("terminal", help="manage terminals and their keys")
    tsub = terminal.add_subparsers(dest="terminal_command", required=True)
    add = _command(tsub, "add", "register a terminal; prints its id and key once", _terminal_add)
    add.add_argument("--merchant", required=True, help="the shop's name, as receipts and "
                     "parents' notices show it (a known shop gets one more terminal)")
    add.add_argument("--category", required=True,
                     help="what the shop sells, which parents may block: one of "
                     + ", ".join(SHOP_CATEGORIES) + " (or another lower-case word)")
    add.add_argument("--currency", default="CNY")
    add.add_argument("--change-category", action="store_true",
                     help="the shop is known under another category: change it (every "
                     "terminal of the shop, from their next payment)")
    _command(tsub, "list", "every terminal, its shop and whether its key works", _terminal_list)
    revoke = _command(tsub, "revoke", "the terminal's key stops working, at once",
                      _terminal_revoke)
    revoke.add_argument("terminal_id")
    rotate = _command(tsub, "rotate", "a new key (printed once); the old one stops",
                      _terminal_rotate)
    rotate.add_argument("terminal_id")


def _register_user(sub: Any) -> None:
    user = sub.add_parser("user", help="people's accounts")
    usub = user.add_subparsers(dest="user_command", required=True)
    reset = _command(usub, "reset-password", "a new password for an account whose owner "
                     "lost theirs (or had it changed by someone else); prints it once and "
                     "signs the account out everywhere", _user_reset_password)
    reset.add_argument("--name", required=True, help="the account's name, as signed in with")


def _user_reset_password(args: argparse.Namespace) -> int:
    """Check who is asking first (in person, by a call back): whoever gets this password
    has the account."""
    import secrets

    from server_stub import passwords, security
    from server_stub.errors import NotFound

    what = "user reset-password"
    db = open_ledger(args, what)
    if db is None:
        return 2
    password = secrets.token_urlsafe(12)  # 16 letters, 96 bits
    pw_hash = security.hash_password(password)
    try:
        ended = _write_job(db, lambda c: passwords.reset_password(
            c, name=args.name, pw_hash=pw_hash, now_s=int(time.time())))
    except NotFound as exc:
        _fail(what, str(exc))
        return 2
    say_json({"name": args.name, "password": password, "sessions_ended": ended})
    print("Give the password to the account's owner only, and ask them to change it at "
          "once (Settings → Change password). It is shown only this once.", file=sys.stderr)
    return 0


def _register_keys(sub: Any) -> None:
    keys = sub.add_parser("keys", help="the server's signing keys (in the key store)")
    ksub = keys.add_subparsers(dest="keys_command", required=True)
    _command(ksub, "rotate", "a new signing key; older ones keep verifying", _keys_rotate)
    _command(ksub, "list", "the signing keys and which still verify", _keys_list)
    _command(ksub, "rotate-otp", "a new OTP master: every tablet gets a new typed-code secret",
             _keys_rotate_otp)


def _register_storage(sub: Any) -> None:
    backup = _command(sub, "backup", "a consistent copy of the database, while it runs", _backup)
    backup.add_argument("out", help="the new file to write (and OUT.keys/ beside it)")
    backup.add_argument("--no-keys", action="store_true", help="the database only (a "
                        "backup fails without its key store otherwise)")
    restore = _command(sub, "restore", "put a SQLite backup in place (server stopped)", _restore)
    restore.add_argument("backup_file")
    db = sub.add_parser("db", help="the database's schema")
    dsub = db.add_subparsers(dest="db_command", required=True)
    _command(dsub, "upgrade", "move the schema to this kinpay's (Alembic)", _db_upgrade)
    _command(dsub, "status", "the schema revision, and this kinpay's", _db_status)


def _register_tls(sub: Any) -> None:
    tls = sub.add_parser("tls", help="a shop's own CA and the server's certificate")
    tsub = tls.add_subparsers(dest="tls_command", required=True)
    ca = _command(tsub, "make-ca", "make ca.pem and ca.key (0600) in a folder", _tls_make_ca,
                  db=False)
    ca.add_argument("--out", required=True, help="folder for ca.pem and ca.key")
    ca.add_argument("--name", default="kinpay shop CA", help="the CA's common name")
    ca.add_argument("--replace", action="store_true", help="make a new CA over the one in "
                    "--out (every till and wallet must then be given the new ca.pem)")
    cert = _command(tsub, "make-cert", "make server.pem and server.key signed by the CA",
                    _tls_make_cert, db=False)
    cert.add_argument("--ca", required=True, help="folder holding ca.pem and ca.key")
    cert.add_argument("--out", required=True, help="folder for server.pem and server.key")
    cert.add_argument(
        "--name", action="append", required=True, help="a DNS name or IP the tills use (repeat)"
    )


def _fail(what: str, message: str) -> int:
    print(f"kinpay {what}: {message}", file=sys.stderr)
    return 2


def data_dir(db: str) -> Path:
    if db.startswith(("postgresql://", "postgres://")):
        return Path("kinpay-data")
    return Path(db.removeprefix("sqlite:///")).resolve().parent


def prepare_storage(db_url: str) -> str | None:
    """Before any worker starts: tighten file modes, check the schema and the database,
    and make the signing key once (workers that each made their own at the same moment
    would not know each other's certificates). Returns what is wrong, or None."""
    from server_stub import keys
    from server_stub.db import SCHEMA_HEAD, Database, DbUrl, mismatch_message, schema_revision
    from server_stub.integrity import StorageDamaged, verify
    from server_stub.private_files import secure_sqlite

    url = DbUrl.parse(db_url)
    if url.kind == "sqlite" and url.target != ":memory:":
        secure_sqlite(Path(url.target))
    db = Database(db_url)
    try:
        found = _read_job(db, schema_revision)
        if found not in (None, SCHEMA_HEAD):
            return f"refusing to start: {mismatch_message(str(found), url)}"
        verify(db_url)
    except StorageDamaged as exc:
        return (
            f"refusing to start: {exc}. Restore the database from a backup (README,"
            " Deploying), or run `kinpay check` on a copy of it to see every problem."
        )
    except Exception as exc:  # a driver's error: an unreachable PostgreSQL, a bad file
        return f"refusing to start: can't open the database: {exc}"
    try:  # a key store missing or not this database's (server_stub/key_guard.py)
        _read_job(db, lambda conn: keys.ensure_key(conn, int(time.time())))
    except keys.KeyStoreError as exc:
        return str(exc) if str(exc).startswith("refusing") else f"refusing to start: {exc}"
    return None


def open_ledger(args: argparse.Namespace, what: str, *, create: bool = False) -> Any:
    """The command's database, at this kinpay's schema; None after saying why not. Only
    with `create` (registering a shop's first till) is a database made where none is."""
    from server_stub.db import Database, SchemaMismatch

    try:
        db_url = db_of(args)
        missing = None if create else no_ledger(db_url)
        if missing is not None:
            _fail(what, missing)
            return None
        db = Database(db_url)
        db.migrate()
    except (DbUrlRefused, SchemaMismatch) as exc:
        _fail(what, str(exc))
        return None
    except Exception as exc:  # a driver's error: not a database, an unreachable server
        _fail(what, f"can't open the database: {exc}; nothing was changed")
        return None
    return db


def unreachable(db_url: str) -> str | None:
    """Why a PostgreSQL server can't be used (its driver's words), or None."""
    from server_stub.db import Conn, DbUrl

    url = DbUrl.parse(db_url)
    if url.kind != "postgres":
        return None
    try:
        Conn(url, look_only=True).close()
    except Exception as exc:  # a driver's error: an unreachable server, a missing role
        return f"can't open the database: {exc}"
    return None


def no_ledger(db_url: str) -> str | None:
    """Why a command that reads or changes a shop's ledger has nothing to work on, or None:
    a path with no file (a typo must not become a new, empty database that `check` calls
    "ok" or `keys rotate` gives a key), or a database with no kinpay schema (which the
    command would otherwise create in it). Nothing is created either way."""
    from server_stub.db import Conn, DbUrl, schema_revision

    url = DbUrl.parse(db_url)
    if url.no_file():
        return f"there is no database at {url.target}; nothing was read or created"
    if url.target == ":memory:":
        return None
    try:
        conn = Conn(url, look_only=True)
        try:
            found = schema_revision(conn)
        finally:
            conn.close()
    except Exception:  # unreadable or unreachable: the command's own open says why
        return None
    if found is None:
        where = url.target if url.kind == "sqlite" else "the PostgreSQL database"
        return f"{where} holds no kinpay ledger (no schema); nothing was read or created"
    return None


def _shop_refused(merchant: str, category: str) -> str | None:
    """Why a shop's name or category can't be registered, or None. A category payments
    can't match ("Alcohol", "beer & wine") would let a shop pass a parent's block."""
    if not merchant or len(merchant) > 64 or not merchant.isprintable():
        return "--merchant: the shop's name, 1 to 64 printable characters"
    if not re.fullmatch(CATEGORY_PATTERN, category):
        return (f"--category {category!r}: one lower-case word (letters, digits, _), "
                f"such as {', '.join(SHOP_CATEGORIES)}")
    return None


def _terminal_add(args: argparse.Namespace) -> int:
    from kinpay.money import check_currency
    from server_stub import auth

    check_currency(args.currency)
    merchant = args.merchant.strip()
    refused = _shop_refused(merchant, args.category)
    if refused is not None:
        print(f"kinpay terminal add: {refused}; nothing was registered", file=sys.stderr)
        return 2
    if args.category not in SHOP_CATEGORIES:
        print(f"kinpay terminal add: note: the wallet lets parents block "
              f"{', '.join(SHOP_CATEGORIES)}; {args.category!r} only by the API",
              file=sys.stderr)
    db = open_ledger(args, "terminal add", create=True)
    if db is None:
        return 2
    try:
        terminal_id, key = _write_job(db, lambda conn: auth.add_terminal(
            conn, merchant=merchant, category=args.category, currency=args.currency,
            now_s=int(time.time()), change_category=args.change_category,
        ))
    except auth.ShopMismatch as exc:
        print(f"kinpay terminal add: {exc}; nothing was registered"
              + (f" ({exc.hint})" if exc.hint else ""), file=sys.stderr)
        return 2
    say_json({"terminal_id": terminal_id, "api_key": key})
    print("Keep the key: it is shown only this once.", file=sys.stderr)
    return 0


def _read_job(db: Any, job: Any) -> Any:
    """`job(conn)` on a connection of its own, closed after."""
    conn = db.connect()
    try:
        return job(conn)
    finally:
        conn.close()


def _write_job(db: Any, job: Any) -> Any:
    conn = db.connect()
    try:
        conn.begin()
        try:
            result = job(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return result
    finally:
        conn.close()


def _terminal_list(args: argparse.Namespace) -> int:
    from server_stub import auth

    db = open_ledger(args, "terminal list")
    if db is None:
        return 2
    found = _read_job(db, auth.list_terminals)
    say_json({"terminals": found}, indent=1)
    return 0


def _terminal_job(args: argparse.Namespace, what: str, job: Any) -> tuple[bool, Any]:
    """`job(conn, terminal_id=..., now_s=...)` in a write transaction: (True, its result),
    or (False, None) after saying why not (no database, or no such terminal)."""
    from server_stub.errors import NotFound

    db = open_ledger(args, what)
    if db is None:
        return False, None
    now_s = int(time.time())
    try:
        return True, _write_job(db, lambda c: job(c, terminal_id=args.terminal_id, now_s=now_s))
    except NotFound as exc:
        _fail(what, str(exc))
        return False, None


def _terminal_revoke(args: argparse.Namespace) -> int:
    from server_stub import auth

    done, _ = _terminal_job(args, "terminal revoke", auth.revoke_terminal)
    if not done:
        return 2
    say_json({"terminal_id": args.terminal_id, "status": "revoked"})
    return 0


def _terminal_rotate(args: argparse.Namespace) -> int:
    from server_stub import auth

    done, key = _terminal_job(args, "terminal rotate", auth.rotate_terminal)
    if not done:
        return 2
    say_json({"terminal_id": args.terminal_id, "api_key": key})
    print("Keep the key: it is shown only this once. The old key no longer works.",
          file=sys.stderr)
    return 0


def _keys_rotate(args: argparse.Namespace) -> int:
    from server_stub import key_guard, keys

    db = open_ledger(args, "keys rotate")
    if db is None:
        return 2
    store = keys.store_for(db.url)
    lost = _read_job(db, lambda conn: key_guard.lost_signing_keys(conn, store, int(time.time())))
    if lost:
        return _fail("keys rotate", lost)
    key_id = keys.rotate(store, int(time.time()))
    say_json({"key_id": key_id, "key_store": str(store.folder)})
    return 0


def _keys_rotate_otp(args: argparse.Namespace) -> int:
    from server_stub import keys
    from server_stub.otp_rotation import rotate_otp_master

    db = open_ledger(args, "keys rotate-otp")
    if db is None:
        return 2
    try:
        done = rotate_otp_master(db, _write_job)
    except keys.KeyStoreError as exc:
        _fail("keys rotate-otp", str(exc))
        return 2
    say_json({"devices": done.devices, "master": done.fingerprint,
              "key_store": str(keys.store_for(db.url).folder)})
    print("Each tablet takes its new typed-code secret at its next sync (within a minute "
          "while it is online); until then its typed code is refused, its QR code works. "
          "Older backups of the key store hold the old master: it opens nothing now.",
          file=sys.stderr)
    return 0


def _keys_list(args: argparse.Namespace) -> int:
    from server_stub import keys

    db = open_ledger(args, "keys list")
    if db is None:
        return 2
    store = keys.store_for(db.url)
    records = store.signing_keys()
    live = {r.number for r in keys.live_keys(records, int(time.time()))}
    say_json({"keys": [
        {"key_id": r.key_id, "created_at": r.created_at,
         "signing": r is records[-1], "verifying": r.number in live}
        for r in records]}, indent=1)
    return 0


def _backup(args: argparse.Namespace) -> int:
    from server_stub.backup import BackupFailed, backup, no_keys_note

    try:
        written = backup(db_of(args), Path(args.out), with_keys=not args.no_keys)
    except (DbUrlRefused, BackupFailed) as exc:
        return _fail("backup", str(exc))
    say_json({"written": [str(p) for p in written]})
    if args.no_keys:
        print(no_keys_note(db_of(args)), file=sys.stderr)
    return 0


def _restore(args: argparse.Namespace) -> int:
    from server_stub.backup import BackupFailed
    from server_stub.db import DbUrl
    from server_stub.restore import report, restore_sqlite

    try:
        url = DbUrl.parse(db_of(args))
        if url.kind != "sqlite":
            raise BackupFailed("PostgreSQL: restore with pg_restore (README, Deploying)")
        report(restore_sqlite(Path(args.backup_file), Path(url.target)))
    except (DbUrlRefused, BackupFailed, OSError) as exc:
        return _fail("restore", str(exc))
    print("Now run `kinpay check` on it, then start the server.", file=sys.stderr)
    return 0


def _db_upgrade(args: argparse.Namespace) -> int:
    from server_stub.db import DbUrl
    from server_stub.migrations import MigrationFailed, upgrade

    try:
        url = DbUrl.parse(db_of(args))
        if url.no_file():
            return _fail("db upgrade", f"there is no database at {url.target}; nothing was "
                                       "created (`kinpay server` makes a new one)")
        was, now = upgrade(url)
    except (DbUrlRefused, MigrationFailed) as exc:
        return _fail("db upgrade", str(exc))
    say_json({"from": was, "to": now})
    return 0


def _db_status(args: argparse.Namespace) -> int:
    """Reads only: a path with no file is said, never made into an empty database, and
    an unreachable server is said, not a traceback (live test 34)."""
    from server_stub.db import SCHEMA_HEAD, Conn, DbUrl, schema_revision

    try:
        url = DbUrl.parse(db_of(args))
        if url.no_file():
            return _fail("db status", f"there is no database at {url.target}; nothing was "
                                      "read or created")
        conn = Conn(url, look_only=True)
        try:
            found = schema_revision(conn)
        finally:
            conn.close()
    except DbUrlRefused as exc:
        return _fail("db status", str(exc))
    except Exception as exc:  # a driver's error: not a database, an unreachable server
        return _fail("db status", f"can't open the database: {exc}")
    say_json({"schema": found, "this_kinpay": SCHEMA_HEAD,
              "current": found == SCHEMA_HEAD})
    return 0 if found == SCHEMA_HEAD else 1


def _tls_make_ca(args: argparse.Namespace) -> int:
    from server_stub.errors import ConfigRefused
    from server_stub.tls import make_ca

    try:
        pem, key = make_ca(Path(args.out), name=args.name, replace=args.replace)
    except (ConfigRefused, OSError) as exc:
        return _fail("tls make-ca", str(exc))
    say_json({"ca_cert": str(pem), "ca_key": str(key)})
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
    say_json({"cert": str(pem), "key": str(key)})
    return 0
