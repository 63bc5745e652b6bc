"""What a run needs on a real server: families and terminals, and the processes' CPU time.

The servers are bench/servers.py's (the test suite uses them too): `kinpay server` as its own
process in its own process group on 127.0.0.1, and a throwaway PostgreSQL from initdb.

Families are made as the wallet makes them: a payer and a delegate sign up and in, the
payer tops up and grants, the delegate's device pairs. `make_family` does all of it
through the HTTP API; `quick_families` writes the users, their sessions and the top-ups
straight to the database with the server's own functions and one password hash for all
(sign-up hashes with scrypt, slow on purpose: 256 families took minutes of a loaded
machine and measured nothing), and grants and pairs through the API. Terminals are
registered as `kinpay terminal add` does, with the same function (`auth.add_terminal`),
but all of them in one transaction: 256 processes of `kinpay terminal add` would take
minutes of interpreter start-up and measure nothing.
"""

from __future__ import annotations

import os
import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kinpay import codes, schemas
from kinpay.client import Client
from kinpay.device import Device, private_bytes

PASSWORD = "bench horse battery staple"  # noqa: S105 - throwaway test users
# Far above what a run spends, so no payment is declined for a limit or for funds.
LIMITS = schemas.Limits(per_payment=5_000, daily=10**12, monthly=10**12)
TOP_UP_MINOR = 10**9  # the server's largest top-up
SETUP_THREADS = 4  # sign-up hashes passwords (scrypt): a few at once use both cores
CLK_TCK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Family:
    """A payer's grant to a delegate, and the delegate's paired device (keys and cert)."""

    payer: str
    delegate: str
    device_key: bytes  # raw Ed25519 private key
    cert: bytes  # the certificate, as the code carries it

    @classmethod
    def of(cls, payer: str, delegate: str, device: Device) -> Family:
        return cls(payer, delegate, private_bytes(device.key), device.cert.to_bytes())


@dataclass(frozen=True)
class TerminalKey:
    terminal_id: str
    api_key: str
    merchant: str


def make_family(url: str, tag: str) -> Family:
    payer_name, delegate_name = f"payer-{tag}", f"child-{tag}"
    with Client(url, timeout_s=30.0) as payer, Client(url, timeout_s=30.0) as delegate:
        payer.sign_up(payer_name, PASSWORD, "payer")
        payer.sign_in(payer_name, PASSWORD)
        delegate.sign_up(delegate_name, PASSWORD, "delegate")
        delegate.sign_in(delegate_name, PASSWORD)
        payer.top_up(TOP_UP_MINOR, "CNY")
        grant = payer.create_grant(
            schemas.GrantCreate(delegate=delegate_name, limits=LIMITS, offline_cap=2_000)
        )
        device = delegate.pair(grant.pairing_code)
    return Family.of(payer_name, delegate_name, device)


def quick_families(db_url: str, url: str, count: int) -> list[Family]:
    """`count` families: users, sessions and top-ups written in one transaction, grants
    and pairing through the API."""
    from server_stub import auth, ledger, security
    from server_stub.db import Database

    conn = Database(db_url).connect()
    pw_hash = security.hash_password(PASSWORD)
    run, at = secrets.token_hex(3), int(time.time())
    made: list[tuple[str, str, str, str]] = []  # payer, delegate, their session tokens
    try:
        conn.begin()
        for i in range(count):
            names = (f"payer-{run}-{i}", f"child-{run}-{i}")
            tokens = []
            for name, role in zip(names, ("payer", "delegate"), strict=True):
                user = auth.sign_up(conn, req=schemas.SignUp(name=name, password=PASSWORD,
                                                             role=role),  # type: ignore[arg-type]
                                    pw_hash=pw_hash, now_s=at)
                tokens.append(auth.start_session(conn, user_id=user.id, now_s=at)[0])
                if role == "payer":
                    ledger.post(
                        conn, kind="top_up",
                        debit=ledger.account_id(conn, "funding", ledger.FUNDING_OWNER, "CNY"),
                        credit=ledger.account_id(conn, "payer", user.id, "CNY"),
                        amount=TOP_UP_MINOR, currency="CNY", ref_id=security.new_id(),
                        now_s=at, allow_negative=True,
                    )
            made.append((names[0], names[1], tokens[0], tokens[1]))
        conn.execute("COMMIT")
    finally:
        conn.close()

    def finish(item: tuple[str, str, str, str]) -> Family:
        payer_name, delegate_name, payer_token, delegate_token = item
        with (Client(url, token=payer_token, timeout_s=30.0) as payer,
              Client(url, token=delegate_token, timeout_s=30.0) as delegate):
            grant = payer.create_grant(
                schemas.GrantCreate(delegate=delegate_name, limits=LIMITS, offline_cap=2_000)
            )
            device = delegate.pair(grant.pairing_code)
        return Family.of(payer_name, delegate_name, device)

    with ThreadPoolExecutor(SETUP_THREADS) as pool:
        return list(pool.map(finish, made))


def add_terminals(db_url: str, count: int, *, category: str = "grocery") -> list[TerminalKey]:
    """`count` terminals, each at a shop of its own, in one transaction."""
    from server_stub import auth
    from server_stub.db import Database

    db = Database(db_url)
    db.migrate()
    conn = db.connect()
    run = secrets.token_hex(3)
    made = []
    try:
        conn.begin()
        for i in range(count):
            merchant = f"shop-{run}-{i}"
            terminal_id, key = auth.add_terminal(
                conn, merchant=merchant, category=category, currency="CNY",
                now_s=int(time.time()),
            )
            made.append(TerminalKey(terminal_id, key, merchant))
        conn.execute("COMMIT")
    finally:
        conn.close()
    return made


def device_of(family: Family) -> Device:
    """A Device that builds this family's codes (for the scan and wallet parts)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Device(
        key=Ed25519PrivateKey.from_private_bytes(family.device_key),
        cert=codes.Certificate.from_bytes(family.cert),
        device_no=0,
        otp_secret=b"",
        server_keys={},
    )


# --- CPU time of processes we started -------------------------------------------------------


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    # The command name is in parentheses and may hold spaces: split after it.
    return text[text.rindex(")") + 2 :].split()


def cpu_seconds(*, pgid: int | None = None, parent: int | None = None) -> float:
    """User + system CPU seconds of the processes in a process group, or of a process and
    its children (PostgreSQL's postmaster and its backends)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        fields = _stat_fields(int(entry.name))
        if fields is None:
            continue
        ppid, pgrp = int(fields[1]), int(fields[2])
        pid = int(entry.name)
        if (pgid is not None and pgrp == pgid) or (
            parent is not None and (pid == parent or ppid == parent)
        ):
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLK_TCK


def postmaster_pid(pgdata: Path) -> int | None:
    try:
        return int((pgdata / "postmaster.pid").read_text(encoding="ascii").split()[0])
    except (OSError, ValueError, IndexError):
        return None
