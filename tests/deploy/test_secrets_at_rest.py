"""§3 Secrets at rest: 0700/0600 files, no private key and no device secret in the
database, and `kinpay keys rotate` while the server runs."""

from __future__ import annotations

import base64
import json
import sqlite3
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from kinpay.client import Client
from kinpay.device import Device
from tests.server.helpers import family, now, pay
from tests.servers import ServerProcess, run_kinpay, seed

KEYS_POLL_S = 10.0  # a bound on the wait for the server to see a rotation (it says ≤ 1 s)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[tuple[ServerProcess, Path]]:
    data = tmp_path / "shop" / "data"  # neither folder exists yet: the server makes them
    server = ServerProcess(db=str(data / "kinpay.db"), log_path=tmp_path / "server.log")
    server.start()
    try:
        yield server, data
    finally:
        server.stop()


def _raw_bytes(data: Path) -> bytes:
    return b"".join(p.read_bytes() for p in data.glob("kinpay.db*"))


def test_files_are_private_and_the_database_holds_no_secret(
    fresh: tuple[ServerProcess, Path], tmp_path: Path
) -> None:
    server, data = fresh
    world = seed(server.db, tmp_path / "devices", server.url)
    device = Device.load(Path(world["delegate"]["device"]))
    with Client(server.url, token=world["merchant"]["api_key"]) as till:
        t = now()
        # The numeric fallback still works: the server unwraps the same secret.
        assert pay(till, device.numeric_at(t), 150).status == "approved"

    assert _mode(data) == 0o700
    for name in ("kinpay.db", "kinpay.db-wal", "kinpay.db-shm"):
        assert _mode(data / name) == 0o600, name
    keys = data / "keys"
    assert _mode(keys) == 0o700
    key_files = sorted(p.name for p in keys.iterdir())
    assert key_files == ["otp-master.key", "signing-0001.json"]
    assert all(_mode(p) == 0o600 for p in keys.iterdir())

    private = base64.b64decode(json.loads((keys / "signing-0001.json").read_text())["private_key"])
    raw = _raw_bytes(data)
    for secret in (private, device.otp_secret):
        assert secret not in raw and base64.b64encode(secret) not in raw
    with sqlite3.connect(data / "kinpay.db") as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        stored = [r[0] for r in conn.execute("SELECT otp_secret FROM devices")]
    assert "server_keys" not in tables
    # Wrapped (AES-GCM) under the key store's master, named by its fingerprint: the secret
    # itself is nowhere in the database's files (above).
    assert len(stored) == 1 and stored[0].startswith("aesgcm:v2:"), stored


def _key_ids(url: str) -> set[str]:
    keys: list[dict[str, Any]] = httpx.get(f"{url}/v1/keys", timeout=5).json()["keys"]
    return {k["key_id"] for k in keys}


def test_rotation_signs_new_certificates_and_old_ones_keep_paying(
    fresh: tuple[ServerProcess, Path], tmp_path: Path
) -> None:
    server, data = fresh
    world = seed(server.db, tmp_path / "devices", server.url)
    old_device = Device.load(Path(world["delegate"]["device"]))
    [old_id] = _key_ids(server.url)
    assert old_device.cert.key_id.hex() == old_id

    out = run_kinpay("keys", "rotate", "--db", server.db)
    new_id = json.loads(out.stdout)["key_id"]
    assert new_id != old_id and _mode(data / "keys" / "signing-0002.json") == 0o600
    deadline = time.monotonic() + KEYS_POLL_S
    while _key_ids(server.url) != {old_id, new_id} and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _key_ids(server.url) == {old_id, new_id}  # both published

    fam = family(server.url)  # paired after the rotation
    assert fam.device.cert.key_id.hex() == new_id
    with Client(server.url, token=world["merchant"]["api_key"]) as till:
        t = now()
        assert pay(till, old_device.code_at(t), 210).status == "approved"
        assert pay(till, fam.device.code_at(t), 220).status == "approved"
    fam.close()
    listed = json.loads(run_kinpay("keys", "list", "--db", server.db).stdout)["keys"]
    assert [(k["key_id"], k["signing"], k["verifying"]) for k in listed] == [
        (old_id, False, True), (new_id, True, True)]


def test_an_old_key_verifies_until_what_it_signed_is_dead() -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from server_stub import grants, keys, offline

    assert keys.VERIFY_AFTER_ROTATION_S >= grants.CERT_TTL_S + offline.OFFLINE_MAX_AGE_S
    old = keys.KeyRecord(1, Ed25519PrivateKey.generate(), created_at=1_000)
    new = keys.KeyRecord(2, Ed25519PrivateKey.generate(), created_at=5_000)
    # Signed by `old` up to 5_000, so its certificates live until 5_000 + CERT_TTL_S.
    last_cert_death_s = 5_000 + grants.CERT_TTL_S + offline.OFFLINE_MAX_AGE_S
    assert keys.live_keys([old, new], last_cert_death_s) == [old, new]
    assert keys.live_keys([old, new], 5_000 + keys.VERIFY_AFTER_ROTATION_S) == [new]


def test_an_existing_data_folder_is_tightened_but_never_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from server_stub.private_files import secure_sqlite

    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    (data / "kinpay.db").write_bytes(b"")
    (data / "kinpay.db").chmod(0o644)
    data.chmod(0o755)
    secure_sqlite(data / "kinpay.db")  # what `kinpay server` does before it opens it
    assert (_mode(data), _mode(data / "kinpay.db")) == (0o700, 0o600)

    work = tmp_path / "work"
    work.mkdir(mode=0o755)
    work.chmod(0o755)
    monkeypatch.chdir(work)
    secure_sqlite(Path("kinpay.db").resolve())
    assert _mode(work) == 0o755  # a shop's own folder is not ours to close
