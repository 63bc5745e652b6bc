"""Item 7. Replay and forgery: a code scanned twice (one terminal, two, offline then online
and online then offline), a flipped bit, a certificate re-signed by another key, a code from
a retired device, a code from the future or the past beyond the allowed skew. Second or false
acceptances must be 0; a good code just inside the skew must still pay (the test can fail)."""

from __future__ import annotations

import dataclasses
import random
import uuid
from collections.abc import Callable

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kinpay import base45, codes, schemas
from kinpay.client import Client, new_idempotency_key
from kinpay.errors import CodeError
from tests.reliability.kit import families, report, scale, terminals
from tests.server.helpers import check_ledger, now
from tests.servers import ServerProcess

pytestmark = pytest.mark.soak

SERVER_FLIPS = scale(40, 400)  # flipped-bit codes sent to the server; all are checked offline
INVALID_PER_TERMINAL = 15  # under the terminal's limit of 20 invalid codes a minute


class Terminals:
    """Hands out terminals, a fresh one before a terminal could be slowed down for garbage."""

    def __init__(self, server: ServerProcess) -> None:
        self.server = server
        self.used = 0
        self.current: Client | None = None
        self.all: list[Client] = []

    def next(self) -> Client:
        if self.current is None or self.used >= INVALID_PER_TERMINAL:
            [self.current] = terminals(self.server.db, self.server.url, 1)
            self.all.append(self.current)
            self.used = 0
        self.used += 1
        return self.current


def fresh(device: object, t: int) -> str:
    code: str = device.code_at(t)  # type: ignore[attr-defined]
    device.bump(t)  # type: ignore[attr-defined]
    return code


def pay(term: Client, code: str, amount: int = 100) -> schemas.Payment:
    payment, _ = term.pay(code, amount, "CNY", idempotency_key=new_idempotency_key())
    return payment


def offline(term: Client, code: str, at: int, amount: int = 100) -> schemas.Payment:
    item = schemas.OfflinePayment(
        id=f"off-{uuid.uuid4().hex}", code=code, amount=amount, currency="CNY", accepted_at=at
    )
    [result] = term.offline_batch([item])
    return result


def flip(code: str, bit: int) -> str:
    raw = bytearray(base45.decode(code[len(codes.TEXT_PREFIX):]))
    raw[bit // 8] ^= 1 << (bit % 8)
    return codes.TEXT_PREFIX + base45.encode(bytes(raw))


def test_replays_and_forgeries_are_never_accepted(server: ServerProcess, engine: str) -> None:
    # Limits sized for the long form: 20 rounds of 5 scenarios pay 100 each online and
    # offline; the default family's day limit (10,000) and offline day total (2 x 2,000)
    # declined a fresh code's first payment in the soak. Nothing here tests the limits.
    [fam, fam2] = families(server.url, 2, balance=10_000_000,
                           limits=(5_000, 10_000_000, 100_000_000), offline_cap=5_000)
    a, b = terminals(server.db, server.url, 2)
    garbage = Terminals(server)
    keys = {bytes.fromhex(k.key_id): k for k in a.keys()}
    assert keys
    server_keys = fam.device.public_keys()
    second = false = tried = 0

    def expect_declined(payment: schemas.Payment) -> None:
        nonlocal false, tried
        tried += 1
        false += payment.status == "approved"

    # Scanned twice: one terminal, two terminals, offline then online, online then offline.
    t = now()
    scenarios: list[tuple[str, Callable[[str], schemas.Payment], Callable[[str], schemas.Payment]]]
    scenarios = [
        ("one terminal", lambda c: pay(a, c), lambda c: pay(a, c)),
        ("two terminals", lambda c: pay(a, c), lambda c: pay(b, c)),
        ("offline, then online", lambda c: offline(a, c, t - 5), lambda c: pay(b, c)),
        ("online, then offline", lambda c: pay(a, c), lambda c: offline(b, c, t - 5)),
        ("offline at two terminals", lambda c: offline(a, c, t - 5), lambda c: offline(b, c, t)),
    ]
    for _ in range(scale(2, 20)):
        for _name, first, then in scenarios:
            code = fresh(fam.device, now())
            assert first(code).status == "approved"
            again = then(code)
            tried += 1
            second += again.status == "approved"
            assert again.decline_code == "code_used"

    # Flipped bits: every bit checked as a terminal does offline, a sample at the server.
    good = fresh(fam.device, now())
    bits = range(codes.CODE_SIZE * 8)
    offline_accepted = 0
    for bit in bits:
        try:
            codes.verify_code(flip(good, bit), server_keys, now_s=now())
            offline_accepted += 1
        except CodeError:
            pass
    rng = random.Random(7)
    for bit in rng.sample(list(bits), SERVER_FLIPS):
        expect_declined(pay(garbage.next(), flip(good, bit)))
    assert pay(a, good).status == "approved"  # the unflipped code was good all along

    # A certificate re-signed by another key; the real certificate with another device key.
    rogue = dataclasses.replace(fam.device.cert).signed_by(Ed25519PrivateKey.generate())
    forged = codes.build_code(rogue, fam.device.key, now_s=now())
    stolen = codes.build_code(fam.device.cert, Ed25519PrivateKey.generate(), now_s=now())
    # Another family's certificate signed with this family's device key.
    swapped = codes.build_code(fam2.device.cert, fam.device.key, now_s=now())
    for bad in (forged, stolen, swapped):
        expect_declined(pay(garbage.next(), bad))
        expect_declined(offline(garbage.next(), bad, now()))
        with pytest.raises(CodeError):
            codes.verify_code(bad, server_keys, now_s=now())

    # From the future beyond the skew, from the past beyond the code's window.
    t = now()
    step = codes.DEFAULT_ROTATE_S
    future = fam.device.code_at(t + codes.DEFAULT_MAX_SKEW_S + 2 * step)
    past = fam.device.code_at(t - 3 * step)
    for bad in (future, past):
        expect_declined(pay(garbage.next(), bad))
    expect_declined(offline(garbage.next(), future, t))
    # Just inside: a code from the next step is still good (a fast tablet clock).
    assert pay(a, fam.device.code_at(t + step)).status == "approved"

    # A retired device: after pairing again, and after the grant is revoked.
    old = fam.device
    retired_code = fresh(old, now())
    fam.device = fam.delegate.pair(fam.payer.new_pairing(fam.grant.id).pairing_code)
    expect_declined(pay(garbage.next(), retired_code))
    expect_declined(offline(garbage.next(), fresh(old, now()), now()))
    assert pay(a, fresh(fam.device, now())).status == "approved"
    revoked_code = fresh(fam2.device, now())
    fam2.payer.revoke_grant(fam2.grant.id)
    expect_declined(pay(garbage.next(), revoked_code))
    # The server lists both retired certificates for terminals to refuse offline.
    revoked = set(a.revocations().certificates)
    assert {old.cert.cert_id_hex, fam2.device.cert.cert_id_hex} <= revoked

    report("07", "second acceptances of one code", second, engine=engine)
    report("07", "false acceptances (forged, flipped, stale, retired)", false, engine=engine)
    report("07", "flipped-bit codes accepted offline", offline_accepted, engine=engine)
    report("07", "attempts at the server", tried, engine=engine)
    assert second == 0
    assert false == 0
    assert offline_accepted == 0
    assert check_ledger(server.db)["ok"]
    for c in (a, b, *garbage.all):
        c.close()
    for f in (fam, fam2):
        f.close()


