"""The start-up check: a server never serves from storage it can't trust.

Before the server takes a request it reads its whole database once: SQLite's own page and
index check (`PRAGMA integrity_check`), then the ledger's (`ledger.check`: every currency
sums to zero, every balance equals its postings, every approved payment has its transfer).
A database that fails either, or that can't be read at all (a truncated file, a damaged
header), stops the start with a message that says what is wrong and what to do, instead of
a server that answers from wrong balances.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from server_stub import ledger
from server_stub.db import Database, SchemaMismatch
from server_stub.errors import ServerStubError

MAX_PROBLEMS_SHOWN = 5


class StorageDamaged(ServerStubError):
    """The database can't be read, or what it holds does not add up."""


def _driver_errors(kind: str) -> tuple[type[BaseException], ...]:
    if kind == "postgres":
        import psycopg

        return (sqlite3.Error, psycopg.Error)
    return (sqlite3.Error,)


def inspect(db_url: str) -> ledger.CheckReport:
    """The ledger's report; raises StorageDamaged if the database can't be read or is
    damaged below the ledger (pages, indexes)."""
    db = Database(db_url)
    where = db.url.target if db.kind == "sqlite" else "the PostgreSQL database"
    errors = _driver_errors(db.kind)
    try:
        if db.kind == "sqlite":
            # Before anything writes to it (the schema migration does).
            conn = db.connect()
            try:
                found: list[Any] = conn.all("PRAGMA integrity_check(20)")
            finally:
                conn.close()
            bad = [str(r[0]) for r in found if str(r[0]) != "ok"]
            if bad:
                raise StorageDamaged(
                    f"{where} is damaged (SQLite integrity check: {'; '.join(bad[:3])})"
                )
        db.migrate()
        conn = db.connect()
        try:
            report = ledger.check(conn)
        finally:
            conn.close()
    except errors as exc:
        raise StorageDamaged(f"{where} can't be read: {exc}") from exc
    except SchemaMismatch as exc:
        raise StorageDamaged(str(exc)) from exc
    except (ValueError, TypeError) as exc:  # a damaged cell read back as the wrong type
        raise StorageDamaged(f"{where} holds a damaged value: {exc}") from exc
    return report


def verify(db_url: str) -> ledger.CheckReport:
    """Raise StorageDamaged unless the database is whole and its ledger balances."""
    report = inspect(db_url)
    if not report.ok:
        shown = "; ".join(report.problems[:MAX_PROBLEMS_SHOWN])
        more = len(report.problems) - MAX_PROBLEMS_SHOWN
        raise StorageDamaged(
            f"the ledger does not add up ({shown}"
            + (f"; and {more} more" if more > 0 else "")
            + ")"
        )
    return report
