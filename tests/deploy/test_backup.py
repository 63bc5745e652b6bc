"""§6 Backups: a copy taken while payments flow, checked, restored over torn storage;
nothing acknowledged before the backup began is lost (judged by the test's own record)."""

from __future__ import annotations

import json
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from kinpay.client import Client
from kinpay.errors import ClientError
from server_stub.backup import _pg_tool, pg_env
from tests.reliability.kit import families, terminals
from tests.server.helpers import Family, now, pay, payer_balance
from tests.servers import Postgres, ServerProcess, run_kinpay

MAX_PAYMENTS = 400  # the load's bound, whatever happens
BEFORE, AFTER = 25, 25  # payments acknowledged before the backup starts, and after it
WAIT_S = 60.0


@dataclass(frozen=True)
class Acked:
    payment_id: str
    family: int
    amount: int
    at: float  # time.monotonic() when the answer arrived


class Load:
    """One till paying in a loop; keeps every acknowledged payment."""

    def __init__(self, till: Client, fams: list[Family]) -> None:
        self.till, self.fams = till, fams
        self.acked: list[Acked] = []
        self.errors: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        for i in range(MAX_PAYMENTS):
            if self._stop.is_set():
                return
            k = i % len(self.fams)
            t = now()
            code = self.fams[k].device.code_at(t)
            self.fams[k].device.bump(t)
            try:
                p = pay(self.till, code, 10 + i % 50)
            except ClientError as exc:  # kept, not swallowed: the test fails on any
                self.errors.append(repr(exc))
                return
            if p.status == "approved":
                self.acked.append(Acked(p.id, k, p.amount, time.monotonic()))

    def start(self) -> None:
        self._thread.start()

    def wait_for(self, n: int) -> None:
        deadline = time.monotonic() + WAIT_S
        while len(self.acked) < n and self._thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(self.acked) >= n, (len(self.acked), self.errors)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(WAIT_S)


def test_backup_under_load_restores_everything_acknowledged_before_it(tmp_path: Path) -> None:
    db = tmp_path / "data" / "kinpay.db"
    server = ServerProcess(db=str(db), log_path=tmp_path / "server.log",
                           extra_args=["--client-rate", "0"]).start()
    fams = families(server.url, 3)
    start_balance = [payer_balance(f) for f in fams]
    [till] = terminals(str(db), server.url, 1)
    load = Load(till, fams)
    load.start()
    load.wait_for(BEFORE)
    began = time.monotonic()
    out = tmp_path / "backups" / "kinpay-1.db"
    written = json.loads(run_kinpay("backup", "--db", str(db), str(out)).stdout)["written"]
    load.wait_for(len(load.acked) + AFTER)
    load.stop()
    server.stop(kill=True)
    assert load.errors == []
    assert written == [str(out), str(out) + ".keys"]
    assert oct(out.stat().st_mode & 0o777) == oct(0o600)
    before = [a for a in load.acked if a.at < began]
    after = [a for a in load.acked if a.at > began + 0.001]
    assert len(before) >= BEFORE and after  # payments flowed on during and after the copy

    copy_check = json.loads(run_kinpay("check", "--db", str(out), "--json").stdout)
    assert copy_check["ok"] is True

    # Torn storage: the main file cut in half. The server refuses it, the backup goes back.
    with open(db, "r+b") as fh:
        fh.truncate(db.stat().st_size // 2)
    with pytest.raises(RuntimeError, match="exited"):
        server.start()
    restored = json.loads(run_kinpay("restore", "--db", str(db), str(out)).stdout)
    assert restored["moved_aside"] is not None
    assert json.loads(run_kinpay("check", "--db", str(db), "--json").stdout)["ok"] is True

    server.start()
    try:
        kept = _judge(server.url, till.token or "", load.acked, before)
        for k, fam in enumerate(fams):
            with Client(server.url, token=fam.payer.token) as payer:
                balance = sum(b.balance for b in payer.account().balances)
            spent = sum(a.amount for a in kept if a.family == k)
            assert balance == start_balance[k] - spent
    finally:
        server.stop()
        till.close()
        for f in fams:
            f.close()


def _judge(url: str, key: str, acked: list[Acked], before: list[Acked]) -> list[Acked]:
    """Every payment acknowledged before the backup is there, as acknowledged; returns all
    acknowledged payments the restored database holds."""
    kept = []
    with Client(url, token=key) as till:
        for a in acked:
            try:
                p = till.payment(a.payment_id)
            except ClientError:
                assert a not in before, f"lost {a}"
                continue
            assert (p.status, p.amount) == ("approved", a.amount)
            kept.append(a)
    assert set(before) <= set(kept)
    return kept


@pytest.mark.postgres
def test_postgres_backup_restores_with_pg_restore(postgres: Postgres, tmp_path: Path) -> None:
    db = postgres.create_db("backup_src")
    server = ServerProcess(db=db, log_path=tmp_path / "server.log").start()
    fams = families(server.url, 2)
    [till] = terminals(db, server.url, 1)
    paid = []
    try:
        for i in range(6):
            fam = fams[i % 2]
            t = now()
            code = fam.device.code_at(t)
            fam.device.bump(t)
            paid.append(pay(till, code, 100 + i).id)
        out = tmp_path / "kinpay.dump"
        run_kinpay("backup", "--db", db, str(out))
    finally:
        server.stop()
    target = postgres.create_db("backup_copy")
    done = subprocess.run([_pg_tool("pg_restore"), "--no-owner", "--dbname", "backup_copy",
                           str(out)], env=pg_env(target), capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(run_kinpay("check", "--db", target, "--json").stdout)["ok"] is True
    copy = ServerProcess(db=target, log_path=tmp_path / "copy.log").start()
    try:
        with Client(copy.url, token=till.token) as t2:
            assert [t2.payment(p).status for p in paid] == ["approved"] * 6
    finally:
        copy.stop()
        till.close()
        for f in fams:
            f.close()
