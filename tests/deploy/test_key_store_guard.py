"""The key store at start-up (ops review 37, H3 and M7), as an operator meets it: a real
`kinpay server` on a database whose tablets were paired, started after the key store was
moved away, swapped for another shop's, or copied open to everyone.

A missing or foreign key store must stop the server with one line that names the folder
and says what to do, and make nothing; new keys would silently break every tablet's
certificate and typed code. A key store open to others is closed (0700/0600) with a
warning, or refused when it is not the server's user's to close."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import stat
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from kinpay.client import Client
from kinpay.device import Device
from tests.server.helpers import now, pay
from tests.servers import START_TIMEOUT_S, Postgres, ServerProcess, free_port, seed, spawn_kinpay

NOBODY_UID = 65534


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "KINPAY_KEYS_DIR"}
    return {**env, **extra}


def _start_expecting_refusal(db: str, log: Path, env: dict[str, str]) -> tuple[int, str]:
    """`kinpay server` as a shop starts it; its exit code and what it wrote, once it has
    exited. A server that starts serving instead is stopped and the test fails."""
    port = free_port()
    child = spawn_kinpay(
        ["server", "--db", db, "--port", str(port), "--quiet", "--test-fast-passwords",
         "--sign-ups-per-hour", "0"],
        env=env, stdout=log, stderr=log, new_session=True,
    )
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        code = child.poll()
        if code is not None:
            return code, log.read_text(errors="replace")
        try:
            served = httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=0.5)
        except httpx.HTTPError:
            time.sleep(0.05)
            continue
        if served.status_code == 200:
            os.killpg(child.pid, signal.SIGTERM)
            child.wait(START_TIMEOUT_S)
            pytest.fail(f"the server started (and was stopped): {log.read_text()}")
    os.killpg(child.pid, signal.SIGKILL)
    child.wait(START_TIMEOUT_S)
    pytest.fail(f"the server neither refused nor served within {START_TIMEOUT_S} s")


def _one_clear_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert "Traceback" not in text, text
    assert len(lines) == 1, text
    return lines[0]


def _pays(url: str, api_key: str, device: Device) -> tuple[str, str]:
    """The tablet's QR code, then its typed code (each used once, as the tablet does)."""
    with Client(url, token=api_key) as till:
        t = now()
        by_qr = pay(till, device.code_at(t), 120).status
        device.bump(t)
        typed = pay(till, device.numeric_at(t), 130).status
        device.bump(t)
        return by_qr, typed


@pytest.fixture
def paired_shop(tmp_path: Path) -> Iterator[tuple[ServerProcess, dict[str, Any], Device]]:
    """A shop whose tablet was paired (so certificates and OTP secrets were issued), with
    its server stopped again: what the operator has before the move."""
    data = tmp_path / "shop" / "data"
    server = ServerProcess(db=str(data / "kinpay.db"), log_path=tmp_path / "first.log",
                           env=_env()).start()
    try:
        world = seed(server.db, tmp_path / "devices", server.url)
        device = Device.load(Path(world["delegate"]["device"]))
        assert _pays(server.url, world["merchant"]["api_key"], device) == ("approved",
                                                                           "approved")
    finally:
        server.stop()
    yield server, world, device


def test_a_missing_key_store_is_refused_and_the_old_one_works_again(
    paired_shop: tuple[ServerProcess, dict[str, Any], Device], tmp_path: Path
) -> None:
    server, world, device = paired_shop
    keys = Path(server.db).parent / "keys"
    aside = tmp_path / "keys-moved"
    shutil.move(keys, aside)

    code, said = _start_expecting_refusal(server.db, tmp_path / "refused.log", _env())
    line = _one_clear_line(said)
    assert code == 2
    assert str(keys) in line and "missing" in line, line
    assert ".keys" in line and "KINPAY_KEYS_DIR" in line, line  # what to do
    assert not keys.exists()  # no new key store was made in its place

    shutil.move(aside, keys)
    again = ServerProcess(db=server.db, port=server.port, log_path=tmp_path / "again.log",
                          env=_env()).start()
    try:
        assert _pays(again.url, world["merchant"]["api_key"], device) == ("approved",
                                                                          "approved")
    finally:
        again.stop()
    assert sorted(p.name for p in keys.iterdir()) == ["otp-master.key", "signing-0001.json"]


def test_another_shops_key_store_is_refused_by_name(
    paired_shop: tuple[ServerProcess, dict[str, Any], Device], tmp_path: Path
) -> None:
    server, _, device = paired_shop
    other = ServerProcess(db=str(tmp_path / "other" / "kinpay.db"),
                          log_path=tmp_path / "other.log", env=_env()).start()
    other.stop()
    other_keys = tmp_path / "other" / "keys"
    before = {p.name: p.read_bytes() for p in other_keys.iterdir()}

    # KINPAY_KEYS_DIR set to the wrong folder: its signing key did not sign our tablet's.
    code, said = _start_expecting_refusal(server.db, tmp_path / "wrong.log",
                                          _env(KINPAY_KEYS_DIR=str(other_keys)))
    line = _one_clear_line(said)
    assert code == 2
    assert str(other_keys) in line and device.cert.key_id.hex() in line, line
    assert {p.name: p.read_bytes() for p in other_keys.iterdir()} == before

    # Our signing key but another master: every typed code would fail.
    mixed = tmp_path / "mixed"
    mixed.mkdir(mode=0o700)
    ours = Path(server.db).parent / "keys"
    shutil.copy2(ours / "signing-0001.json", mixed / "signing-0001.json")
    shutil.copy2(other_keys / "otp-master.key", mixed / "otp-master.key")
    code, said = _start_expecting_refusal(server.db, tmp_path / "mixed.log",
                                          _env(KINPAY_KEYS_DIR=str(mixed)))
    line = _one_clear_line(said)
    assert code == 2 and str(mixed) in line and "OTP master" in line, line

    # An empty folder where the keys should be (made ready for a restore, never filled).
    empty = tmp_path / "empty"
    empty.mkdir(mode=0o700)
    code, said = _start_expecting_refusal(server.db, tmp_path / "empty.log",
                                          _env(KINPAY_KEYS_DIR=str(empty)))
    line = _one_clear_line(said)
    assert code == 2 and str(empty) in line, line
    assert list(empty.iterdir()) == []


def test_a_database_with_no_paired_tablet_still_makes_its_keys(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = ServerProcess(db=str(data / "kinpay.db"), log_path=tmp_path / "a.log",
                          env=_env()).start()
    first.stop()
    shutil.rmtree(data / "keys")  # nothing was issued with them: nothing depends on them
    again = ServerProcess(db=first.db, log_path=tmp_path / "b.log", env=_env()).start()
    again.stop()
    assert sorted(p.name for p in (data / "keys").iterdir()) == [
        "otp-master.key", "signing-0001.json"]


def test_a_key_store_copied_open_to_everyone_is_closed_with_a_warning(
    paired_shop: tuple[ServerProcess, dict[str, Any], Device], tmp_path: Path
) -> None:
    server, world, device = paired_shop
    keys = Path(server.db).parent / "keys"
    # A copy that did not keep the modes (through a zip or a USB stick, or `chmod -R a+rX`
    # to "fix" a permission error): a folder 0755 and files 0644.
    copy = tmp_path / "copied-keys"
    subprocess.run(["cp", "-r", str(keys), str(copy)], check=True, timeout=30)
    subprocess.run(["chmod", "-R", "a+rX", str(copy)], check=True, timeout=30)
    assert _mode(copy) == 0o755 and {_mode(p) for p in copy.iterdir()} == {0o644}

    log = tmp_path / "copied.log"
    again = ServerProcess(db=server.db, log_path=log,
                          env=_env(KINPAY_KEYS_DIR=str(copy))).start()
    try:
        assert _mode(copy) == 0o700
        assert {p.name: _mode(p) for p in copy.iterdir()} == {
            "otp-master.key": 0o600, "signing-0001.json": 0o600}
        warned = [line for line in log.read_text().splitlines() if str(copy) in line]
        assert any("0700" in line and "0600" in line for line in warned), log.read_text()
        assert _pays(again.url, world["merchant"]["api_key"], device) == ("approved",
                                                                          "approved")
    finally:
        again.stop()


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a key file to another user")
def test_a_key_file_open_to_everyone_that_another_user_owns_is_refused(
    paired_shop: tuple[ServerProcess, dict[str, Any], Device], tmp_path: Path
) -> None:
    server, _, _ = paired_shop
    keys = Path(server.db).parent / "keys"
    master = keys / "otp-master.key"
    os.chown(master, NOBODY_UID, NOBODY_UID)
    master.chmod(0o644)

    code, said = _start_expecting_refusal(server.db, tmp_path / "theirs.log", _env())
    line = _one_clear_line(said)
    assert code == 2 and str(master) in line and "chmod" in line, line
    assert _mode(master) == 0o644  # not the server's to change


@pytest.mark.postgres
def test_on_postgresql_started_from_another_folder_it_refuses_and_makes_nothing(
    postgres: Postgres, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default key store on PostgreSQL is kinpay-data/keys under the working folder:
    started from the wrong folder, the server found none and made new keys."""
    db = postgres.create_db(f"key_guard_{secrets.token_hex(4)}")
    shop = tmp_path / "shop"
    shop.mkdir()
    monkeypatch.chdir(shop)
    server = ServerProcess(db=db, log_path=tmp_path / "pg.log", env=_env()).start()
    try:
        seed(db, tmp_path / "devices", server.url)
    finally:
        server.stop()
    assert (shop / "kinpay-data" / "keys" / "signing-0001.json").is_file()

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, said = _start_expecting_refusal(db, tmp_path / "pg-refused.log", _env())
    line = _one_clear_line(said)
    assert code == 2
    assert str(elsewhere / "kinpay-data" / "keys") in line and "KINPAY_KEYS_DIR" in line, line
    assert not (elsewhere / "kinpay-data" / "keys").exists()


def test_rotating_into_a_missing_key_store_is_refused(
    paired_shop: tuple[ServerProcess, dict[str, Any], Device], tmp_path: Path
) -> None:
    """`kinpay keys rotate` with the key store moved away made a new one holding only the
    new key (the server then refused it, and the operator had two stores to tell apart)."""
    server, _, _ = paired_shop
    keys = Path(server.db).parent / "keys"
    aside = tmp_path / "keys-moved"
    shutil.move(keys, aside)
    log = tmp_path / "rotate.log"
    child = spawn_kinpay(["keys", "rotate", "--db", server.db], env=_env(), stdout=log,
                         stderr=log)
    code = child.wait(START_TIMEOUT_S)
    line = _one_clear_line(log.read_text(errors="replace"))
    assert code == 2, line
    assert line.startswith("kinpay keys rotate: refused: the key store") and str(keys) in line
    assert not keys.exists()

    shutil.move(aside, keys)
    child = spawn_kinpay(["keys", "rotate", "--db", server.db], env=_env(), stdout=log,
                         stderr=tmp_path / "rotate.err")
    assert child.wait(START_TIMEOUT_S) == 0, (tmp_path / "rotate.err").read_text()
    assert sorted(p.name for p in keys.iterdir()) == [
        "otp-master.key", "signing-0001.json", "signing-0002.json"]
