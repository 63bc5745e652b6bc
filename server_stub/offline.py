"""Offline payments: honoured only if the terminal could really have accepted them offline.

A terminal that can't reach the server accepts a code it verified itself, up to the
certificate's offline cap, and uploads the sale later. The server then honours it only if:

- it was accepted at most `OFFLINE_MAX_AGE_S` (48 h) before its upload;
- the code was valid when accepted, and not dated before the certificate was issued
  (certificates carry a "valid from");
- the grant was not revoked and the device not retired when it was accepted (so nothing
  accepted after a revocation list could have named the certificate is honoured);
- the amount is within the certificate's offline cap and the grant's current one;
- the grant's offline total for that day, across all terminals, stays within
  `OFFLINE_DAY_CAPS` × the offline cap; and it counts against the daily and monthly limits
  of the day it was accepted.

What the server refuses is the shop's loss: at most the offline cap a sale, and the day's
offline total a grant (docs/security.md).
"""

from __future__ import annotations

from kinpay import codes, schemas
from kinpay.errors import CodeError, CodeExpired
from server_stub import grants
from server_stub.db import Conn, Row
from server_stub.keys import ServerKeys

OFFLINE_MAX_AGE_S = 48 * 3600
OFFLINE_DAY_CAPS = 2  # a grant's offline total a day, in offline caps, across all terminals
MAX_BATCH = 100  # payments a batch (a terminal sends 50)


def day_period(day: str) -> str:
    """The offline-total period of a spend day ("d:2026-12-01" → "o:2026-12-01")."""
    return "o:" + day.removeprefix("d:")


def precheck(item: schemas.OfflinePayment, keys: ServerKeys, now_s: int) -> codes.Code | str:
    """The verified code, as of when it was accepted, or a decline code."""
    if item.accepted_at > now_s + codes.DEFAULT_MAX_SKEW_S:
        return "code_invalid"
    if item.accepted_at < now_s - OFFLINE_MAX_AGE_S:
        return "code_expired"
    if not codes.looks_like_code(item.code):
        # A numeric code can't be checked offline, so a terminal never accepts one.
        return "code_invalid"
    try:
        return codes.verify_code(
            item.code, keys.public, now_s=item.accepted_at, check_cert_expiry=False,
            trusted_certs=keys.trusted_certs,
        )
    except CodeExpired:
        return "code_expired"
    except CodeError:
        return "code_invalid"


def refuse(
    conn: Conn, amount: int, at_s: int, cert: codes.Certificate, grant: Row,
    rules: schemas.GrantRules,
) -> str | None:
    """The offline rule the sale breaks, or None. Runs in the writer, after the grant's
    own rules (revocation, expiry, categories, hours, per-payment limit) passed."""
    # The cap the till saw, on the certificate; a lower one of the grant's once the
    # certificate is replaced or was issued before it (a replaced certificate is honoured
    # offline only for its grace, checked with the device).
    current = conn.one("SELECT created_at FROM devices WHERE cert_id = ?", (cert.cert_id_hex,))
    if current is not None and cert.version == codes.LEGACY_VERSION:
        # A release-1 certificate carries no "valid from": the pairing time is ours.
        if at_s + codes.DEFAULT_MAX_SKEW_S < int(current["created_at"]):
            return "code_invalid"
    cap = min(cert.offline_cap_minor, rules.offline_cap) if current else cert.offline_cap_minor
    if amount > cap:
        return "limit_per_payment"
    day, _month = grants.periods(rules.timezone or "UTC", at_s)
    period = day_period(day)
    row = conn.one(
        "SELECT amount FROM spend WHERE grant_id = ? AND period = ?", (grant["id"], period)
    )
    taken = int(row["amount"]) if row is not None else 0
    if taken + amount > OFFLINE_DAY_CAPS * cap:
        return "limit_offline"
    return None

