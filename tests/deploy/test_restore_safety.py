"""Operations review 37: `kinpay restore` and `kinpay backup` run as an operator runs them
(the `kinpay` command, a real server, real files), each judged by the test's own record:
what it paid, what the files held before (their SHA-256), which keys signed what.

H1 a restore under a running server is refused, and the server keeps what it acknowledged;
H2 what is not a whole kinpay database is refused, and what is moved aside is never
overwritten; H4 the backup's key store comes back with its database; H5 a backup without
its key store fails unless told `--no-keys`; M2 a restore says what it undid."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kinpay.client import Client
from kinpay.device import Device
from tests.server.helpers import family, now, pay, terminal
from tests.servers import ROOT, ServerProcess, run_kinpay

FROZEN_NOW = 1_800_000_000.25  # the clock of two restores in the same second


@dataclass(frozen=True)
class Made:
    """A shop's data folder (server stopped) and a backup of it taken while it ran."""

    data: Path
    backup: Path
    till_key: str
    payer_token: str
    grant_id: str
    device: Device
    paid_before: str  # a payment acknowledged before the backup


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Made]:
    root = tmp_path_factory.mktemp("restore")
    db = root / "data" / "kinpay.db"
    server = ServerProcess(db=str(db), log_path=root / "server.log").start()
    try:
        fam = family(server.url)
        till = terminal(str(db), server.url)
        paid = _pay(till, fam.device).id
        backup = root / "backups" / "kinpay-1.db"
        run_kinpay("backup", "--db", str(db), str(backup))
        yield Made(root / "data", backup, till.token or "", fam.payer.token or "",
                   fam.grant.id, fam.device, paid)
        till.close()
        fam.close()
    finally:
        server.stop()


def _pay(till: Client, device: Device, amount: int = 100) -> object:
    t = now()
    code = device.code_at(t)
    device.bump(t)
    p = pay(till, code, amount)
    assert (p.status, p.decline_code) == ("approved", None)
    return p


def _shop(made: Made, tmp_path: Path) -> Path:
    """A copy of the made data folder; the path of its database."""
    data = tmp_path / "data"
    shutil.copytree(made.data, data)
    return data / "kinpay.db"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tree(folder: Path) -> dict[str, str]:
    return {p.name: _sha(p) for p in sorted(folder.iterdir())}


def _asides(db: Path) -> list[Path]:
    return sorted(db.parent.glob(f"{db.name}.before-restore-*"))


def _payment_ids(db: Path) -> set[str]:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {str(r[0]) for r in conn.execute("SELECT id FROM payments")}
    finally:
        conn.close()


def _refused(done: subprocess.CompletedProcess[str], *words: str) -> None:
    """Refused with one line that says why, not a traceback."""
    assert done.returncode != 0, f"not refused: {done.stdout} {done.stderr}"
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kinpay "), done.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])


# H1 ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("workers", [1, 2])
def test_restore_is_refused_while_a_server_uses_the_database(
    made: Made, tmp_path: Path, workers: int
) -> None:
    db = _shop(made, tmp_path)
    server = ServerProcess(db=str(db), workers=workers, log_path=tmp_path / "server.log")
    server.start()
    try:
        with Client(server.url, token=made.till_key) as till:
            after = _pay(till, made.device).id  # acknowledged after the backup
            done = run_kinpay("restore", "--db", str(db), str(made.backup), check=False)
            _refused(done, "in use", "stop it")
            assert _asides(db) == []
            # The server still serves, on the same file: what it acknowledged is there.
            assert till.payment(after).status == "approved"
            later = _pay(till, made.device).id
            assert till.payment(later).status == "approved"
    finally:
        server.stop()
    assert {after, later} <= _payment_ids(db)

    done = run_kinpay("restore", "--db", str(db), str(made.backup))
    [aside] = _asides(db)
    assert json.loads(done.stdout)["moved_aside"] == str(aside)
    assert {after, later} <= _payment_ids(aside / db.name)  # moved aside, not lost
    assert made.paid_before in _payment_ids(db) and after not in _payment_ids(db)
    server.start()
    try:
        with Client(server.url, token=made.till_key) as till:
            assert till.payment(made.paid_before).status == "approved"
    finally:
        server.stop()


# H2 ---------------------------------------------------------------------------------------

def _text_file(made: Made, path: Path) -> None:
    path.write_text("id,amount\n1,100\n")


def _other_sqlite(made: Made, path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('not kinpay')")
    conn.commit()
    conn.close()


def _damaged_backup(made: Made, path: Path) -> None:
    data = bytearray(made.backup.read_bytes())
    quarter = len(data) // 4
    data[quarter:3 * quarter] = b"\x55" * (2 * quarter)  # half its pages overwritten
    path.write_bytes(bytes(data))


def _cut_backup(made: Made, path: Path) -> None:
    data = made.backup.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _newer_schema(made: Made, path: Path) -> None:
    shutil.copyfile(made.backup, path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()


def _live_database(made: Made, path: Path) -> None:
    """A database some program has open (its -wal beside it), given as the backup."""
    shutil.copyfile(made.backup, path)
    path.with_name(path.name + "-wal").write_bytes(b"\x37\x7f\x06\x82" + bytes(28))


@pytest.mark.parametrize(("make", "says"), [
    (_text_file, "not a SQLite database"),
    (_other_sqlite, "not kinpay's"),
    (_damaged_backup, "kinpay-1.db"),
    (_cut_backup, "kinpay-1.db"),
    (_newer_schema, "9999"),
    (_live_database, "-wal"),
], ids=["text", "other-sqlite", "damaged", "cut", "newer-schema", "live"])
def test_restore_refuses_what_is_not_a_whole_kinpay_database(
    made: Made, tmp_path: Path, make: object, says: str
) -> None:
    db = _shop(made, tmp_path)
    before = _tree(db.parent / "keys"), _sha(db)
    bad = tmp_path / "elsewhere" / "kinpay-1.db"
    bad.parent.mkdir()
    make(made, bad)  # type: ignore[operator]
    shutil.copytree(made.backup.with_name(made.backup.name + ".keys"),
                    bad.with_name(bad.name + ".keys"))
    done = run_kinpay("restore", "--db", str(db), str(bad), check=False)
    _refused(done, says, "nothing was changed")
    assert (_tree(db.parent / "keys"), _sha(db)) == before
    assert _asides(db) == []
    assert sorted(p.name for p in db.parent.iterdir()) == sorted(
        p.name for p in made.data.iterdir())


def test_two_restores_in_one_second_keep_both_databases_moved_aside(
    made: Made, tmp_path: Path
) -> None:
    """The clock frozen: both restores run in the same second, as a script's might."""
    db = _shop(made, tmp_path)
    first_db, first_keys = _sha(db), _tree(db.parent / "keys")
    frozen = ("import sys, time\n"
              f"time.time = lambda: {FROZEN_NOW}\n"
              "from kinpay.cli import main\n"
              "sys.exit(main(sys.argv[1:]))\n")
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", frozen, "restore", "--db", str(db),
                               str(made.backup)], cwd=ROOT, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
    asides = _asides(db)
    assert len(asides) == 2, asides
    held = {_sha(a / db.name) for a in asides}
    assert first_db in held  # the database that was there before the first restore
    assert _sha(made.backup) in held  # the first restore's, moved aside by the second
    assert first_keys in [_tree(a / "keys") for a in asides if (a / "keys").is_dir()]


# H4 ---------------------------------------------------------------------------------------

def test_restore_on_a_new_machine_puts_the_backups_keys_in_place(
    made: Made, tmp_path: Path
) -> None:
    """A new machine: `kinpay server` ran once there (its own new keys), then the restore.
    The tablet's certificate, signed with the backup's key, must verify."""
    db = tmp_path / "new" / "kinpay.db"
    server = ServerProcess(db=str(db), log_path=tmp_path / "server.log").start()
    server.stop()
    keys = db.parent / "keys"
    new_keys = _tree(keys)
    backup_keys = made.backup.with_name(made.backup.name + ".keys")
    assert new_keys != _tree(backup_keys)  # the machine's keys differ from the backup's

    done = run_kinpay("restore", "--db", str(db), str(made.backup))
    server.start()
    try:
        with Client(server.url, token=made.till_key) as till:
            _pay(till, made.device)
    finally:
        server.stop()
    assert _tree(keys) == _tree(backup_keys)
    assert stat.S_IMODE(keys.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in keys.iterdir()} == {0o600}
    moved = json.loads(done.stdout).get("keys_moved_aside")
    assert moved is not None and _tree(Path(moved)) == new_keys  # kept, not deleted


# H5 ---------------------------------------------------------------------------------------

def test_backup_without_its_key_store_fails_unless_told(made: Made, tmp_path: Path) -> None:
    db = _shop(made, tmp_path)
    shutil.rmtree(db.parent / "keys")  # the key store is elsewhere, or lost
    out = tmp_path / "backups" / "kinpay-2.db"
    done = run_kinpay("backup", "--db", str(db), str(out), check=False)
    _refused(done, "no key store", "--no-keys")
    assert not out.exists() and not out.with_name(out.name + ".keys").exists()

    done = run_kinpay("backup", "--db", str(db), str(out), "--no-keys")
    assert json.loads(done.stdout)["written"] == [str(out)]
    assert "NOT in this backup" in done.stderr
    assert out.is_file() and not out.with_name(out.name + ".keys").exists()


# M2 ---------------------------------------------------------------------------------------

def test_restore_says_what_it_undid(made: Made, tmp_path: Path) -> None:
    db = _shop(made, tmp_path)
    server = ServerProcess(db=str(db), log_path=tmp_path / "server.log").start()
    try:
        with Client(server.url, token=made.till_key) as till:
            _pay(till, made.device)
        with Client(server.url, token=made.payer_token) as payer:
            payer.revoke_grant(made.grant_id)
    finally:
        server.stop()
    [tid] = [t["terminal_id"] for t in json.loads(
        run_kinpay("terminal", "list", "--db", str(db)).stdout)["terminals"]]
    run_kinpay("terminal", "revoke", "--db", str(db), tid)
    done = run_kinpay("restore", "--db", str(db), str(made.backup))
    warning = [line for line in done.stderr.splitlines() if "warning" in line]
    assert len(warning) == 1, done.stderr
    for words in ("1 grant(s) revoked", "1 terminal(s) revoked",
                  "1 payment(s) the backup does not hold"):
        assert words in warning[0], (words, warning[0])
