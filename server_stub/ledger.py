"""The double-entry ledger, in TigerBeetle's shape.

A transfer moves an amount from a debit account to a credit account in one currency. It is
immutable and carries the id of what caused it (`ref_id`, unique), so a retry can't post
it twice; a correction (a refund) is a new transfer. The sum of all balances per currency
is zero because every top-up comes from the `funding` account, which goes negative.
"""

from __future__ import annotations

from dataclasses import dataclass

from server_stub.db import Conn
from server_stub.errors import Conflict
from server_stub.security import new_id

FUNDING_OWNER = "world"


# An account's id never changes and an account is never deleted, so the writer remembers
# (kind, owner, currency) → id, bounded; only once the transaction that saw it commits, so
# an id made or seen in a batch that rolled back is never remembered.
_ACCOUNT_IDS: dict[tuple[str, str, str], str] = {}
_ACCOUNT_IDS_MAX = 200_000


def _remember(key: tuple[str, str, str], acc: str) -> None:
    if len(_ACCOUNT_IDS) >= _ACCOUNT_IDS_MAX:
        _ACCOUNT_IDS.clear()
    _ACCOUNT_IDS[key] = acc


def account_id(conn: Conn, kind: str, owner_id: str, currency: str) -> str:
    """The account of (kind, owner, currency), made on first use. Writer only."""
    key = (kind, owner_id, currency)
    known = _ACCOUNT_IDS.get(key)
    if known is not None:
        return known
    row = conn.one(
        "SELECT id FROM accounts WHERE kind = ? AND owner_id = ? AND currency = ?",
        (kind, owner_id, currency),
    )
    if row is not None:
        found = str(row["id"])
        conn.after_commit.append(lambda: _remember(key, found))
        return found
    acc = new_id()
    conn.execute(
        "INSERT INTO accounts (id, kind, owner_id, currency, balance) VALUES (?, ?, ?, ?, 0)",
        (acc, kind, owner_id, currency),
    )
    return acc


def balance(conn: Conn, kind: str, owner_id: str, currency: str) -> int:
    value = conn.scalar(
        "SELECT balance FROM accounts WHERE kind = ? AND owner_id = ? AND currency = ?",
        (kind, owner_id, currency),
    )
    return int(value or 0)


def post(
    conn: Conn,
    *,
    kind: str,
    debit: str,
    credit: str,
    amount: int,
    currency: str,
    ref_id: str,
    now_s: int,
    allow_negative: bool = False,
) -> str:
    """Post one balanced transfer. Refuses to take a non-funding account below zero."""
    assert amount > 0, "a transfer moves a positive amount"
    # The debit and its check in one statement: it changes nothing when the money isn't there.
    floor = "" if allow_negative else " AND balance >= ?"
    sql = f"UPDATE accounts SET balance = balance - ? WHERE id = ?{floor}"  # noqa: S608
    params = (amount, debit) if allow_negative else (amount, debit, amount)
    # A payment on PostgreSQL holds its debit with its other writes: one statement, which
    # fails the transaction when the money isn't there (`Conn.hold_debit`).
    if allow_negative or not conn.hold_debit(f"{sql} RETURNING id", params):
        if conn.changed(sql, params) != 1:
            raise Conflict("the account is short of money", code="insufficient_funds")
    transfer_id = new_id()
    conn.write(
        "INSERT INTO transfers (id, kind, debit_account, credit_account, amount, currency,"
        " ref_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (transfer_id, kind, debit, credit, amount, currency, ref_id, now_s),
    )
    conn.write("UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, credit))
    return transfer_id


@dataclass
class CheckReport:
    accounts: int
    transfers: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def check(conn: Conn) -> CheckReport:
    """Each currency sums to zero, each balance equals its postings, none below zero
    but funding, and every approved payment has exactly one transfer."""
    problems: list[str] = []
    for row in conn.all("SELECT currency, SUM(balance) AS total FROM accounts GROUP BY currency"):
        if int(row["total"] or 0) != 0:
            problems.append(f"{row['currency']} balances sum to {row['total']}, not 0")
    # One pass over the transfers per side (no index on the accounts columns is needed), so
    # the check stays linear: the server runs it at every start.
    postings = conn.all(
        "SELECT a.id, a.kind, a.owner_id, a.balance,"
        " COALESCE(c.total, 0) - COALESCE(d.total, 0) AS net FROM accounts a"
        " LEFT JOIN (SELECT credit_account AS acc, SUM(amount) AS total FROM transfers"
        " GROUP BY credit_account) c ON c.acc = a.id"
        " LEFT JOIN (SELECT debit_account AS acc, SUM(amount) AS total FROM transfers"
        " GROUP BY debit_account) d ON d.acc = a.id"
    )
    for row in postings:
        if int(row["balance"]) != int(row["net"]):
            problems.append(
                f"account {row['id']} ({row['kind']} {row['owner_id']}) holds {row['balance']}"
                f" but its postings sum to {row['net']}"
            )
        if row["kind"] != "funding" and int(row["balance"]) < 0:
            problems.append(f"account {row['id']} is below zero: {row['balance']}")
    bad = conn.all(
        "SELECT p.id, (SELECT COUNT(*) FROM transfers t WHERE t.ref_id = p.id) AS n"
        " FROM payments p WHERE p.status = 'approved'"
        " AND (SELECT COUNT(*) FROM transfers t WHERE t.ref_id = p.id) <> 1"
    )
    problems += [f"approved payment {r['id']} has {r['n']} transfers" for r in bad]
    declined = conn.all(
        "SELECT p.id FROM payments p WHERE p.status = 'declined'"
        " AND EXISTS (SELECT 1 FROM transfers t WHERE t.ref_id = p.id)"
    )
    problems += [f"declined payment {r['id']} has a transfer" for r in declined]
    orphans = conn.all(
        "SELECT t.id FROM transfers t WHERE NOT EXISTS (SELECT 1 FROM accounts a"
        " WHERE a.id = t.debit_account) OR NOT EXISTS (SELECT 1 FROM accounts a"
        " WHERE a.id = t.credit_account) LIMIT 20"
    )
    problems += [f"transfer {r['id']} names an account that does not exist" for r in orphans]
    # A split sale's other tenders give back at most what they paid (issue 15).
    over = conn.all("SELECT id FROM payments WHERE refunded > amount OR refunded < 0"
                    " OR other_refunded < 0"
                    " OR other_refunded > COALESCE(sale_total, amount) - amount")
    problems += [f"payment {r['id']} is refunded beyond its amount" for r in over]
    n_accounts = int(conn.scalar("SELECT COUNT(*) FROM accounts") or 0)
    n_transfers = int(conn.scalar("SELECT COUNT(*) FROM transfers") or 0)
    return CheckReport(accounts=n_accounts, transfers=n_transfers, problems=problems)
