"""POST /v1/payments through real HTTP: approval, every decline code, idempotency."""

from __future__ import annotations

import base64
import dataclasses
import uuid

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kinpay import codes, schemas
from kinpay.client import Client, new_idempotency_key
from kinpay.device import Device
from kinpay.errors import Conflict
from tests.server.helpers import Family, check_ledger, family, now, pay, payer_balance, terminal
from tests.servers import ServerProcess


def fresh(device: Device, at: int | None = None) -> str:
    """The device's next unused code: rotate early after taking one."""
    t = now() if at is None else at
    code = device.code_at(t)
    device.bump(t)
    return code


def test_approved_payment_moves_money_and_answers_the_contract(
    server: ServerProcess, fam: Family, term: Client
) -> None:
    before = payer_balance(fam)
    response = httpx.post(
        f"{server.url}/v1/payments",
        headers={"Authorization": f"Bearer {term.token}", "Idempotency-Key": "sale-1"},
        json={"code": fresh(fam.device), "amount": 1250, "currency": "CNY",
              "items": [{"name": "Juice", "quantity": 1, "unit_amount": 1250,
                         "category": "drinks"}],
              "reference": "R-1"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "approved"
    assert body["decline_code"] is None
    assert body["amount"] == 1250 and body["currency"] == "CNY"
    assert body["payer"]["name"] == fam.grant.payer
    assert body["delegate"]["name"] == fam.grant.delegate
    assert body["remaining"] == {"daily": 10_000 - 1250, "monthly": 100_000 - 1250}
    assert isinstance(body["created_at"], int)
    assert payer_balance(fam) == before - 1250
    assert check_ledger(server.db)["ok"]


def test_numeric_fallback_pays_once(server: ServerProcess, fam: Family, term: Client) -> None:
    t = now()
    digits = codes.group_digits(fam.device.numeric_at(t))
    assert pay(term, digits, 300).status == "approved"
    assert pay(term, digits, 300).decline_code == "code_used"
    wrong = digits[:-2] + ("0" if digits[-2] != "0" else "1") + digits[-1]
    assert pay(term, wrong, 300).decline_code == "code_invalid"


def test_invalid_codes_are_declined_not_errors(fam: Family, term: Client) -> None:
    good = fresh(fam.device)
    flipped = good[:-5] + ("A" if good[-5] != "A" else "B") + good[-4:]
    assert pay(term, "hello, world", 100).decline_code == "code_invalid"
    assert pay(term, flipped, 100).decline_code == "code_invalid"
    # A certificate re-signed by a key the server never had.
    rogue = dataclasses.replace(fam.device.cert).signed_by(Ed25519PrivateKey.generate())
    forged = codes.build_code(rogue, fam.device.key, now_s=now())
    assert pay(term, forged, 100).decline_code == "code_invalid"
    # The real certificate with another device's signature.
    other_key = Ed25519PrivateKey.generate()
    stolen = codes.build_code(fam.device.cert, other_key, now_s=now(), counter=7)
    assert pay(term, stolen, 100).decline_code == "code_invalid"


def test_expired_and_future_codes(fam: Family, term: Client) -> None:
    t = now()
    old = fam.device.code_at(t - 3 * codes.DEFAULT_ROTATE_S)
    assert pay(term, old, 100).decline_code == "code_expired"
    future = fam.device.code_at(t + 10 * codes.DEFAULT_ROTATE_S)
    assert pay(term, future, 100).decline_code == "code_invalid"


def test_a_code_is_used_up_by_its_first_attempt_even_from_another_terminal(
    server: ServerProcess, fam: Family, term: Client
) -> None:
    code = fresh(fam.device)
    assert pay(term, code, 99_999_999).decline_code == "limit_per_payment"
    assert pay(term, code, 100).decline_code == "code_used"
    code2 = fresh(fam.device)
    other = terminal(server.db, server.url)
    assert pay(term, code2, 100).status == "approved"
    assert pay(other, code2, 100).decline_code == "code_used"
    other.close()


def test_limits_categories_and_currency(server: ServerProcess, term: Client) -> None:
    fam = family(server.url, blocked_categories=["candy"])
    assert pay(term, fresh(fam.device), 5_001).decline_code == "limit_per_payment"
    candy = [schemas.Item(name="Lolly", quantity=2, unit_amount=150, category="candy")]
    assert pay(term, fresh(fam.device), 300, items=candy).decline_code == "category_blocked"
    assert pay(term, fresh(fam.device), 300, currency="USD").decline_code == "currency_mismatch"
    assert pay(term, fresh(fam.device), 5_000).status == "approved"
    assert pay(term, fresh(fam.device), 5_000).status == "approved"
    assert pay(term, fresh(fam.device), 1).decline_code == "limit_daily"
    fam.close()
    liquor = terminal(server.db, server.url, category="alcohol")
    fam2 = family(server.url, blocked_categories=["alcohol"])
    assert pay(liquor, fresh(fam2.device), 100).decline_code == "category_blocked"
    fam3 = family(server.url, allowed_categories=["books"])
    assert pay(term, fresh(fam3.device), 100).decline_code == "category_blocked"
    books = [schemas.Item(name="Atlas", unit_amount=100, category="books")]
    # Items narrow, never widen: a grocery's "books" item is still bought at a grocery.
    assert pay(term, fresh(fam3.device), 100, items=books).decline_code == "category_blocked"
    bookshop = terminal(server.db, server.url, category="books")
    assert pay(bookshop, fresh(fam3.device), 100, items=books).status == "approved"
    for f in (fam2, fam3):
        f.close()
    liquor.close()
    bookshop.close()


def test_insufficient_funds(server: ServerProcess, term: Client) -> None:
    fam = family(server.url, balance=1_000)
    assert pay(term, fresh(fam.device), 2_000).decline_code == "insufficient_funds"
    assert payer_balance(fam) == 1_000
    assert pay(term, fresh(fam.device), 1_000).status == "approved"
    assert payer_balance(fam) == 0
    fam.close()


def test_outside_hours(server: ServerProcess, term: Client) -> None:
    # Allowed only 07:00–08:00 UTC on weekdays; the clock says Saturday noon UTC.
    window = schemas.TimeWindow(days=[0, 1, 2, 3, 4], start="07:00", end="08:00")
    saturday_noon = 1_795_867_200  # 2026-11-28 12:00 UTC
    server.set_clock(saturday_noon)  # before pairing: codes can't predate the certificate
    fam = family(server.url, windows=[window], timezone="UTC")
    try:
        assert pay(term, fresh(fam.device, saturday_noon), 100).decline_code == "outside_hours"
        monday_0730 = saturday_noon + 2 * 86_400 - 4 * 3_600 - 1_800
        server.set_clock(monday_0730)
        assert pay(term, fresh(fam.device, monday_0730), 100).status == "approved"
    finally:
        server.set_clock(None)
        fam.close()


def test_revoke_then_pay(fam: Family, term: Client) -> None:
    code = fresh(fam.device)
    fam.payer.revoke_grant(fam.grant.id)
    assert pay(term, code, 100).decline_code == "grant_revoked"
    assert fam.payer.grant(fam.grant.id).status == "revoked"


def test_expired_grant(server: ServerProcess, term: Client) -> None:
    t = now()
    fam = family(server.url, expires_at=t + 120)
    later = t + 600
    server.set_clock(later)
    try:
        assert pay(term, fresh(fam.device, later), 100).decline_code == "grant_expired"
    finally:
        server.set_clock(None)
        fam.close()


def test_retired_device_after_pairing_again(server: ServerProcess, fam: Family, term: Client):
    old_code = fresh(fam.device)
    pairing = fam.payer.new_pairing(fam.grant.id)
    new_device = fam.delegate.pair(pairing.pairing_code)
    assert pay(term, old_code, 100).decline_code == "code_invalid"
    assert pay(term, fresh(new_device), 100).status == "approved"


def test_idempotent_retry_gives_the_identical_answer_and_one_charge(
    server: ServerProcess, fam: Family, term: Client
) -> None:
    before = payer_balance(fam)
    body = {"code": fresh(fam.device), "amount": 700, "currency": "CNY"}
    headers = {"Authorization": f"Bearer {term.token}", "Idempotency-Key": "retry-me"}
    first = httpx.post(f"{server.url}/v1/payments", headers=headers, json=body)
    again = [httpx.post(f"{server.url}/v1/payments", headers=headers, json=body) for _ in range(3)]
    assert first.status_code == 201 and "Idempotent-Replayed" not in first.headers
    for r in again:
        assert r.status_code == 201
        assert r.headers["Idempotent-Replayed"] == "true"
        assert r.content == first.content
    assert payer_balance(fam) == before - 700
    changed = httpx.post(
        f"{server.url}/v1/payments", headers=headers, json={**body, "amount": 701}
    )
    assert changed.status_code == 409
    assert changed.json()["error"]["code"] == "idempotency_conflict"
    with pytest.raises(Conflict):
        term.pay(body["code"], 702, "CNY", idempotency_key="retry-me")
    assert payer_balance(fam) == before - 700


def test_broken_requests_get_clear_errors(server: ServerProcess, term: Client) -> None:
    url = f"{server.url}/v1/payments"
    auth = {"Authorization": f"Bearer {term.token}"}
    cases = [
        (dict(headers=auth, json={"code": "x", "amount": 1, "currency": "CNY"}), 400),
        (dict(headers={**auth, "Idempotency-Key": "k"}, content=b"{not json"), 415),
        (dict(headers={**auth, "Idempotency-Key": "k", "Content-Type": "application/json"},
              content=b"{not json"), 422),
        (dict(headers={**auth, "Idempotency-Key": "k"},
              json={"code": "x", "amount": 1.5, "currency": "CNY"}), 422),
        (dict(headers={**auth, "Idempotency-Key": "k"},
              json={"code": "x", "amount": -1, "currency": "CNY"}), 422),
        (dict(headers={**auth, "Idempotency-Key": "k"},
              json={"code": "x", "amount": 1, "currency": "XXX"}), 422),
        (dict(headers={**auth, "Idempotency-Key": "k"},
              json={"code": "x", "amount": 1, "currency": "CNY", "merchant_id": "m"}), 422),
        (dict(headers={"Idempotency-Key": "k"},
              json={"code": "x", "amount": 1, "currency": "CNY"}), 401),
        (dict(headers={"Authorization": "Bearer kpt_nope", "Idempotency-Key": "k"},
              json={"code": "x", "amount": 1, "currency": "CNY"}), 401),
    ]
    for kwargs, status in cases:
        response = httpx.post(url, **kwargs)  # type: ignore[arg-type]
        assert response.status_code == status, (kwargs, response.text)
        assert set(response.json()["error"]) == {"code", "message"}
    too_long = httpx.post(
        url, headers={**auth, "Idempotency-Key": "a" * 256},
        json={"code": "x", "amount": 1, "currency": "CNY"},
    )
    assert too_long.status_code == 400
    assert too_long.json()["error"]["code"] == "bad_key"
    # The client refuses such keys before sending (a leading space can't even be sent).
    for bad in ("a" * 256, " leading", "trailing ", ""):
        with pytest.raises(ValueError):
            term.pay("x", 100, "CNY", idempotency_key=bad)


def test_a_terminal_sending_garbage_is_slowed_down(server: ServerProcess, term: Client) -> None:
    """docs/security.md row 13: 20 invalid codes a minute from one terminal, then 429."""
    statuses = []
    for _ in range(21):
        r = httpx.post(
            f"{server.url}/v1/payments",
            headers={"Authorization": f"Bearer {term.token}", "Idempotency-Key": uuid.uuid4().hex},
            json={"code": "garbage", "amount": 1, "currency": "CNY"},
        )
        statuses.append(r.status_code)
    assert statuses == [201] * 20 + [429]
    assert 0 < int(r.headers["Retry-After"]) <= 60


def test_user_tokens_cannot_pay(fam: Family) -> None:
    r = httpx.post(
        f"{fam.payer.base_url}/v1/payments",
        headers={"Authorization": f"Bearer {fam.payer.token}", "Idempotency-Key": "k"},
        json={"code": fresh(fam.device), "amount": 1, "currency": "CNY"},
    )
    assert r.status_code == 403


def test_server_keys_verify_codes_offline(fam: Family) -> None:
    keys = {
        bytes.fromhex(k.key_id): __import__(
            "cryptography.hazmat.primitives.asymmetric.ed25519", fromlist=["x"]
        ).Ed25519PublicKey.from_public_bytes(base64.b64decode(k.public_key))
        for k in fam.payer.keys()
    }
    code = codes.verify_code(fam.device.code_at(now()), keys, now_s=now())
    assert code.cert.grant_id == fam.grant.id


def test_idempotency_keys_are_per_terminal(server: ServerProcess, fam: Family) -> None:
    a, b = terminal(server.db, server.url), terminal(server.db, server.url)
    key = new_idempotency_key()
    pa = pay(a, fresh(fam.device), 100, key=key)
    pb = pay(b, fresh(fam.device), 100, key=key)
    assert pa.status == pb.status == "approved"
    assert pa.id != pb.id
    a.close()
    b.close()
