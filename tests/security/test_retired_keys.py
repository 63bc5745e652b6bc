"""A server signing key retired by time, used by whoever holds it. `kinpay keys rotate`
adds a key; the older one keeps verifying for VERIFY_AFTER_ROTATION_S (40 days: longer
than any certificate it signed lives, plus the offline window), then no more. The keys an
operator rotates away from are the ones that may have leaked (an old backup, a retired
machine's disk). Bound: once that moment passes on the server's clock, the old key is off
`GET /v1/keys` (so tills stop trusting it offline) and a certificate it signs pays nothing,
in a server that has run all along, not only after a restart."""

from __future__ import annotations

import base64
import dataclasses
import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kinpay import codes
from server_stub import keys as keyring
from tests.security.conftest import balance_of, post_payment, shop_key, victim
from tests.servers import ServerProcess

KEYS_POLL_S = 10.0  # a bound on the wait for the server to see a rotation (it says ≤ 1 s)


@pytest.fixture(scope="module")
def server(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """A shop's server with its key store where the test (the operator) can reach it."""
    folder = tmp_path_factory.mktemp("keys-server")
    proc = ServerProcess(db=db_url, log_path=folder / "server.log", demo=False,
                         env={keyring.ENV_KEYS_DIR: str(folder / "keys")}).start()
    try:
        yield proc
    finally:
        proc.stop()


def _published(url: str) -> set[str]:
    return {k["key_id"] for k in httpx.get(f"{url}/v1/keys", timeout=10).json()["keys"]}


def test_a_leaked_key_signs_nothing_once_it_has_retired(server: ServerProcess) -> None:
    store = keyring.FileKeyStore(Path(server.env[keyring.ENV_KEYS_DIR]))
    [first] = store.signing_keys()
    rotated_at = int(time.time())
    new_id = keyring.rotate(store, rotated_at)  # the operator's `kinpay keys rotate`
    deadline = time.monotonic() + KEYS_POLL_S
    while _published(server.url) != {first.key_id, new_id} and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _published(server.url) == {first.key_id, new_id}
    retired = rotated_at + keyring.VERIFY_AFTER_ROTATION_S  # the old key's last moment
    server.set_clock(retired + 3600)
    try:
        fam = victim(server)  # paired under the new key
        key = shop_key(server)
        assert _published(server.url) == {new_id}
        # The old key leaked. Whoever has it takes a photographed code's certificate and
        # signs it again around a device key of their own, with a large offline cap.
        leaked = Ed25519PrivateKey.from_private_bytes(base64.b64decode(json.loads(
            (store.folder / "signing-0001.json").read_text())["private_key"]))
        mine = Ed25519PrivateKey.generate()
        forged = dataclasses.replace(
            fam.device.cert, device_public_key=codes.raw_public(mine.public_key()),
            offline_cap_minor=fam.grant.limits.per_payment,
        ).signed_by(leaked)
        t = retired + 3600 + 30  # just after the pairing, on the server's clock
        server.set_clock(t)
        before = balance_of(fam.payer)
        assert pay_with(server, key, forged, mine, t) == ("code_invalid", ["code_invalid"])
        assert balance_of(fam.payer) == before
        fam.close()
    finally:
        server.set_clock(None)


def test_a_leaked_signing_key_pays_only_for_certificates_the_server_issued(
    server: ServerProcess,
) -> None:
    """The signing key in use leaks. Its holder can sign any certificate, but a payment
    finds its device by the certificate's id, and the server knows which device key it
    put in that certificate: a certificate signed again around another device key (or
    naming another grant) is not the one it issued. Before, the server believed the
    certificate's device key: a photographed code's certificate, signed again around the
    thief's own key, paid 50.00 online and 20.00 in an offline batch."""
    store = keyring.FileKeyStore(Path(server.env[keyring.ENV_KEYS_DIR]))
    fam = victim(server)
    key = shop_key(server)
    leaked = store.signing_keys()[-1].key
    mine = Ed25519PrivateKey.generate()
    forged = dataclasses.replace(
        fam.device.cert, device_public_key=codes.raw_public(mine.public_key()),
        offline_cap_minor=fam.grant.limits.per_payment,
    ).signed_by(leaked)
    assert forged.key_id == fam.device.cert.key_id  # signed by the key the server uses
    t = int(time.time())
    before = balance_of(fam.payer)
    assert pay_with(server, key, forged, mine, t) == ("code_invalid", ["code_invalid"])
    assert balance_of(fam.payer) == before
    fam.close()


def pay_with(server: ServerProcess, key: str, cert: codes.Certificate,
             device: Ed25519PrivateKey, t: int) -> tuple[str | None, list[str | None]]:
    """The thief's two tries with a certificate of their own making: 50.00 online, and
    20.00 in an offline batch; the online decline code (None: paid) and the batch's."""
    with httpx.Client(timeout=30) as http:
        answer = post_payment(http, server.url, key, {
            "code": codes.build_code(cert, device, now_s=t), "amount": 5_000, "currency": "CNY"})
        batch = http.post(
            f"{server.url}/v1/offline-batches", headers={"Authorization": f"Bearer {key}"},
            json={"payments": [{"id": f"off-{uuid.uuid4().hex}", "amount": 2_000,
                                "code": codes.build_code(cert, device, now_s=t, counter=1),
                                "currency": "CNY", "accepted_at": t}]})
    return (answer.json()["decline_code"],
            [r["decline_code"] for r in batch.json()["results"]])
