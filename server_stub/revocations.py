"""The certificates a till must refuse offline (GET /v1/revocations): what it downloads at
each link check, and checks every code it takes offline against."""

from __future__ import annotations

from server_stub.db import Conn
from server_stub.grants import SUPERSEDED_GRACE_S, rules_of

# A certificate leaves the revocation list this long after it expired: a till refuses an
# expired certificate's codes itself (by the server's time, kept at each sync), so listing
# it longer only makes every till's download grow for ever.
LISTED_AFTER_EXPIRY_S = 24 * 3600


def revoked_certificates(conn: Conn, now_s: int) -> list[str]:
    """Every retired device's certificate, every device's whose allowance has ended (its
    end brought forward: the certificate still runs to the old one), and every certificate
    a lowered cap replaced: once its grace is over (the server declines its codes offline
    from then on), or at once when its device is stopped. Until a day after they expire (a
    replaced certificate expires with its device's).

    A replaced certificate was listed only when its device was stopped: a tablet that never
    took its new certificate (one not synced since, or a rooted one that drops it) went on
    paying at offline tills at the old cap for the 30 days it ran, each sale declined at
    upload, the shop's loss past every bound (attack review 36c; docs/security.md row 79)."""
    live = now_s - LISTED_AFTER_EXPIRY_S
    stopped = {str(r["cert_id"]) for r in conn.all(
        "SELECT cert_id FROM devices WHERE retired_at IS NOT NULL AND expires_at > ?",
        (live,))}
    # Only a grant with an end date can have ended: its rules name one (pydantic writes
    # "expires_at":null otherwise); the date itself is judged here.
    for r in conn.all(
        "SELECT d.cert_id, g.rules FROM devices d JOIN grants g ON g.id = d.grant_id"
        " WHERE d.retired_at IS NULL AND d.expires_at > ? AND g.rules NOT LIKE ?",
        (live, '%"expires_at":null%'),
    ):
        ends = rules_of(r).expires_at
        if ends is not None and ends <= now_s:
            stopped.add(str(r["cert_id"]))
    replaced = conn.all(
        "SELECT s.cert_id, s.current_cert_id, s.superseded_at FROM superseded_certs s"
        " JOIN devices d ON d.cert_id = s.current_cert_id WHERE d.expires_at > ?", (live,))
    stopped.update(str(r["cert_id"]) for r in replaced if r["current_cert_id"] in stopped
                   or int(r["superseded_at"]) + SUPERSEDED_GRACE_S <= now_s)
    return sorted(stopped)
