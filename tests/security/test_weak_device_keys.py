"""A tablet's key that signs everything. An Ed25519 public key of small order (the identity
point, the point of order 2, those of order 4 and 8) lets (R, S = 0) pass as a signature of
many or all messages under a check that does not refuse such keys, and OpenSSL's (through
`cryptography`) did not. A tablet paired with such a key would hand anyone who saw one of
its QR codes (the certificate is in every code) the power to mint codes for any step and
counter: one photographed code becomes a card anyone can use.

Bound: such keys, and anything that is not a point of the curve's main subgroup in canonical
form, are refused at pairing (400 bad_public_key, the pairing code left unspent); and a code
under one, from a certificate issued before, does not verify (libsodium refuses small-order
keys: tests/kinpay/test_codes.py)."""

from __future__ import annotations

import base64

import pytest

from kinpay import schemas
from kinpay.errors import BadRequest
from tests.security.conftest import fund
from tests.server.helpers import user
from tests.servers import ServerProcess

# Canonical encodings (y little-endian, x's sign in the top bit): the identity (y = 1), the
# point of order 2 (y = -1) and one of order 4 (y = 0); and a y that is not on the curve.
IDENTITY = bytes([1]) + bytes(31)
ORDER_2 = bytes([0xEC]) + bytes([0xFF]) * 30 + bytes([0x7F])
ORDER_4 = bytes(32)
NOT_ON_CURVE = bytes([2]) + bytes(31)


@pytest.mark.parametrize("key", [IDENTITY, ORDER_2, ORDER_4, NOT_ON_CURVE],
                         ids=["identity", "order-2", "order-4", "not-on-the-curve"])
def test_a_key_that_signs_everything_is_refused_at_pairing(
    server: ServerProcess, key: bytes
) -> None:
    payer, delegate = user(server.url, "payer"), user(server.url, "delegate")
    fund(server.db, payer.me().name, "100.00")
    grant = payer.create_grant(schemas.GrantCreate(
        delegate=delegate.me().name,
        limits=schemas.Limits(per_payment=5_000, daily=10_000, monthly=100_000),
        offline_cap=2_000,
    ))
    try:
        with pytest.raises(BadRequest) as refused:
            delegate._post("/v1/devices", schemas.Paired, {
                "pairing_code": grant.pairing_code,
                "public_key": base64.b64encode(key).decode(),
            })
        assert refused.value.code == "bad_public_key"
        # The refusal did not spend the pairing code: the real tablet pairs with it after.
        device = delegate.pair(grant.pairing_code)
        assert device.cert.device_public_key not in (IDENTITY, ORDER_2, ORDER_4, NOT_ON_CURVE)
    finally:
        payer.close()
        delegate.close()
