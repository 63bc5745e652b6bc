"""A QR payment's statements on PostgreSQL (issue 16): BEGIN with its locks, one call of
`kinpay_pay_read` (migration 0006), one conditional write statement, COMMIT; and what the
optimistic close leaves when the payer is short of money (nothing but the decline, as on
SQLite). PostgreSQL's own statement log (`log_statement = all` on the test's database)
shows what the server sent, session by session.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from kinpay import codes
from kinpay.client import Client, new_idempotency_key
from tests.server.helpers import (
    Family,
    db_rows,
    family,
    now,
    pay,
    payer_balance,
    terminal,
)
from tests.servers import Postgres, ServerProcess


@pytest.fixture(scope="module")
def server(
    engine: str, db_url: str, tmp_path_factory: pytest.TempPathFactory,
    request: pytest.FixtureRequest,
) -> Iterator[ServerProcess]:
    """The server, on a database whose every statement PostgreSQL logs."""
    if engine == "postgres":
        pg: Postgres = request.getfixturevalue("postgres")
        name = db_url.rsplit("/", 1)[1]
        with psycopg.connect(pg.url(), autocommit=True) as conn:
            conn.execute(f'ALTER DATABASE "{name}" SET log_statement = \'all\'')
    log = tmp_path_factory.mktemp("server") / "server.log"
    proc = ServerProcess(db=db_url, log_path=log).start()
    try:
        yield proc
    finally:
        proc.stop()


_LINE = re.compile(r"^\S+ \S+ \S+ \[(\d+)\] (\w+):  (.*)$")
_STATEMENT = re.compile(r"^(?:statement|execute [^:]*): (.*)$")


def _sessions(log: Path) -> dict[str, list[tuple[str, str]]]:
    """PostgreSQL's log by session: each line's level and text, in order."""
    found: dict[str, list[tuple[str, str]]] = {}
    for line in log.read_text(errors="replace").splitlines():
        m = _LINE.match(line)
        if m is not None:
            found.setdefault(m.group(1), []).append((m.group(2), m.group(3)))
    return found


def _transactions_of(log: Path, idem_key: str) -> list[list[str]]:
    """The statements (and errors) of each transaction that called kinpay_pay_read for the
    payment with `idem_key`, from its BEGIN to its COMMIT or ROLLBACK."""
    found = []
    for lines in _sessions(log).values():
        for n, (level, text) in enumerate(lines):
            if level != "DETAIL" or idem_key not in text or n == 0:
                continue
            if "kinpay_pay_read" not in lines[n - 1][1]:
                continue
            start = max(i for i in range(n) if lines[i][1].endswith(": BEGIN"))
            end = min(i for i in range(n, len(lines))
                      if lines[i][1].endswith((": COMMIT", ": ROLLBACK")))
            one = []
            for lvl, txt in lines[start:end + 1]:
                m = _STATEMENT.match(txt)
                if m is not None and lvl == "LOG":
                    one.append(m.group(1))
                elif lvl == "ERROR":
                    one.append(f"ERROR {txt}")
            found.append(one)
    return found


def _shape(statements: list[str]) -> list[str]:
    """Each statement by how it starts."""
    return [" ".join(s.split()[:2]) for s in statements]


def _code(fam: Family, at: int | None = None) -> str:
    t = now() if at is None else at
    code = fam.device.code_at(t)
    fam.device.bump(t)
    return code


@pytest.fixture
def shop(server: ServerProcess) -> Iterator[Client]:
    t = terminal(server.db, server.url)
    yield t
    t.close()


def test_an_approved_payment_is_one_call_and_one_write(
    engine: str, server: ServerProcess, shop: Client, request: pytest.FixtureRequest
) -> None:
    fam = family(server.url, balance=10_000)
    # The shop's account is made by its first payment, its id read by the second and
    # remembered once that commits (ledger.account_id): the third reads nothing more.
    assert [pay(shop, _code(fam), 100).status for _ in range(2)] == ["approved"] * 2
    key = new_idempotency_key()
    paid, _ = shop.pay(_code(fam), 250, "CNY", idempotency_key=key)
    assert paid.status == "approved"
    assert paid.remaining is not None and paid.remaining.daily == 10_000 - 450
    assert payer_balance(fam) == 10_000 - 450
    if engine == "postgres":
        log = request.getfixturevalue("postgres").base / "pg.log"
        [tx] = _transactions_of(log, key)
        assert _shape(tx) == ["BEGIN", "SELECT pg_advisory_xact_lock_shared(1802071664),",
                              "SELECT kinpay_pay_read($1,", "WITH debit", "COMMIT"], tx
        assert tx[3].endswith("SELECT kinpay_debited(COUNT(*)) FROM debit")
    fam.close()


def test_a_short_balance_writes_only_the_decline(
    engine: str, server: ServerProcess, shop: Client, request: pytest.FixtureRequest
) -> None:
    fam = family(server.url, balance=1_000)
    assert [pay(shop, _code(fam), 200).status for _ in range(2)] == ["approved"] * 2
    key = new_idempotency_key()
    code = _code(fam)
    short, _ = shop.pay(code, 700, "CNY", idempotency_key=key)
    assert (short.status, short.decline_code) == ("declined", "insufficient_funds")
    assert short.remaining is not None and short.remaining.daily == 10_000 - 400
    # Nothing of it but the decline and the code's use (one row, the device's moment): no
    # transfer, no spend, no credit.
    shown = codes.parse_code(code)
    db = server.db
    assert db_rows(db, "SELECT COUNT(*) FROM transfers WHERE ref_id = ?", (short.id,)) == [(0,)]
    assert db_rows(db, "SELECT status, decline_code, amount FROM payments WHERE id = ?",
                    (short.id,)) == [("declined", "insufficient_funds", 700)]
    assert db_rows(db, "SELECT use_key FROM code_uses WHERE payment_id = ?",
                    (short.id,)) == [(f"d{fam.device.device_no}:{shown.step}:{shown.counter}",)]
    assert db_rows(db, "SELECT SUM(amount) FROM spend WHERE grant_id = ? AND period LIKE ?",
                    (fam.grant.id, "d:%")) == [(400,)]
    assert db_rows(db, "SELECT a.balance FROM accounts a JOIN terminals t ON t.merchant_id ="
                    " a.owner_id WHERE a.kind = 'merchant' AND t.id = ?",
                 (short.terminal_id,)) == [(400,)]
    assert payer_balance(fam) == 600
    assert fam.payer.grant(fam.grant.id).spending.today == 400
    # Asked again, the same answer; the code stays used.
    again, _ = shop.pay(code, 700, "CNY", idempotency_key=key)
    assert again.model_dump() == short.model_dump()
    assert pay(shop, code, 100).decline_code == "code_used"
    if engine == "postgres":
        log = request.getfixturevalue("postgres").base / "pg.log"
        first, second, replay = _transactions_of(log, key)
        # The one-statement close found the money short and lost the transaction…
        assert _shape(first)[2:4] == ["SELECT kinpay_pay_read($1,", "WITH debit"], first
        assert first[-2:] == ["ERROR the account is short of money", "ROLLBACK"]
        # …then the payment ran again with its debit alone, and wrote the decline.
        debit = "UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND balance >= $3"
        assert debit in second
        assert second[-1] == "COMMIT"
        assert _shape(replay) == ["BEGIN", "SELECT pg_advisory_xact_lock_shared(1802071664),",
                                  "SELECT kinpay_pay_read($1,", "COMMIT"]
    fam.close()


def test_a_process_that_guesses_the_grant_zone_wrong_reads_its_spend_again(
    server: ServerProcess, tmp_path: Path
) -> None:
    """A process reads a grant's spend for the periods of the zone it last saw for that
    grant, UTC if none (pay_reads._GRANT_ZONES; on PostgreSQL in kinpay_pay_read). A second
    process, which never saw this Shanghai grant, guesses UTC, whose day is another date at
    04:00 in Shanghai: it must read the grant's own day again, not the guessed one's 0."""
    at = 1_774_900_800  # 2026-03-30 20:00 UTC = 2026-03-31 04:00 in Shanghai
    server.set_clock(at)
    other = ServerProcess(db=server.db, log_path=tmp_path / "other.log").start()
    fam: Family | None = None
    tills: list[Client] = []
    try:
        other.set_clock(at)
        fam = family(server.url, limits=(5_000, 8_000, 12_000), timezone="Asia/Shanghai")
        tills = [terminal(server.db, server.url), terminal(server.db, other.url)]
        first = pay(tills[0], _code(fam, at), 5_000)
        assert first.status == "approved"
        # The other process, on the grant's day with 5,000 spent: 3,001 passes the day.
        assert pay(tills[1], _code(fam, at), 3_001).decline_code == "limit_daily"
        paid = pay(tills[1], _code(fam, at), 3_000)
        assert paid.status == "approved"
        assert paid.remaining is not None
        assert (paid.remaining.daily, paid.remaining.monthly) == (0, 4_000)
        assert fam.payer.grant(fam.grant.id).spending.today == 8_000
    finally:
        server.set_clock(None)
        other.stop()
        for till in tills:
            till.close()
        if fam is not None:
            fam.close()
