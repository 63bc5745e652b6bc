"""The typed (numeric) code after the payer lowers the offline cap.

A lower cap gives the tablet a new certificate (taken at its next sync). The typed code
never verified again after it: the server derived the OTP secret from the device's current
certificate id, and the tablet keeps the secret it was paired with; every try counted
toward the device's lockout. And one shown code is one use, whatever form the till reads:
a tablet still on its old certificate shows a QR code and its typed code for the same
moment, and a till must not be able to take both.
"""

from __future__ import annotations

import httpx

from kinpay import schemas
from server_stub.db import Database
from tests.security.conftest import balance_of, post_payment, shop_key, victim
from tests.server.helpers import now
from tests.servers import ServerProcess


def _pay(http: httpx.Client, server: ServerProcess, key: str, code: str,
         amount: int) -> dict[str, object]:
    answer = post_payment(http, server.url, key,
                          {"code": code, "amount": amount, "currency": "CNY"})
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def _lower_cap(server: ServerProcess, fam: object, cap: int) -> None:
    fam.payer.change_grant(fam.grant.id, schemas.GrantChange(offline_cap=cap))  # type: ignore[attr-defined]


def test_the_typed_code_works_after_the_cap_is_lowered(server: ServerProcess) -> None:
    fam = victim(server, limits=(5_000, 50_000, 100_000), offline_cap=2_000)
    key = shop_key(server)
    start = balance_of(fam.payer)
    with httpx.Client(timeout=10) as http:
        t = now()
        first = _pay(http, server, key, fam.device.numeric_at(t), 300)
        assert first["status"] == "approved"
        fam.device.bump(t)
        _lower_cap(server, fam, 500)
        # The tablet has not synced yet: it types the code of the secret it was paired with.
        before_sync = _pay(http, server, key, fam.device.numeric_at(now()), 200)
        assert (before_sync["status"], before_sync["decline_code"]) == ("approved", None)
        fam.device.bump(now())
        # Synced: the new certificate, the same secret.
        answer = fam.delegate.certificate(fam.grant.id)
        assert fam.device.take_certificate(answer)
        after_sync = _pay(http, server, key, fam.device.numeric_at(now()), 100)
        assert (after_sync["status"], after_sync["decline_code"]) == ("approved", None)
    assert balance_of(fam.payer) == start - 600
    fam.close()


def test_one_shown_code_is_one_use_across_its_qr_and_typed_forms(
    server: ServerProcess,
) -> None:
    """A dishonest till reads the QR of a tablet still on its old certificate and also
    types the number under it: the second is "code_used", and the payer pays once."""
    fam = victim(server, limits=(5_000, 50_000, 100_000), offline_cap=2_000)
    key = shop_key(server)
    start = balance_of(fam.payer)
    _lower_cap(server, fam, 500)
    with httpx.Client(timeout=10) as http:
        t = now()
        qr, typed = fam.device.code_at(t), fam.device.numeric_at(t)  # one moment, both forms
        assert _pay(http, server, key, qr, 400)["status"] == "approved"
        again = _pay(http, server, key, typed, 400)
        assert (again["status"], again["decline_code"]) == ("declined", "code_used")
        # And the other way round, the next moment: typed first, then its QR.
        fam.device.bump(t)
        t = now()
        qr, typed = fam.device.code_at(t), fam.device.numeric_at(t)
        assert _pay(http, server, key, typed, 300)["status"] == "approved"
        again = _pay(http, server, key, qr, 300)
        assert (again["status"], again["decline_code"]) == ("declined", "code_used")
    assert balance_of(fam.payer) == start - 700
    fam.close()


def test_a_code_used_before_an_upgrade_stays_used(server: ServerProcess) -> None:
    """An older release recorded a code's use by its certificate alone; a code used just
    before the upgrade and shown again just after is still "code_used"."""
    fam = victim(server, limits=(5_000, 50_000, 100_000), offline_cap=2_000)
    key = shop_key(server)
    t = now()
    code = fam.device.code_at(t)
    step, counter = fam.device.step_at(t), fam.device.counter_at(t)
    conn = Database(server.db).connect()
    try:  # as the older release wrote it (autocommit)
        conn.execute("INSERT INTO code_uses (use_key, payment_id) VALUES (?, ?)",
                     (f"{fam.device.cert.cert_id_hex}:{step}:{counter}", "old-payment"))
    finally:
        conn.close()
    with httpx.Client(timeout=10) as http:
        replay = _pay(http, server, key, code, 100)
    assert (replay["status"], replay["decline_code"]) == ("declined", "code_used")
    fam.close()
