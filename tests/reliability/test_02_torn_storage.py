"""Item 2. Torn storage: the database or its WAL truncated or corrupted. The server either
starts with balances equal to its journal (the transfers) or refuses to start with a clear
message; never silently wrong. Also a ledger edited behind the server's back, on both
engines: refused."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from server_stub.integrity import StorageDamaged, inspect
from tests.reliability.kit import families, peek, report, scale, terminals
from tests.server.helpers import now, pay
from tests.servers import ServerProcess

pytestmark = pytest.mark.soak

VARIANTS = scale(6, 100)
Damage = Callable[[Path, random.Random], str]


def _pay_some(server: ServerProcess, n: int) -> dict[str, tuple[int, str]]:
    """`n` approved payments; the test's own record of them: payment id -> (amount, the
    paying terminal's id), as the server answered them."""
    fams = families(server.url, 2)
    [term] = terminals(server.db, server.url, 1)
    terminal_id = term.terminal().id
    record = {}
    for i in range(n):
        fam = fams[i % len(fams)]
        t = now()
        code = fam.device.code_at(t)
        fam.device.bump(t)
        payment = pay(term, code, 100 + i)
        assert payment.status == "approved" and payment.amount == 100 + i
        record[payment.id] = (100 + i, terminal_id)
    term.close()
    for f in fams:
        f.close()
    return record


ORIGINAL_RECORD: dict[str, tuple[int, str]] = {}  # filled by `original`, read by its test


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with payments both in the main file and in the WAL, left by kill -9."""
    folder = tmp_path_factory.mktemp("original")
    server = ServerProcess(db=str(folder / "kinpay.db"), log_path=folder / "server.log")
    server.start()
    ORIGINAL_RECORD.clear()
    ORIGINAL_RECORD.update(_pay_some(server, 20))
    server.stop()  # a clean stop checkpoints the WAL into the main file
    server.start()
    ORIGINAL_RECORD.update(_pay_some(server, 20))
    server.stop(kill=True)  # these stay in the WAL
    assert (folder / "kinpay.db-wal").stat().st_size > 0
    return folder


def _truncate(suffix: str) -> Damage:
    def damage(db: Path, rng: random.Random) -> str:
        path = Path(str(db) + suffix)
        size = path.stat().st_size
        cut = rng.choice([rng.randrange(0, size), rng.randrange(0, size // 4096 + 1) * 4096])
        with open(path, "r+b") as fh:
            fh.truncate(cut)
        return f"{path.name} truncated to {cut} of {size} bytes"

    return damage


def _corrupt(suffix: str) -> Damage:
    def damage(db: Path, rng: random.Random) -> str:
        path = Path(str(db) + suffix)
        size = path.stat().st_size
        n = rng.choice([1, 8, 512])
        at = rng.randrange(0, max(1, size - n))
        with open(path, "r+b") as fh:
            fh.seek(at)
            fh.write(bytes(rng.randrange(256) for _ in range(n)))
        return f"{path.name}: {n} random bytes at {at}"

    return damage


def _delete_wal(db: Path, rng: random.Random) -> str:
    Path(str(db) + "-wal").unlink()
    return "WAL deleted"


DAMAGES: list[Damage] = [
    _truncate(""), _truncate("-wal"), _corrupt(""), _corrupt("-wal"), _delete_wal,
]


def test_torn_or_corrupt_storage_never_starts_silently_wrong(
    original: Path, tmp_path: Path
) -> None:
    rng = random.Random(2024)
    started = refused = silently_wrong = unclear = 0
    lost: list[int] = []
    for i in range(VARIANTS):
        folder = tmp_path / f"v{i}"
        folder.mkdir()
        for name in ("kinpay.db", "kinpay.db-wal"):
            shutil.copy(original / name, folder / name)
        # The database's key store comes with it (a server refuses a database whose
        # tablets' keys it doesn't hold: server_stub/key_guard.py).
        shutil.copytree(original / "keys", folder / "keys")
        db = folder / "kinpay.db"
        what = DAMAGES[i % len(DAMAGES)](db, rng)
        server = ServerProcess(db=str(db), log_path=folder / "server.log")
        try:
            server.start()
        except RuntimeError:
            refused += 1
            log = (folder / "server.log").read_text(errors="replace")
            if "refusing to start" not in log or "Traceback" in log:
                unclear += 1
                print(f"variant {i} ({what}) refused without a clear message:\n{log[-800:]}")
            continue
        server.stop()
        started += 1
        try:
            found = inspect(str(db))
        except StorageDamaged as exc:
            silently_wrong += 1
            print(f"variant {i} ({what}) started on a damaged database: {exc}")
            continue
        if not found.ok:
            silently_wrong += 1
            print(f"variant {i} ({what}) started with a wrong ledger: {found.problems[:3]}")
        off = _off_record(db, ORIGINAL_RECORD)
        if off:
            silently_wrong += 1
            print(f"variant {i} ({what}) started off the test's own record: {off[:3]}")
        lost.append(40 - _payments(db))
    report("02", "damaged copies tried", VARIANTS)
    report("02", "started with balances equal to the journal", started)
    report("02", "refused to start with a clear message", refused)
    report("02", "started silently wrong", silently_wrong)
    report("02", "refused without a clear message", unclear)
    report("02", "payments lost when the WAL was torn (most, of 40)", max(lost, default=0))
    assert silently_wrong == 0
    assert unclear == 0
    assert refused > 0 and started > 0  # both outcomes were exercised


def _off_record(db: Path, record: dict[str, tuple[int, str]]) -> list[str]:
    """Against the test's own record of what it was answered: every payment the database
    holds is one the test was told was approved, with its amount; and each shop's balance
    is the sum of its surviving payments (shops receive nothing else here). Payments may be
    missing (a torn WAL loses what it held): never invented, changed, or miscounted."""
    problems = []
    with peek(str(db)) as c:
        rows = c.all("SELECT id, status, amount, terminal_id FROM payments")
        shops = {r["id"]: int(r["balance"]) for r in c.all(
            "SELECT t.id, a.balance FROM terminals t JOIN accounts a"
            " ON a.kind = 'merchant' AND a.owner_id = t.merchant_id")}
    surviving: dict[str, int] = {}
    for r in rows:
        want = record.get(r["id"])
        if want is None or r["status"] != "approved" or int(r["amount"]) != want[0]:
            problems.append(f"payment {r['id']} {r['status']} {r['amount']} not as answered")
            continue
        surviving[want[1]] = surviving.get(want[1], 0) + want[0]
    for terminal_id, balance in shops.items():
        if balance != surviving.get(terminal_id, 0):
            problems.append(f"shop of {terminal_id}: {balance}, its payments sum to "
                            f"{surviving.get(terminal_id, 0)}")
    return problems


def _payments(db: Path) -> int:
    with peek(str(db)) as c:
        return int(c.scalar("SELECT COUNT(*) FROM payments"))


def test_a_ledger_edited_behind_the_servers_back_is_refused(
    server: ServerProcess, engine: str
) -> None:
    _pay_some(server, 3)
    server.stop()
    with peek(server.db) as c:
        c.execute("UPDATE accounts SET balance = balance + 1 WHERE kind = 'merchant'")
    with pytest.raises(RuntimeError):
        server.start()
    assert server.log_path is not None
    assert "refusing to start: the ledger does not add up" in server.log_path.read_text()
    with peek(server.db) as c:
        c.execute("UPDATE accounts SET balance = balance - 1 WHERE kind = 'merchant'")
    server.start()  # put right, it starts again
    report("02", "edited ledger refused", 1, engine=engine)
