"""Numbers at the edge of what the server's formats carry, sent as an attacker (or a
payer's stolen session) would: over HTTP against a real server."""

from __future__ import annotations

import httpx
import pytest

from tests.security.conftest import victim
from tests.server.helpers import user
from tests.servers import ServerProcess

BIG = 10**12  # limits high enough to allow any offline cap below
CERT_CAP_MAX = 2**32 - 1  # the certificate's offline cap is 4 bytes (kinpay/codes.py)


@pytest.fixture(scope="module")
def engine() -> str:
    return "sqlite"  # the certificate's format, not storage


def _grant_body(delegate: str, offline_cap: int) -> dict[str, object]:
    return {"delegate": delegate, "offline_cap": offline_cap,
            "limits": {"per_payment": BIG, "daily": BIG, "monthly": BIG}}


def test_an_offline_cap_past_the_certificates_4_bytes_is_refused_not_a_503(
    server: ServerProcess,
) -> None:
    """A payer (or whoever holds the payer's session) sets an offline cap of 2^32 minor
    units. Before, the grant was made and every pairing of it failed as 503 "storage
    failed" with a struct.error traceback in the log (the certificate carries the cap in
    4 bytes); a cap raised to it and then lowered made the lowering fail the same way. Now
    a cap the certificate can't carry is 422 on create and on change, and the largest it
    can carry pairs."""
    payer = user(server.url, "payer")
    child = user(server.url, "delegate")
    auth = {"Authorization": f"Bearer {payer.token}"}
    with httpx.Client(base_url=server.url, headers=auth, timeout=30) as http:
        made = http.post("/v1/grants", json=_grant_body(child.me().name, CERT_CAP_MAX + 1))
        assert made.status_code == 422, made.text
        assert made.json()["error"]["code"] == "invalid_request"
        edge = http.post("/v1/grants", json=_grant_body(child.me().name, CERT_CAP_MAX))
        assert edge.status_code == 201, edge.text
        device = child.pair(edge.json()["pairing_code"])
        assert device.cert.offline_cap_minor == CERT_CAP_MAX
        changed = http.patch(f"/v1/grants/{edge.json()['id']}",
                             json={"offline_cap": CERT_CAP_MAX + 1})
        assert changed.status_code == 422, changed.text
        assert http.get(f"/v1/grants/{edge.json()['id']}").json()["offline_cap"] \
            == CERT_CAP_MAX
    payer.close()
    child.close()


def test_a_lowered_cap_still_renews_the_certificate_at_the_edge(server: ServerProcess) -> None:
    """The largest cap, lowered by one: the device gets a new certificate (no 503)."""
    fam = victim(server, limits=(BIG, BIG, BIG), offline_cap=CERT_CAP_MAX)
    auth = {"Authorization": f"Bearer {fam.payer.token}"}
    lowered = httpx.patch(f"{server.url}/v1/grants/{fam.grant.id}",
                          json={"offline_cap": CERT_CAP_MAX - 1}, headers=auth, timeout=30)
    assert lowered.status_code == 200, lowered.text
    assert fam.delegate.certificate(fam.grant.id).offline_cap == CERT_CAP_MAX - 1
    fam.close()
