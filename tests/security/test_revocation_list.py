"""The revocation list every till downloads (`GET /v1/revocations`), as an attacker with
a free account would grow it: over HTTP against a real server, on both engines."""

from __future__ import annotations

from pathlib import Path

from kinpay import schemas
from kinpay.client import Client
from pos_app.core.offline import KeyCache, check_code
from tests.security.conftest import shop_key, victim
from tests.servers import ServerProcess

DAY_S = 24 * 3600
REPAIRS = 6


def test_certificates_that_expired_leave_every_tills_list(
    server: ServerProcess, tmp_path: Path
) -> None:
    """A payer and a child of the attacker's own re-pair a tablet again and again: each
    pairing retires the one before, and its certificate goes on the list every till in the
    country downloads. Before, a retired certificate stayed on the list for ever, long after
    it expired (no till takes an expired certificate's code: it checks the expiry itself),
    so the list only grew. Now a certificate leaves the list a day after it expires; the
    till still refuses its codes (code_expired), list or no list."""
    fam = victim(server, limits=(5_000, 10_000, 100_000), offline_cap=2_000)
    retired = []
    for _ in range(REPAIRS):
        retired.append(fam.device)
        fam.device = fam.delegate.pair(fam.payer.new_pairing(fam.grant.id).pairing_code)
    key = shop_key(server)
    with Client(server.url, token=key, insecure_http=True) as till:
        listed = set(till.revocations().certificates)
        assert {d.cert.cert_id_hex for d in retired} <= listed
        expired = max(d.cert.expires_s for d in retired) + DAY_S + 1
        server.set_clock(expired)
        try:
            late = till.revocations()
            keys = till.keys()
        finally:
            server.set_clock(None)
    assert not {d.cert.cert_id_hex for d in retired} & set(late.certificates)
    # The till's own check refuses an expired certificate without any list.
    cache = KeyCache(tmp_path)
    cache.save_keys(keys)
    cache.save_revocations(schemas.Revocations(certificates=[], as_of=expired),
                           fetched_at=expired)
    decision = check_code(retired[0].code_at(expired), cache, now_s=expired)
    assert (decision.accepted, decision.reason) == (False, "code_expired")
    fam.close()
