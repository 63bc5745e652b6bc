"""Money enters the system here, and only here: an operator's act.

`kinpay fund --db URL --payer NAME --amount 100.00 [--currency CNY] --reason TEXT` posts one
ledger transfer from the funding account to the payer's account and records who did it and
why. Nothing a payer, a delegate or a terminal can call over HTTP reaches `fund`, except the
demo top-up, which exists only on a server started with `kinpay server --demo`.
"""

from __future__ import annotations

import argparse
import getpass
import sys
import time
from typing import Any

from kinpay import money
from kinpay.errors import MoneyError
from server_stub import auth, events, ledger
from server_stub.db import Conn
from server_stub.dburl import add_db_args
from server_stub.errors import BadInput, NotFound
from server_stub.private_files import private_umask, say_json
from server_stub.security import new_id

MAX_REASON_CHARS = 200
# One operator's act moves at most this many major units: a typo of a few zeros is refused.
MAX_FUND_MAJOR = 10_000_000


def max_fund_minor(currency: str) -> int:
    return int(MAX_FUND_MAJOR * 10 ** money.exponent(currency))


def fund(
    conn: Conn,
    *,
    payer_id: str,
    amount: int,
    currency: str,
    reason: str,
    operator: str,
    now_s: int,
) -> str:
    """Writer job: move `amount` from the funding account to the payer; the transfer's id."""
    if not 0 < amount <= max_fund_minor(currency):
        limit = money.format_minor(max_fund_minor(currency), currency)
        raise BadInput(f"an amount is funded between 0 and {limit}", code="fund_too_large")
    reason = reason.strip()
    if not reason or len(reason) > MAX_REASON_CHARS:
        raise BadInput(f"give a reason of 1–{MAX_REASON_CHARS} characters", code="bad_reason")
    transfer = ledger.post(
        conn,
        kind="funding",
        debit=ledger.account_id(conn, "funding", ledger.FUNDING_OWNER, currency),
        credit=ledger.account_id(conn, "payer", payer_id, currency),
        amount=amount,
        currency=currency,
        ref_id=new_id(),
        now_s=now_s,
        allow_negative=True,
    )
    conn.execute(
        "INSERT INTO funding_notes (transfer_id, payer_id, reason, operator, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (transfer, payer_id, reason, operator[:64], now_s),
    )
    # The payer sees money come in as they see it go out (the operator's reason is theirs).
    events.emit(conn, user_id=payer_id, type_="account", now_s=now_s, data={
        "kind": "funded", "transfer_id": transfer, "amount": amount, "currency": currency,
        "demo": operator == "demo"})
    return transfer


def payer_id_of(conn: Conn, name: str) -> str:
    row = auth.find_user(conn, name, "id, role")
    if row is None or row["role"] != "payer":
        raise NotFound(f"no payer named {name!r}", code="no_such_payer")
    return str(row["id"])


def register(sub: Any) -> None:
    cmd = sub.add_parser("fund", help="operator: move money from the funding source to a payer")
    add_db_args(cmd)
    cmd.add_argument("--payer", required=True, help="the payer's user name")
    cmd.add_argument("--amount", required=True, help="in major units, e.g. 100.00")
    cmd.add_argument("--currency", default="CNY")
    cmd.add_argument("--reason", required=True, help="why (kept with the transfer)")
    cmd.set_defaults(func=private_umask(_cmd_fund))


def _cmd_fund(args: argparse.Namespace) -> int:
    from server_stub import cli_ops
    from server_stub.errors import ServerError

    try:
        currency = money.check_currency(args.currency)
        amount = money.parse_minor(args.amount, currency)
    except MoneyError as exc:
        print(f"kinpay fund: {exc}", file=sys.stderr)
        return 2
    # The shop's ledger as it is: a typo'd path is refused, not made into a new database.
    db = cli_ops.open_ledger(args, "fund")
    if db is None:
        return 2
    conn = db.connect()
    try:
        conn.begin()
        try:
            payer_id = payer_id_of(conn, args.payer)
            transfer = fund(conn, payer_id=payer_id, amount=amount, currency=currency,
                            reason=args.reason, operator=getpass.getuser(),
                            now_s=int(time.time()))
            balance = ledger.balance(conn, "payer", payer_id, currency)
        except ServerError as exc:
            conn.execute("ROLLBACK")
            print(f"kinpay fund: {exc.message}", file=sys.stderr)
            return 1
        conn.execute("COMMIT")
    finally:
        conn.close()
    say_json({"transfer_id": transfer, "payer": args.payer, "amount": amount,
              "currency": currency, "balance": balance})
    return 0
