"""§7 Upgrades without loss: Alembic revision 0001 is release 1's schema exactly, and a
database that release 1 itself filled with payments upgrades, passes `kinpay check`, and
keeps paying (its tablets' certificates and numeric codes still work)."""

from __future__ import annotations

import io
import json
import os
import secrets
import sqlite3
import stat
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from kinpay.client import Client
from kinpay.errors import Conflict, Unauthorized
from server_stub import migrations
from server_stub.db import SCHEMA_HEAD, Conn, DbUrl
from tests.deploy import release1_db
from tests.server.helpers import Family, family, now, pay
from tests.servers import ROOT, Postgres, ServerProcess, free_port, run_kinpay

RELEASE_1 = "057c6bd"
TOP_UP_MINOR = 50_000
# `python -m kinpay` from release 1's tree: the editable install's finder would otherwise
# import this checkout's packages whatever PYTHONPATH says.
_RUN_RELEASE_1 = (
    "import runpy, sys; "
    "sys.meta_path[:] = [f for f in sys.meta_path"
    " if not getattr(f, '__module__', '').startswith('__editable__')]; "
    "sys.path.insert(0, sys.argv.pop(1)); "
    "import server_stub.db as d; assert not hasattr(d, 'SCHEMA_HEAD'), d.__file__; "
    "runpy.run_module('kinpay', run_name='__main__')"
)


def _release_1(tree: Path, *args: str) -> list[str]:
    return [sys.executable, "-c", _RUN_RELEASE_1, str(tree), *args]


def test_the_code_knows_alembics_head() -> None:
    assert migrations.head() == SCHEMA_HEAD


def _sqlite_schema(path: Path) -> set[tuple[str, str, str]]:
    conn = Conn(DbUrl("sqlite", str(path)))
    try:
        rows = conn.all(
            "SELECT type, name, sql FROM sqlite_master WHERE tbl_name <> 'alembic_version'"
        )
        meta = {(r["key"], r["value"], "meta") for r in conn.all("SELECT * FROM meta")}
    finally:
        conn.close()
    return {(r["type"], r["name"], r["sql"] or "") for r in rows} | meta


def test_revision_0001_is_release_1s_schema_on_sqlite(tmp_path: Path) -> None:
    old, new = tmp_path / "release1.db", tmp_path / "alembic.db"
    release1_db.Database(str(old)).migrate()
    migrations.upgrade(DbUrl("sqlite", str(new)), to="0001")
    assert _sqlite_schema(new) == _sqlite_schema(old)
    assert len(_sqlite_schema(old)) > 20


_PG_SCHEMA = [
    "SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, ''),"
    " is_identity FROM information_schema.columns WHERE table_schema = 'public'",
    "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
    "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
    " WHERE connamespace = 'public'::regnamespace",
]


def _pg_schema(url: str) -> set[tuple[Any, ...]]:
    conn = Conn(DbUrl("postgres", url))
    try:
        found = {tuple(r.values()) for q in _PG_SCHEMA for r in conn.all(q)}
    finally:
        conn.close()
    return {row for row in found if "alembic_version" not in str(row[0])}


@pytest.mark.postgres
def test_revision_0001_is_release_1s_schema_on_postgres(postgres: Postgres) -> None:
    old, new = postgres.create_db("r1_old"), postgres.create_db("r1_new")
    release1_db.Database(old).migrate()
    migrations.upgrade(DbUrl("postgres", new), to="0001")
    assert _pg_schema(new) == _pg_schema(old)
    assert len(_pg_schema(old)) > 50


# --- a database release 1 filled, upgraded -------------------------------------------------


@pytest.fixture(scope="module")
def release_1_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Release 1's packages, from git: the previous release exactly as shipped."""
    out = tmp_path_factory.mktemp("release1")
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", RELEASE_1, "kinpay", "server_stub", "pos_app",
         "wallet_app"], capture_output=True, check=True, timeout=60,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(out, filter="data")
    return out


@dataclass
class OldServer:
    """`kinpay server` of release 1, as a process, with the umask shops ran it under."""

    tree: Path
    db: str
    log: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    def start(self) -> OldServer:
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                _release_1(self.tree, "server", "--db", self.db, "--port", str(self.port),
                           "--quiet"),
                stdout=log, stderr=log, start_new_session=True,
                preexec_fn=lambda: os.umask(0o022),  # as a shop's shell had it
            )
        probe = ServerProcess(db=self.db, port=self.port)
        probe.proc = self.proc
        _wait_up(probe)
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)


def _wait_up(probe: ServerProcess) -> None:
    import time

    import httpx

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert probe.proc is not None and probe.proc.poll() is None, "release 1 did not start"
        try:
            if httpx.get(f"{probe.url}/v1/health", timeout=0.5).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise AssertionError("release 1's server did not answer in time")


@dataclass
class Record:
    """What the test saw acknowledged, to judge the upgraded database by."""

    approved_minor: dict[str, int] = field(default_factory=dict)  # payer token → total

    def add(self, fam: Family, amount: int) -> None:
        who = str(fam.payer.token)
        self.approved_minor[who] = self.approved_minor.get(who, 0) + amount


def _balance(url: str, token: str) -> int:
    with Client(url, token=token) as payer:
        return sum(b.balance for b in payer.account().balances if b.currency == "CNY")


def _release_1_numeric(fam: Family, t: int) -> str:
    """The numeric code a release-1 tablet showed (19 digits: device number, counter digit,
    an 8-digit HMAC-SHA256 password truncated as RFC 4226 does, a Luhn digit), written out
    here so release 1's server is fed what release 1's tablets sent."""
    import hashlib
    import hmac
    import struct

    dev = fam.device
    step, counter = dev.step_at(t), dev.counter_at(t)
    mac = hmac.new(dev.otp_secret, struct.pack(">IH", step, counter), hashlib.sha256).digest()
    offset = mac[-1] & 0x0F
    password = (int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF) % 10**8
    body = f"{dev.device_no:09d}{counter % 10}{password:08d}"
    total = 0
    for i, ch in enumerate(reversed(body)):  # Luhn: double every second digit from the right
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return body + str((10 - total % 10) % 10)


def _fill(old: OldServer, terminal_key: str, record: Record, n_families: int) -> list[Family]:
    fams = [family(old.url, balance=TOP_UP_MINOR) for _ in range(n_families)]
    with Client(old.url, token=terminal_key) as till:
        for i in range(12):
            fam = fams[i % n_families]
            t = now()
            code = _release_1_numeric(fam, t) if i % 4 == 3 else fam.device.code_at(t)
            fam.device.bump(t)
            amount = 100 + 7 * i
            assert pay(till, code, amount).status == "approved"
            record.add(fam, amount)
    return fams


def _db_url(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if engine == "sqlite":
        return str(tmp_path / "shop" / "kinpay.db")
    pg: Postgres = request.getfixturevalue("postgres")
    # One per test: two tests of this module may run in one worker process.
    return pg.create_db(f"upgrade_{os.getpid()}_{secrets.token_hex(3)}")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def upgrade_db(request: pytest.FixtureRequest, tmp_path: Path,
               monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("KINPAY_KEYS_DIR", str(tmp_path / "keys"))
    yield _db_url(str(request.param), tmp_path, request)


def test_a_release_1_database_full_of_payments_upgrades_and_keeps_paying(
    upgrade_db: str, release_1_tree: Path, tmp_path: Path
) -> None:
    db = upgrade_db
    old = OldServer(release_1_tree, db, tmp_path / "old.log").start()
    record = Record()
    try:
        terminal_key = _old_terminal(release_1_tree, db)
        fams = _fill(old, terminal_key, record, n_families=3)
    finally:
        old.stop()
    sqlite_file = Path(db) if not db.startswith("postgresql") else None
    if sqlite_file is not None:  # release 1 left it readable by everyone, at 4 KiB pages
        assert stat.S_IMODE(sqlite_file.stat().st_mode) == 0o644
        assert _page_size(sqlite_file) == 4096

    refused = run_kinpay("server", "--db", db, "--port", str(free_port()), check=False)
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "older schema" in refused.stderr and "kinpay db upgrade --db" in refused.stderr

    upgraded = json.loads(run_kinpay("db", "upgrade", "--db", db).stdout)
    assert upgraded == {"from": "1", "to": SCHEMA_HEAD}
    check = json.loads(run_kinpay("check", "--db", db, "--json").stdout)
    assert check["ok"] is True and check["problems"] == []
    # Three top-ups and twelve payments, each one transfer.
    assert check["transfers"] == len(fams) + 12

    new = ServerProcess(db=db, log_path=tmp_path / "new.log").start()
    try:
        if sqlite_file is not None:
            assert stat.S_IMODE(sqlite_file.stat().st_mode) == 0o600
        with Client(new.url, token=terminal_key) as till:
            t = now()
            fam = fams[0]  # its counter moved on with every code it showed: these are unused
            assert pay(till, fam.device.code_at(t), 500).status == "approved"
            fam.device.bump(t)
            assert pay(till, fam.device.numeric_at(t), 40).status == "approved"
            record.add(fam, 540)
        for fam in fams:  # the sessions release 1 opened still hold
            token = str(fam.payer.token)
            assert _balance(new.url, token) == TOP_UP_MINOR - record.approved_minor[token]
    finally:
        new.stop()
        for fam in fams:
            fam.close()
    assert json.loads(run_kinpay("check", "--db", db, "--json").stdout)["ok"] is True
    assert run_kinpay("db", "status", "--db", db).returncode == 0
    if sqlite_file is not None:  # a database keeps its pages (only a new one has 1 KiB)
        assert _page_size(sqlite_file) == 4096


def _page_size(path: Path) -> int:
    raw = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        size: int = raw.execute("PRAGMA page_size").fetchone()[0]
    finally:
        raw.close()
    return size


def _old_terminal(tree: Path, db: str) -> str:
    """A terminal registered by release 1's own `kinpay terminal add`."""
    done = subprocess.run(
        _release_1(tree, "terminal", "add", "--db", db, "--merchant", "Old Shop",
                   "--category", "grocery"),
        capture_output=True, text=True, check=True, timeout=60,
    )
    key: str = json.loads(done.stdout)["api_key"]
    return key


def test_a_schema_from_a_newer_kinpay_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "data" / "kinpay.db"
    migrations.upgrade(DbUrl("sqlite", str(db)))
    conn = Conn(DbUrl("sqlite", str(db)))
    try:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    finally:
        conn.close()
    refused = run_kinpay("server", "--db", str(db), "--port", str(free_port()), check=False)
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "schema 0099" in refused.stderr and "newer kinpay" in refused.stderr
    upgrade = run_kinpay("db", "upgrade", "--db", str(db), check=False)
    assert upgrade.returncode != 0 and "newer kinpay" in upgrade.stderr
    assert "Traceback" not in upgrade.stderr


def test_names_made_before_their_keys_still_sign_in_and_keep_their_owners(
    upgrade_db: str, tmp_path: Path
) -> None:
    """Revision 0009 keys every account's name (kinpay.names.name_key). A database made
    before may hold two names with one key (on SQLite, "ZOÉ-x" could be signed up beside
    "zoé-x": lower() folded ASCII only). After the upgrade both still sign in by their
    exact names; the older account owns the key (any other way of typing it is that
    one), the newer keeps none; and nobody new can take the key."""
    from server_stub import security

    db = upgrade_db
    migrations.upgrade(DbUrl.parse(db), to="0008")
    people = [("u-older", "zoé-x", "older's password", 1_700_000_000),
              ("u-newer", "ZOÉ-x", "newer's password", 1_700_000_100),
              ("u-lily", "Lily-x", "lily's password", 1_700_000_200)]
    conn = Conn(DbUrl.parse(db))
    try:
        conn.begin()
        for user_id, name, password, at in people:
            conn.execute("INSERT INTO users (id, name, role, pw_hash, timezone, created_at)"
                         " VALUES (?, ?, 'delegate', ?, 'UTC', ?)",
                         (user_id, name, security.hash_password(password), at))
        conn.execute("COMMIT")
    finally:
        conn.close()
    assert json.loads(run_kinpay("db", "upgrade", "--db", db).stdout) == {
        "from": "0008", "to": SCHEMA_HEAD}
    server = ServerProcess(db=db, log_path=tmp_path / "server.log").start()
    try:
        def who(name: str, password: str) -> str | None:
            with Client(server.url) as client:
                try:
                    return client.sign_in(name, password).user.name
                except Unauthorized:  # that name and password are no account's
                    return None

        assert who("zoé-x", "older's password") == "zoé-x"
        assert who("ZOÉ-x", "newer's password") == "ZOÉ-x"
        assert who("Zoé-X", "older's password") == "zoé-x"  # the key is the older's
        assert who("Zoé-X", "newer's password") is None
        assert who("lily-x", "lily's password") == "Lily-x"
        with Client(server.url) as client, pytest.raises(Conflict) as taken:
            client.sign_up("ｚｏé-X", "a password long enough", "delegate")
        assert taken.value.code == "name_taken"
    finally:
        server.stop()


def test_sessions_from_before_the_device_list_are_listed_and_can_be_ended(
    upgrade_db: str, tmp_path: Path
) -> None:
    """Revision 0011 keeps what each session is, for the account's list of signed-in
    devices. Sessions started before it (a parent's phone and laptop, signed in at 0010)
    are listed after the upgrade, with the start their expiry tells (a session lives 12
    hours) and no device name or address, and the phone can sign the laptop out by the
    id the list gives it."""
    from server_stub import security

    db = upgrade_db
    migrations.upgrade(DbUrl.parse(db), to="0010")
    start = int(time.time()) - 600
    tokens = {"phone": security.new_token(security.SESSION_PREFIX),
              "laptop": security.new_token(security.SESSION_PREFIX)}
    conn = Conn(DbUrl.parse(db))
    try:
        conn.begin()
        conn.execute("INSERT INTO users (id, name, name_key, role, pw_hash, timezone,"
                     " created_at) VALUES ('u-mei', 'mei-x', 'mei-x', 'payer', ?, 'UTC', ?)",
                     (security.hash_password("mei's password"), start))
        for token in tokens.values():
            conn.execute("INSERT INTO sessions (token_hash, user_id, expires_at, proved_at)"
                         " VALUES (?, 'u-mei', ?, ?)",
                         (security.token_hash(token), start + 12 * 3600, start))
        conn.execute("COMMIT")
    finally:
        conn.close()
    assert json.loads(run_kinpay("db", "upgrade", "--db", db).stdout) == {
        "from": "0010", "to": SCHEMA_HEAD}
    server = ServerProcess(db=db, log_path=tmp_path / "server.log").start()
    try:
        with Client(server.url, token=tokens["phone"]) as phone:
            listed = phone.signed_in().sessions
            assert len(listed) == 2
            assert all(s.started_at == start and s.device == "" and s.address == ""
                       for s in listed)
            assert [s.current for s in listed].count(True) == 1
            laptop = next(s for s in listed if not s.current)
            phone.reauth("mei's password")  # another device: the password again
            phone.sign_out_device(laptop.id)
            assert [s.current for s in phone.signed_in().sessions] == [True]
        with Client(server.url, token=tokens["laptop"]) as gone, \
                pytest.raises(Unauthorized) as ended:
            gone.me()
        assert ended.value.code == "signed_out_remotely"
    finally:
        server.stop()
