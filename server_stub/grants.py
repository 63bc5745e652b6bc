"""Grants (the payer's authorization), pairing, devices and their certificates."""

from __future__ import annotations

import base64
import dataclasses
import functools
import json
import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kinpay import codes, schemas
from server_stub import auth, events, grant_limits, grant_rules, limits, security
from server_stub import keys as keyring
from server_stub.auth import UserPrincipal
from server_stub.db import Conn, Row
from server_stub.errors import BadInput, Conflict, NotFound
from server_stub.keys import ServerKeys

PAIRING_TTL_S = 24 * 3600
CERT_TTL_S = 30 * 24 * 3600
ROTATE_S = codes.DEFAULT_ROTATE_S


def zone(name: str) -> ZoneInfo:
    """The time zone named, or 400 `bad_timezone`. A name the zone database holds as a
    folder ("Asia", "Etc") raises IsADirectoryError, an OSError: it was a 500 with a
    traceback in the log for anyone's sign-up (docs/security.md row 53)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise BadInput(f"unknown time zone {name!r}", code="bad_timezone") from None


@functools.lru_cache(maxsize=4096)
def periods(timezone: str, now_s: int) -> tuple[str, str]:
    """The day and the month, in the grant's time zone, that `now_s` falls in (remembered:
    every payment in the same second asks again)."""
    local = datetime.fromtimestamp(now_s, zone(timezone))
    return f"d:{local:%Y-%m-%d}", f"m:{local:%Y-%m}"


# Rules as parsed, by their stored text (bounded): every payment reads its grant's. The
# models are never changed in place (a change stores new text), so one may be shared.
_RULES: dict[str, schemas.GrantRules] = {}
_RULES_MAX = 10_000


def rules_of(row: Row) -> schemas.GrantRules:
    text = str(row["rules"])
    known = _RULES.get(text)
    if known is None:
        known = schemas.GrantRules.model_validate(json.loads(text))
        if len(_RULES) >= _RULES_MAX:
            _RULES.clear()
        _RULES[text] = known
    return known


def spent(conn: Conn, grant_id: str, timezone: str, now_s: int) -> tuple[int, int]:
    return spent_later(conn, grant_id, timezone, now_s)()


def spent_later(
    conn: Conn, grant_id: str, timezone: str, now_s: int
) -> Callable[[], tuple[int, int]]:
    """The grant's spend today and this month, read now and answered when called (on
    PostgreSQL with the next statement the payment waits for: `Conn.all_later`)."""
    day, month = periods(timezone, now_s)
    rows = conn.all_later(
        "SELECT period, amount FROM spend WHERE grant_id = ? AND period IN (?, ?)",
        (grant_id, day, month),
    )

    def amounts() -> tuple[int, int]:
        found = {r["period"]: int(r["amount"]) for r in rows()}
        return found.get(day, 0), found.get(month, 0)

    return amounts


def status_of(row: Row, rules: schemas.GrantRules, now_s: int) -> str:
    if row["status"] == "revoked":
        return "revoked"
    if rules.expires_at is not None and rules.expires_at <= now_s:
        return "expired"
    return "active"


def ended_at(row: Row, rules: schemas.GrantRules, now_s: int) -> int | None:
    """When the grant was stopped or ran out, or None while it runs."""
    status = status_of(row, rules, now_s)
    if status == "revoked" and row["revoked_at"] is not None:
        return int(row["revoked_at"])
    return rules.expires_at if status == "expired" else None


def answer(conn: Conn, row: Row, now_s: int) -> schemas.Grant:
    rules = rules_of(row)
    tz = rules.timezone or "UTC"
    today, month = spent(conn, row["id"], tz, now_s)
    names = {
        r["id"]: r["name"]
        for r in conn.all(
            "SELECT id, name FROM users WHERE id IN (?, ?)", (row["payer_id"], row["delegate_id"])
        )
    }
    device = conn.one(
        "SELECT device_no FROM devices WHERE grant_id = ? AND retired_at IS NULL", (row["id"],)
    )
    paired = device is not None
    locked_s = (limits.wait_s(conn, limits.DEVICE_NUMERIC, str(device["device_no"]), now_s)
                if device is not None else 0)
    status = status_of(row, rules, now_s)
    return schemas.Grant(
        id=row["id"],
        payer=names.get(row["payer_id"], "?"),
        delegate=names.get(row["delegate_id"], "?"),
        currency=row["currency"],
        limits=rules.limits,
        allowed_categories=rules.allowed_categories,
        blocked_categories=rules.blocked_categories,
        windows=rules.windows,
        timezone=tz,
        expires_at=rules.expires_at,
        offline_cap=rules.offline_cap,
        allow_partial=rules.allow_partial,
        status=status,  # type: ignore[arg-type]
        created_at=int(row["created_at"]),
        ended_at=ended_at(row, rules, now_s),
        spending=schemas.Spending(
            today=today,
            month=month,
            remaining_daily=max(0, rules.limits.daily - today),
            remaining_monthly=max(0, rules.limits.monthly - month),
        ),
        paired=paired,
        numeric_locked_until=now_s + locked_s if locked_s else None,
    )


def own_grant(conn: Conn, user: UserPrincipal, grant_id: str) -> Row:
    """The grant if `user` is its payer or its delegate; otherwise 404, as if absent."""
    row = conn.one("SELECT * FROM grants WHERE id = ?", (grant_id,))
    if row is None or user.id not in (row["payer_id"], row["delegate_id"]):
        raise NotFound("no such grant")
    return row


def list_for(conn: Conn, user: UserPrincipal, now_s: int) -> schemas.GrantList:
    """A payer's grants, or a delegate's (bounded: grant_limits.delegate_rows), newest first."""
    rows = (grant_limits.delegate_rows(conn, user.id) if user.role != "payer" else conn.all(
        "SELECT * FROM grants WHERE payer_id = ? ORDER BY created_at DESC", (user.id,)))
    return schemas.GrantList(grants=[answer(conn, r, now_s) for r in rows])


def tell(conn: Conn, grant_id: str, what: str, now_s: int) -> None:
    """A "grant" event for its payer and its delegate, in the caller's transaction."""
    row = conn.one("SELECT * FROM grants WHERE id = ?", (grant_id,))
    if row is None:
        return
    data = {"kind": what, "grant": answer(conn, row, now_s).model_dump(mode="json")}
    hears = grant_limits.delegate_hears(conn, grant_id, what)
    for user_id in (row["payer_id"], row["delegate_id"])[:2 if hears else 1]:
        events.emit(conn, user_id=user_id, type_="grant", data=data, now_s=now_s)


def payers_grant(conn: Conn, user: UserPrincipal, grant_id: str) -> Row:
    row = own_grant(conn, user, grant_id)
    if row["payer_id"] != user.id:
        raise NotFound("no such grant")
    return row


def _new_pairing(conn: Conn, grant_id: str, now_s: int) -> tuple[str, int]:
    code = security.new_pairing_code()
    expires = now_s + PAIRING_TTL_S
    conn.execute(
        "UPDATE grants SET pairing_hash = ?, pairing_expires_at = ? WHERE id = ?",
        (security.token_hash(security.normalize_pairing(code)), expires, grant_id),
    )
    return code, expires


def create(
    conn: Conn, *, payer: UserPrincipal, req: schemas.GrantCreate, now_s: int
) -> schemas.GrantCreated:
    delegate = auth.find_user(conn, req.delegate, "id, name, role")
    if delegate is None or delegate["role"] != "delegate":
        raise NotFound(f"no delegate named {req.delegate!r}", code="no_such_delegate")
    rules = schemas.GrantRules.model_validate(
        {
            **req.model_dump(exclude={"delegate", "currency"}),
            "timezone": req.timezone or payer.timezone,
        }
    )
    zone(rules.timezone or "UTC")
    if rules.expires_at is not None and rules.expires_at <= now_s:
        raise BadInput("the expiry must be in the future", code="bad_expiry")
    if rules.offline_cap > rules.limits.per_payment:
        raise BadInput("the offline cap can't exceed the per-payment limit", code="bad_cap")
    grant_id = secrets.token_hex(16)
    conn.execute(
        "INSERT INTO grants (id, payer_id, delegate_id, currency, rules, status, created_at)"
        " VALUES (?, ?, ?, ?, ?, 'active', ?)",
        (grant_id, payer.id, delegate["id"], req.currency, rules.model_dump_json(), now_s),
    )
    _carry_spend(conn, grant_id, payer.id, str(delegate["id"]), req.currency,
                 rules.timezone or "UTC", now_s)
    code, expires = _new_pairing(conn, grant_id, now_s)
    row = conn.one("SELECT * FROM grants WHERE id = ?", (grant_id,))
    base = answer(conn, row, now_s)
    return schemas.GrantCreated(
        **base.model_dump(), pairing_code=code, pairing_expires_at=expires
    )


CARRIED = "c"  # before a period's key: what an allowance started with from those before


def _carry_spend(conn: Conn, grant_id: str, payer_id: str, delegate_id: str, currency: str,
                 timezone: str, now_s: int) -> None:
    """A new allowance for a child whose earlier one (of the same payer and currency) was
    stopped or ran out starts with what was spent under it today and this month: "stop,
    then give spending money again" (as the stop dialog says to) let a child spend the
    day's limit twice. Allowances still running beside it keep their own spending (two at
    once are the parent's choice, each with its own limits).

    Each ended allowance gives what was spent under it alone: its period's amount less
    what it started with (kept as the period's key after CARRIED), so a chain of stops
    counts each payment once; its day and month are its own zone's (read in the new one's
    zone, an allowance given in another zone carried nothing). Offline sales of an ended
    one uploaded later are counted in this one then (server_stub/spend.py). A refund of an
    ended one's sale gives back here only in the day and month that counted it
    (spend.counted_later)."""
    ended = {str(r["id"]): periods(rules_of(r).timezone or "UTC", now_s) for r in conn.all(
        "SELECT id, status, rules FROM grants WHERE payer_id = ? AND delegate_id = ?"
        " AND currency = ? AND id <> ?", (payer_id, delegate_id, currency, grant_id))
        if status_of(r, rules_of(r), now_s) != "active"}
    if not ended:
        return
    keys = sorted({k for day_month in ended.values() for p in day_month
                   for k in (p, CARRIED + p)})
    amounts: dict[tuple[str, str], int] = {
        (str(r["grant_id"]), str(r["period"])): int(r["amount"]) for r in conn.all(
            "SELECT grant_id, period, amount FROM spend WHERE grant_id IN"  # noqa: S608
            f" ({', '.join('?' for _ in ended)}) AND period IN"
            f" ({', '.join('?' for _ in keys)})", (*ended, *keys))}
    for i, period in enumerate(periods(timezone, now_s)):
        own = sum(max(0, amounts.get((g, theirs[i]), 0) - amounts.get((g, CARRIED + theirs[i]), 0))
                  for g, theirs in ended.items())
        if own > 0:
            conn.execute("INSERT INTO spend (grant_id, period, amount) VALUES (?, ?, ?), (?, ?, ?)",
                         (grant_id, period, own, grant_id, CARRIED + period, own))


def change(
    conn: Conn,
    *,
    payer: UserPrincipal,
    grant_id: str,
    req: schemas.GrantChange,
    now_s: int,
    keys: ServerKeys | None = None,
) -> schemas.Grant:
    row = payers_grant(conn, payer, grant_id)
    if row["status"] == "revoked":
        raise Conflict("a revoked grant can't be changed", code="grant_revoked")
    rules = rules_of(row).model_dump()
    given: dict[str, Any] = req.model_dump(exclude_unset=True, exclude={"clear_allowed_categories"})
    rules.update({k: v for k, v in given.items() if v is not None or k == "expires_at"})
    if req.clear_allowed_categories:
        rules["allowed_categories"] = None
    new = schemas.GrantRules.model_validate(rules)
    grant_limits.check_change(conn, payer, row, rules_of(row).expires_at, new.expires_at, now_s)
    if new.offline_cap > new.limits.per_payment:
        raise BadInput("the offline cap can't exceed the per-payment limit", code="bad_cap")
    looser = grant_rules.loosened(rules_of(row), new)
    if looser:
        auth.require_proof(payer, now_s, "loosening " + ", ".join(looser))
    conn.execute("UPDATE grants SET rules = ? WHERE id = ?", (new.model_dump_json(), grant_id))
    if keys is not None and new.offline_cap < rules_of(row).offline_cap:
        renew_certificates(conn, grant_id, new.offline_cap, keys, now_s)
    return answer(conn, conn.one("SELECT * FROM grants WHERE id = ?", (grant_id,)), now_s)


# A certificate replaced because the payer lowered the offline cap is still honoured offline
# for this long after (a till that was offline when it changed accepted it in good faith).
SUPERSEDED_GRACE_S = 10 * 60


def renew_certificates(
    conn: Conn, grant_id: str, offline_cap: int, keys: ServerKeys, now_s: int
) -> None:
    """New certificates with the lower cap for the grant's active device; the tablet takes
    its new one at its next sync (GET /v1/grants/{id}/certificate)."""
    for row in conn.all(
        "SELECT cert_id, certificate, otp_secret FROM devices"
        " WHERE grant_id = ? AND retired_at IS NULL",
        (grant_id,),
    ):
        old = codes.Certificate.from_bytes(base64.b64decode(row["certificate"]))
        cert = dataclasses.replace(
            old, cert_id=secrets.token_bytes(8), offline_cap_minor=offline_cap,
            valid_from_s=now_s,
        ).signed_by(keys.signer)
        # The tablet keeps the OTP secret it was paired with: kept, wrapped under the new
        # certificate's id (derived from the old id, it was lost, and the typed code with it).
        kept = keyring.rewrap_otp_secret(conn, row, cert.cert_id_hex)
        conn.execute(
            "UPDATE devices SET cert_id = ?, certificate = ?, otp_secret = ? WHERE cert_id = ?",
            (cert.cert_id_hex, base64.b64encode(cert.to_bytes()).decode(), kept,
             row["cert_id"]),
        )
        conn.execute(
            "UPDATE superseded_certs SET current_cert_id = ? WHERE current_cert_id = ?",
            (cert.cert_id_hex, row["cert_id"]),
        )
        conn.execute(
            "INSERT INTO superseded_certs (cert_id, current_cert_id, superseded_at)"
            " VALUES (?, ?, ?)",
            (row["cert_id"], cert.cert_id_hex, now_s),
        )


def device_of_replaced_cert(conn: Conn, cert_id: str) -> tuple[Row, int] | None:
    """The device a replaced certificate belonged to (its certificate was reissued with a
    lower cap), and when it was replaced. A device's current certificate is found with its
    grant by the payment (server_stub/pay_reads.py)."""
    old = conn.one(
        "SELECT current_cert_id, superseded_at FROM superseded_certs WHERE cert_id = ?",
        (cert_id,),
    )
    if old is None:
        return None
    row = conn.one("SELECT * FROM devices WHERE cert_id = ?", (old["current_cert_id"],))
    return (row, int(old["superseded_at"])) if row is not None else None


def current_certificate(
    conn: Conn, delegate: UserPrincipal, grant_id: str
) -> schemas.CertificateAnswer:
    """The delegate's tablet asks at each sync: a new certificate after the cap changed;
    its typed code's secret (new after `keys rotate-otp`), sealed to the device's key."""
    row = own_grant(conn, delegate, grant_id)
    device = conn.one("SELECT cert_id, certificate, otp_secret, public_key FROM devices"
                      " WHERE grant_id = ? AND retired_at IS NULL", (row["id"],))
    if device is None or row["delegate_id"] != delegate.id:
        raise NotFound("no paired device for this grant", code="not_found")
    cert = codes.Certificate.from_bytes(base64.b64decode(device["certificate"]))
    return schemas.CertificateAnswer(
        certificate=device["certificate"], cert_id=device["cert_id"],
        offline_cap=cert.offline_cap_minor, valid_from=cert.valid_from_s,
        otp_secret_sealed=keyring.sealed_otp_secret(conn, device),
    )


def revoke(conn: Conn, *, payer: UserPrincipal, grant_id: str, now_s: int) -> schemas.Grant:
    row = payers_grant(conn, payer, grant_id)
    if row["status"] != "revoked":
        conn.execute(
            "UPDATE grants SET status = 'revoked', revoked_at = ?, pairing_hash = NULL"
            " WHERE id = ?",
            (now_s, grant_id),
        )
        conn.execute(
            "UPDATE devices SET retired_at = ? WHERE grant_id = ? AND retired_at IS NULL",
            (now_s, grant_id),
        )
    return answer(conn, conn.one("SELECT * FROM grants WHERE id = ?", (grant_id,)), now_s)


def new_pairing(
    conn: Conn, *, payer: UserPrincipal, grant_id: str, now_s: int
) -> schemas.Pairing:
    row = payers_grant(conn, payer, grant_id)
    if status_of(row, rules_of(row), now_s) != "active":
        raise Conflict("only an active grant can be paired", code="grant_inactive")
    code, expires = _new_pairing(conn, grant_id, now_s)
    return schemas.Pairing(pairing_code=code, pairing_expires_at=expires)


def pair(
    conn: Conn,
    *,
    delegate: UserPrincipal,
    req: schemas.PairRequest,
    keys: ServerKeys,
    now_s: int,
) -> schemas.Paired:
    digest = security.token_hash(security.normalize_pairing(req.pairing_code))
    row = conn.one("SELECT * FROM grants WHERE pairing_hash = ?", (digest,))
    if row is None or row["delegate_id"] != delegate.id:
        raise NotFound("no such pairing code", code="bad_pairing_code")
    if int(row["pairing_expires_at"] or 0) <= now_s:
        raise Conflict("the pairing code has expired: ask for a new one", code="pairing_expired")
    rules = rules_of(row)
    if status_of(row, rules, now_s) != "active":
        raise Conflict("the grant is no longer active", code="grant_inactive")
    grant_limits.check_pair(conn, row, now_s)
    try:
        public_key = base64.b64decode(req.public_key, validate=True)
    except ValueError:
        raise BadInput("public_key must be base64", code="bad_public_key") from None
    if not codes.usable_device_key(public_key):
        raise BadInput("public_key must be a raw Ed25519 key of the curve's main subgroup",
                       code="bad_public_key")
    # Pairing again retires the older device: one tablet per grant.
    conn.execute(
        "UPDATE devices SET retired_at = ? WHERE grant_id = ? AND retired_at IS NULL",
        (now_s, row["id"]),
    )
    expires_s = now_s + CERT_TTL_S
    if rules.expires_at is not None:
        expires_s = min(expires_s, rules.expires_at)
    cert = codes.Certificate(
        key_id=b"",
        cert_id=secrets.token_bytes(8),
        grant_id=row["id"],
        device_public_key=public_key,
        offline_cap_minor=rules.offline_cap,
        currency=row["currency"],
        rotate_s=ROTATE_S,
        valid_from_s=now_s,
        expires_s=expires_s,
    ).signed_by(keys.signer)
    device_no = _free_device_no(conn)
    # Never stored in clear (issue 12 §3): wrapped under the key store's master.
    secret, stored_secret = keyring.new_otp_secret(conn, cert.cert_id_hex)
    conn.execute(
        "INSERT INTO devices (cert_id, grant_id, device_no, otp_secret, public_key, certificate,"
        " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            cert.cert_id_hex,
            row["id"],
            device_no,
            stored_secret,
            base64.b64encode(public_key).decode(),
            base64.b64encode(cert.to_bytes()).decode(),
            now_s,
            expires_s,
        ),
    )
    conn.execute("UPDATE grants SET pairing_hash = NULL WHERE id = ?", (row["id"],))
    return schemas.Paired(
        certificate=base64.b64encode(cert.to_bytes()).decode(),
        device_no=device_no,
        otp_secret=base64.b64encode(secret).decode(),
        server_keys=keys.answer(),
        grant=answer(conn, conn.one("SELECT * FROM grants WHERE id = ?", (row["id"],)), now_s),
    )


def _free_device_no(conn: Conn) -> int:
    for _ in range(32):
        candidate = 10**8 + secrets.randbelow(9 * 10**8)
        if conn.one("SELECT 1 FROM devices WHERE device_no = ?", (candidate,)) is None:
            return candidate
    raise Conflict("could not find a free device number", code="busy")


def numeric_unlock(conn: Conn, payer: UserPrincipal, grant_id: str, now_s: int) -> schemas.Grant:
    """The payer lifts a lockout of the device's numeric fallback (server_stub/limits.py)."""
    row = payers_grant(conn, payer, grant_id)
    for d in conn.all("SELECT device_no FROM devices WHERE grant_id = ?", (grant_id,)):
        limits.clear(conn, limits.DEVICE_NUMERIC, str(d["device_no"]))
    return answer(conn, row, now_s)
