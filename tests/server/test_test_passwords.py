"""`kinpay server --test-fast-passwords`: what test suites run (cheap scrypt), never on a
network address, and the hashes it made are replaced by full ones at the next sign-in on a
normal server, as any hash with other parameters is."""

from __future__ import annotations

import subprocess
from pathlib import Path

import httpx
import pytest

from server_stub import security
from server_stub.app import create_app
from server_stub.db import Database
from tests.server.helpers import PASSWORD
from tests.servers import KINPAY, ServerProcess, free_port

FULL_N = 2**17  # OWASP's scrypt advice, which the server's own hashes must carry
TEST_N = 2**10


def stored_hash(db: str, name: str) -> str:
    database = Database(db)
    conn = database.connect()
    try:
        row = conn.one("SELECT pw_hash FROM users WHERE name = ?", (name,))
    finally:
        conn.close()
    assert row is not None
    return str(row["pw_hash"])


def test_refused_on_a_network_address(tmp_path: Path) -> None:
    out = subprocess.run(
        [*KINPAY, "server", "--db", str(tmp_path / "k.db"), "--host", "192.0.2.1",
         "--port", str(free_port()), "--test-fast-passwords", "--insecure-http"],
        capture_output=True, text=True, timeout=60,
    )
    assert out.returncode == 2
    assert "--test-fast-passwords" in out.stderr and "Traceback" not in out.stderr
    with pytest.raises(ValueError, match="loopback"):
        create_app(str(tmp_path / "k.db"), test_fast_passwords=True, bind_host="0.0.0.0")


def test_a_test_hash_becomes_a_full_one_at_the_next_sign_in(tmp_path: Path) -> None:
    db = str(tmp_path / "kinpay.db")
    body = {"name": "mei-test-hash", "password": PASSWORD, "role": "payer",
            "timezone": "Asia/Shanghai"}
    fast = ServerProcess(db=db, log_path=tmp_path / "fast.log", fast_passwords=True).start()
    try:
        assert httpx.post(f"{fast.url}/v1/users", json=body, timeout=30).status_code == 201
    finally:
        fast.stop()
    assert stored_hash(db, body["name"]).startswith(f"scrypt${TEST_N}$8$1$")

    normal = ServerProcess(db=db, log_path=tmp_path / "normal.log", fast_passwords=False).start()
    try:
        signed = httpx.post(f"{normal.url}/v1/sessions", timeout=30,
                            json={"name": body["name"], "password": PASSWORD})
        assert signed.status_code == 201
    finally:
        normal.stop()
    upgraded = stored_hash(db, body["name"])
    assert upgraded.startswith(f"scrypt${FULL_N}$8$1$")
    assert security.check_password(PASSWORD, upgraded)
