"""The writer's caches are rollback-safe: what a job saw in a transaction that did not
commit is never remembered (both engines, a real database, the server's own Writer)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest

from server_stub import ledger
from server_stub.db import Conn, Database
from server_stub.errors import Conflict
from server_stub.writer import RowLocked, Writer


@pytest.fixture
def writer(db_url: str) -> Iterator[tuple[Writer, Database]]:
    db = Database(db_url)
    db.migrate()
    w = Writer(db)
    w.start()
    try:
        yield w, db
    finally:
        w.stop()
        db.close()


def _exists(db: Database, account: str) -> bool:
    return db.reader().one("SELECT id FROM accounts WHERE id = ?", (account,)) is not None


@pytest.mark.parametrize("row_locked", [False, True])
def test_an_account_seen_by_a_rolled_back_job_is_not_remembered(
    writer: tuple[Writer, Database], row_locked: bool
) -> None:
    w, db = writer
    owner = f"shop-{secrets.token_hex(6)}"
    seen: list[str] = []

    def refused(conn: Conn) -> None:
        made = ledger.account_id(conn, "merchant", owner, "CNY")
        # Found by its SELECT this time, inside the transaction that made it.
        seen.append(ledger.account_id(conn, "merchant", owner, "CNY"))
        assert seen[0] == made
        raise Conflict("refused after the account was made", code="insufficient_funds")

    with pytest.raises(Conflict):
        w.run(RowLocked(refused) if row_locked else refused)
    assert not _exists(db, seen[0]), "the refused job's account was rolled back"
    kept = w.run(lambda c: ledger.account_id(c, "merchant", owner, "CNY"))
    assert kept != seen[0]
    assert _exists(db, kept)
    # Once committed, it is the one every later job gets.
    again = w.run(lambda c: ledger.account_id(c, "merchant", owner, "CNY"))
    assert again == kept
