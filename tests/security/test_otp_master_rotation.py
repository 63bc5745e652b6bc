"""The OTP master after it got out (security.md row 59): `kinpay keys rotate-otp`.

Whoever read the key store's `otp-master.key` (an open backup, a stolen disk) and looked
once at a tablet could type that child's codes at any till for as long as the tablet was
paired: the master could not be changed without silencing every tablet's typed code. The
operator now runs `kinpay keys rotate-otp` while the server runs: every device gets a new
secret under a new master, each tablet takes its own at its next sync, sealed to its key,
and what the attacker holds (the old master, a secret made with it) opens nothing.

SQLite only: the key store is the folder beside the test's own database. (On PostgreSQL the
tests' servers share one key store, and rotating it would pull the typed codes from under
every other test running beside this one.)
"""

from __future__ import annotations

import base64
import json
import sqlite3
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kinpay import codes
from kinpay.device import Device
from kinpay.errors import CodeForged
from tests.security.conftest import balance_of, post_payment, shop_key, victim
from tests.server.helpers import now
from tests.servers import ServerProcess, run_kinpay


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    proc = ServerProcess(db=str(tmp_path / "kinpay.db"), log_path=tmp_path / "server.log",
                         demo=False).start()
    try:
        yield proc
    finally:
        proc.stop()


def _pay(http: httpx.Client, server: ServerProcess, key: str, code: str,
         amount: int) -> tuple[str, str | None]:
    answer = post_payment(http, server.url, key,
                          {"code": code, "amount": amount, "currency": "CNY"})
    assert answer.status_code == 201, answer.text
    body = answer.json()
    return body["status"], body["decline_code"]


def _rotate(server: ServerProcess) -> dict[str, object]:
    out = run_kinpay("keys", "rotate-otp", "--db", server.db, check=False)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    result: dict[str, object] = json.loads(out.stdout)
    return result


def _stored_secrets(db: str) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT cert_id, otp_secret FROM devices").fetchall())


def test_a_stolen_master_and_secret_open_nothing_after_a_rotation(
    server: ServerProcess,
) -> None:
    fam = victim(server, limits=(5_000, 50_000, 100_000))
    other = victim(server, limits=(5_000, 50_000, 100_000))
    key = shop_key(server)
    folder = Path(server.db).parent / "keys"
    stolen_master = (folder / "otp-master.key").read_bytes()
    stolen_secret = fam.device.otp_secret  # what master and database gave the attacker
    stored_before = _stored_secrets(server.db)
    start = balance_of(fam.payer)
    with httpx.Client(timeout=10) as http:
        assert _pay(http, server, key, fam.device.numeric_at(now()), 100) == ("approved", None)
        fam.device.bump(now())

        result = _rotate(server)
        assert result["devices"] == 2

        # The key store: a new master in force, 0600, nothing of the old one left there.
        master_file = folder / "otp-master.key"
        assert master_file.read_bytes() != stolen_master
        assert len(base64.b64decode(master_file.read_bytes())) == 32
        assert stat.S_IMODE(master_file.stat().st_mode) == 0o600
        assert sorted(p.name for p in folder.iterdir() if "otp" in p.name) == [
            "otp-master.key"]
        # Every device's stored secret is new.
        stored_after = _stored_secrets(server.db)
        assert set(stored_after) == set(stored_before)
        assert all(stored_after[c] != stored_before[c] for c in stored_before)

        # The attacker types a code made with what they held: refused, and nobody pays.
        forged = fam.device.numeric_at(now())  # the tablet has not synced: the old secret
        assert forged == _numeric_with(fam.device, stolen_secret)
        assert _pay(http, server, key, forged, 200) == ("declined", "code_invalid")
        # The QR code is signed by the tablet's own key: it never stopped working.
        assert _pay(http, server, key, fam.device.code_at(now()), 150) == ("approved", None)
        fam.device.bump(now())

        # The tablet syncs: its new secret, sealed to its own key; its typed code works.
        answer = fam.delegate.certificate(fam.grant.id)
        assert answer.otp_secret_sealed is not None
        assert fam.device.take_certificate(answer) is True
        assert fam.device.otp_secret not in (stolen_secret, b"")
        assert len(fam.device.otp_secret) == 32
        assert _pay(http, server, key, fam.device.numeric_at(now()), 300) == ("approved", None)
        fam.device.bump(now())
        # A second sync changes nothing more.
        assert fam.device.take_certificate(fam.delegate.certificate(fam.grant.id)) is False

        # Another tablet can't open this one's sealed secret (the child's password on
        # another machine gives an answer, not the secret).
        before = other.device.otp_secret
        with pytest.raises(CodeForged):
            other.device.take_certificate(answer)
        assert other.device.otp_secret == before
    assert balance_of(fam.payer) == start - 100 - 150 - 300
    fam.close()
    other.close()


def test_each_tablet_hears_of_its_new_secret_at_once(server: ServerProcess) -> None:
    """The tablet syncs when an event says so: the rotation tells each child's tablet."""
    fam = victim(server)
    _rotate(server)
    seen = list(fam.delegate.events(last_id=0, until=time.monotonic() + 2))
    renewed = [e for e in seen if e.type == "grant" and e.data.get("kind") == "typed_code_renewed"]
    assert len(renewed) == 1, [(e.type, e.data.get("kind")) for e in seen]
    grant = renewed[0].data["grant"]
    assert isinstance(grant, dict)
    assert (grant["id"], grant["status"]) == (fam.grant.id, "active")
    fam.close()


def test_a_rotation_stopped_half_way_ends_when_run_again(server: ServerProcess) -> None:
    """A rotation that wrote its new master and stopped (killed, the disk full) leaves it
    beside the old one: run again, it takes that one and ends with it in force."""
    fam = victim(server, limits=(5_000, 50_000, 100_000))
    key = shop_key(server)
    folder = Path(server.db).parent / "keys"
    left = base64.b64encode(bytes(range(32)))
    staged = folder / "otp-master.next"
    staged.write_bytes(left)
    staged.chmod(0o600)
    with httpx.Client(timeout=10) as http:
        # Left there, it changes nothing yet: the typed code still works.
        assert _pay(http, server, key, fam.device.numeric_at(now()), 100) == ("approved", None)
        fam.device.bump(now())
        _rotate(server)
        assert (folder / "otp-master.key").read_bytes() == left
        assert not staged.exists()
        assert fam.device.take_certificate(fam.delegate.certificate(fam.grant.id)) is True
        assert _pay(http, server, key, fam.device.numeric_at(now()), 200) == ("approved", None)
    fam.close()


def _numeric_with(device: Device, secret: bytes) -> str:
    """The typed code the device would show now with `secret` (the attacker's own copy)."""
    t = now()
    return codes.build_numeric(device.device_no, secret, step=device.step_at(t),
                               counter=device.counter_at(t))


def test_a_release_2_tablet_whose_secret_the_master_gives_is_cut_off_from_it(
    server: ServerProcess,
) -> None:
    """Release 2 stored no secret: each was HKDF of the master with the certificate id, so
    the master and one look at a tablet's certificate id were that tablet's typed codes
    (row 59's attack). Such a device keeps paying after the upgrade, and after a rotation
    the attacker's derivation is refused while the tablet takes its new secret."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    fam = victim(server, limits=(5_000, 50_000, 100_000))
    key = shop_key(server)
    cert_id = fam.device.cert.cert_id.hex()
    with sqlite3.connect(server.db) as conn:  # as release 2 wrote the row
        conn.execute("UPDATE devices SET otp_secret = 'hkdf-sha256:v1' WHERE cert_id = ?",
                     (cert_id,))
    stolen = base64.b64decode((Path(server.db).parent / "keys" / "otp-master.key").read_bytes())
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"kinpay",
                   info=b"otp:" + cert_id.encode()).derive(stolen)
    fam.device.otp_secret = derived  # what that tablet was given at pairing
    with httpx.Client(timeout=10) as http:
        assert _pay(http, server, key, fam.device.numeric_at(now()), 100) == ("approved", None)
        fam.device.bump(now())
        _rotate(server)
        attack = _numeric_with(fam.device, derived)
        assert _pay(http, server, key, attack, 900) == ("declined", "code_invalid")
        assert fam.device.take_certificate(fam.delegate.certificate(fam.grant.id)) is True
        assert fam.device.otp_secret != derived
        assert _pay(http, server, key, fam.device.numeric_at(now()), 200) == ("approved", None)
    fam.close()


def test_a_secret_no_master_opens_is_refused_in_words_not_a_500(
    server: ServerProcess,
) -> None:
    """A key store restored from an older backup, or a row wrapped under a master gone
    since: the typed code is declined, the tablet's sync still gets its certificate (and no
    secret), and nothing answers 500."""
    fam = victim(server, limits=(5_000, 50_000, 100_000))
    key = shop_key(server)
    cert_id = fam.device.cert.cert_id.hex()
    with sqlite3.connect(server.db) as conn:  # wrapped under a master this store never had
        conn.execute("UPDATE devices SET otp_secret = ? WHERE cert_id = ?",
                     ("aesgcm:v2:0000000000000000:" + base64.b64encode(bytes(60)).decode(),
                      cert_id))
    with httpx.Client(timeout=10) as http:
        typed = _pay(http, server, key, fam.device.numeric_at(now()), 100)
        assert typed == ("declined", "code_invalid")
        answer = fam.delegate.certificate(fam.grant.id)
        assert answer.otp_secret_sealed is None and answer.cert_id == cert_id
        assert fam.device.take_certificate(answer) is False  # it keeps its own secret
        # The QR code never needed it.
        assert _pay(http, server, key, fam.device.code_at(now()), 100) == ("approved", None)
    fam.close()
