"""Payments, refunds and offline batches: the grant's rules applied, then one transfer.

Each public function here is a writer job (it runs inside the writer's transaction) or a
read. The code's signatures are checked before the job is queued (`precheck`), so the
writer spends its time on rules and rows, not on cryptography.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
from dataclasses import dataclass, field
from typing import Any

from kinpay import codes, hours, schemas
from kinpay.errors import CodeError, CodeMalformed
from server_stub import (
    approvals,
    events,
    grants,
    ledger,
    limits,
    offline,
    pay_open,
    pay_reads,
    tenders,
)
from server_stub import keys as keyring
from server_stub import spend as spend_rows
from server_stub.auth import TerminalPrincipal
from server_stub.db import Conn, Row
from server_stub.errors import Conflict, NotFound
from server_stub.keys import ServerKeys

# The route names them payments.KeyGone and payments.Outcome.
from server_stub.pay_open import KeyGone as KeyGone
from server_stub.pay_open import Outcome as Outcome
from server_stub.security import new_id

log = logging.getLogger("kinpay.server")

_NUMERIC_COUNTERS = 5  # counters tried per step for one typed counter digit


@dataclass(frozen=True)
class Prechecked:
    """What the request thread learnt about the code before the writer sees it."""

    code: codes.Code | None = None
    numeric: codes.NumericCode | None = None
    error: str | None = None  # a decline code when the code itself is bad


# json.dumps with these settings makes an encoder for each call: made once, the same text.
_HASHED = json.JSONEncoder(sort_keys=True)
_ANSWERED = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def request_hash(body: dict[str, Any]) -> str:
    return hashlib.sha256(_HASHED.encode(body).encode()).hexdigest()


def precheck(text: str, keys: ServerKeys, now_s: int) -> Prechecked:
    if codes.looks_like_code(text):
        try:
            return Prechecked(
                code=codes.verify_code(
                    text,
                    keys.public,
                    now_s=now_s,
                    check_cert_expiry=False,
                    trusted_certs=keys.trusted_certs,
                )
            )
        except CodeError as exc:
            return Prechecked(error=exc.reason)
    if codes.looks_numeric(text):
        try:
            return Prechecked(numeric=codes.parse_numeric(text))
        except CodeMalformed:
            return Prechecked(error="code_invalid")
    return Prechecked(error="code_invalid")


@dataclass
class Sale:
    terminal: TerminalPrincipal
    idem_key: str
    req_hash: str
    amount: int
    currency: str
    items: list[schemas.Item]
    reference: str | None
    at_s: int  # when the sale happened: now, or when it was accepted offline
    offline: bool = False
    tenders: list[schemas.Tender] = field(default_factory=list)  # taken another way
    partial: bool = False  # the till takes an approval for less than it asks
    # The hash of the key the terminal sent, when the request took its terminal from the
    # payment route's cache (auth.TerminalCache): the payment checks it in its transaction.
    key_hash: str | None = None
    # An offline item: its hashes as an online request, whole or taking part (a till that
    # sent the sale online, lost the answer and queued it offline under the same key is
    # answered that sale's outcome).
    online_hashes: tuple[str, ...] = ()


# A user's name never changes, so the writer remembers it (bounded) instead of asking.
_NAME_CACHE: dict[str, str] = {}
_NAME_CACHE_MAX = 100_000


def _names(conn: Conn, *user_ids: str) -> dict[str, str]:
    missing = [u for u in user_ids if u not in _NAME_CACHE]
    if missing:
        marks = ", ".join("?" for _ in missing)
        rows = conn.all(f"SELECT id, name FROM users WHERE id IN ({marks})", missing)  # noqa: S608
        if len(_NAME_CACHE) > _NAME_CACHE_MAX:
            _NAME_CACHE.clear()
        _NAME_CACHE.update({r["id"]: r["name"] for r in rows})
    return {u: _NAME_CACHE[u] for u in user_ids if u in _NAME_CACHE}


UseKeys = tuple[str, str]  # (the device's moment, the certificate's: what release 1 wrote)


def device_use_key(device_no: int, step: int, counter: int) -> str:
    """What makes a shown code single-use: its device, step and counter, whatever form the
    till read (the QR of the old or the new certificate after a lowered cap, or the typed
    code)."""
    return f"d{device_no}:{step}:{counter}"


def use_keys(device_no: int, cert_id_hex: str, step: int, counter: int) -> UseKeys:
    """The device's key and, beside it, the certificate's that release 1 wrote (and later
    releases beside the device's, until migration 0007): a payment looks for both and
    makes only the device's, so a code used just before an upgrade stays used after it."""
    return device_use_key(device_no, step, counter), f"{cert_id_hex}:{step}:{counter}"


def _numeric_device(conn: Conn, num: codes.NumericCode, at_s: int) -> tuple[Row, UseKeys] | None:
    """The device a typed code belongs to and its use keys, if its password is right for a
    counter the tablet can be showing: the tablet counts 0, 1, 2… within a step, one more
    after each payment, so counter c is live only when c is 0 or c - 1 was used. With the
    typed last digit that leaves one counter a step: two live values, not ten."""
    row = conn.one("SELECT * FROM devices WHERE device_no = ?", (num.device_no,))
    if row is None:
        return None
    try:
        secret = keyring.otp_secret_of(conn, row)  # unwrapped or derived, never in clear
    except keyring.KeyStoreError as exc:  # no secret to match: the code is no good
        log.error("a typed code for %s: run `kinpay keys rotate-otp`", exc)
        return None
    cert = codes.Certificate.from_bytes(base64.b64decode(row["certificate"]))
    now_step = at_s // cert.rotate_s
    device_no = int(row["device_no"])
    for step in (now_step, now_step - 1):
        for k in range(_NUMERIC_COUNTERS):
            counter = num.counter_digit + 10 * k
            if counter > 0 and not _used(conn, device_use_key(device_no, step, counter - 1)):
                break  # nor any higher counter: the tablet hasn't got there
            if hmac.compare_digest(codes.otp(secret, step, counter), num.password):
                return row, use_keys(device_no, str(row["cert_id"]), step, counter)
    return None


def _used(conn: Conn, use_key: str) -> bool:
    return conn.one("SELECT 1 FROM code_uses WHERE use_key = ?", (use_key,)) is not None


def _hours_ok(rules: schemas.GrantRules, at_s: int) -> bool:
    if not rules.windows:
        return True
    return hours.open_at(rules.windows, grants.zone(rules.timezone or "UTC"), at_s)


def _answer(
    *,
    pid: str,
    sale: Sale,
    decline: str | None,
    payer: str | None,
    delegate: str | None,
    remaining: tuple[int, int] | None,
    grant_id: str | None,
) -> dict[str, Any]:
    return {
        "id": pid,
        "status": "declined" if decline else "approved",
        "decline_code": decline,
        "amount": sale.amount,
        "currency": sale.currency,
        "payer": {"name": payer} if payer else None,
        "delegate": {"name": delegate} if delegate else None,
        "remaining": {"daily": remaining[0], "monthly": remaining[1]} if remaining else None,
        "created_at": sale.at_s,
        "reference": sale.reference,
        "offline": sale.offline,
        "grant_id": grant_id,
        "terminal_id": sale.terminal.id,
        "merchant": {"name": sale.terminal.merchant},
    }


# Declines of a code that paid nothing and never could: each counts against its terminal.
COUNTED = frozenset({"code_invalid", "code_expired", "code_used"})


def _count_failure(conn: Conn, sale: Sale, pre: Prechecked, now_s: int, code: str) -> None:
    """An invalid, expired or used code counts against its terminal (docs/security.md rows
    13 and 54): online, or an invalid one offline, toward the terminal's lockout
    (limits.TERMINAL_INVALID); an offline item's expired or used code toward its uploads'
    alone (limits.OFFLINE_STALE), so a till uploading sales older than the server takes
    never stops selling. A wrong typed code counts against its device too."""
    stale = sale.offline and code != "code_invalid"
    limits.fail(conn, limits.OFFLINE_STALE if stale else limits.TERMINAL_INVALID,
                sale.terminal.id, now_s)
    if pre.numeric is None or code != "code_invalid":
        return
    limits.fail(conn, limits.TERMINAL_NUMERIC, sale.terminal.id, now_s)
    device_no = pre.numeric.device_no
    if limits.fail(conn, limits.DEVICE_NUMERIC, str(device_no), now_s):
        numeric_locked(conn, device_no, now_s)


def numeric_locked(conn: Conn, device_no: int, now_s: int) -> None:
    """Tell the payer (and the delegate) that the device's numeric fallback is off."""
    row = conn.one(
        "SELECT g.id, g.payer_id, g.delegate_id FROM devices d JOIN grants g"
        " ON g.id = d.grant_id WHERE d.device_no = ?",
        (device_no,),
    )
    if row is None:
        return  # a made-up device number: nobody to tell
    data = {"kind": "numeric_locked", "grant_id": row["id"],
            "until": now_s + limits.DEVICE_NUMERIC.lockout_s}
    for user_id in (row["payer_id"], row["delegate_id"]):
        events.emit(conn, user_id=user_id, type_="device", data=data, now_s=now_s)


def pay(conn: Conn, *, sale: Sale, pre: Prechecked, now_s: int) -> Outcome:
    """Writer job: decide, post, record, notify. Idempotent per (terminal, key).
    Its transfer, credit, spend, row and events are written to distinct rows, none reading
    another: on PostgreSQL they go as one statement (`Conn.hold_writes`), headed by the
    debit they depend on (`Conn.hold_debit`); a QR code's reads before it are one call
    (`_first_read`). So an approved QR payment is two round trips (docs/scaling.md)."""
    conn.hold_writes()
    pid = new_id()
    first = _first_read(conn, sale, pre, pid)
    row = first.opening if first is not None else pay_open.read_opening(conn, sale)
    replay = pay_open.opening(conn, sale, pre, now_s, row)
    if replay is not None:
        return replay
    decision = _decide(conn, pid=pid, sale=sale, pre=pre, now_s=now_s, first=first)
    body = _answer(pid=pid, sale=sale, **decision.fields)
    tenders.annotate(body, amount=sale.amount, others=sale.tenders, items=sale.items,
                     charge=decision.charge, eligible=decision.eligible)
    # Issue 15 §1 hook (approvals.py): a decline the payer could lift may be asked about.
    offer = approvals.offer_for(conn, payment_id=pid, sale=sale, decline=body["decline_code"],
                                grant=decision.grant, use_key=decision.use_key)
    if offer is not None:
        body["askable"] = True
    if body["decline_code"] in COUNTED:
        _count_failure(conn, sale, pre, now_s, body["decline_code"])
    # Serialised once: stored for replays and sent as the answer, as JSONResponse would.
    raw = _ANSWERED.encode(body)
    conn.write(
        "INSERT INTO payments (id, terminal_id, merchant_id, idem_key, request_hash, grant_id,"
        " status, decline_code, amount, currency, refunded, offline, periods, created_at,"
        " response) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)",
        (
            pid,
            sale.terminal.id,
            sale.terminal.merchant_id,
            sale.idem_key,
            sale.req_hash,
            decision.fields["grant_id"],
            body["status"],
            body["decline_code"],
            body["amount"],  # what the code paid: the ledger's transfer
            sale.currency,
            int(sale.offline),
            decision.periods,
            sale.at_s,
            raw,
        ),
    )
    tenders.record(conn, pid, body)
    if offer is not None:
        approvals.record(conn, offer, sale, now_s)  # issue 15 §1 hook
    if decision.grant is not None:
        g = decision.grant
        events.emit_payment(conn, payer_id=g["payer_id"], delegate_id=g["delegate_id"],
                            payment_id=pid, now_s=now_s)
    return Outcome(payment=body, replayed=False, raw=raw.encode())


@dataclass
class _Decision:
    fields: dict[str, Any]
    grant: Row | None = None
    periods: str | None = None
    charge: tenders.Charge | None = None  # what the code paid, when approved
    eligible: tenders.Eligibility | None = None  # the basket's allowed items, when known
    use_key: str | None = None  # the code's use, for an approval (issue 15 §1)


def _declined(code: str, **more: Any) -> _Decision:
    fields = {"decline": code, "payer": None, "delegate": None, "remaining": None,
              "grant_id": None}
    fields.update(more)
    return _Decision(fields=fields)


def _qr_use_keys(device: Row, code: codes.Code) -> UseKeys:
    return use_keys(int(device["device_no"]), code.cert.cert_id_hex, code.step, code.counter)


def _device_and_use(
    conn: Conn, sale: Sale, pre: Prechecked
) -> tuple[Row, UseKeys] | str:
    """The device the code belongs to and the code's use keys, or a decline code."""
    if pre.error is not None:
        return pre.error
    if pre.code is not None:  # not its device's current certificate (pay_reads): replaced?
        found = grants.device_of_replaced_cert(conn, pre.code.cert.cert_id_hex)
        if found is None or not pay_reads.issued(found[0], pre.code.cert):
            return "code_invalid"
        device, superseded_at = found
        if sale.offline and sale.at_s >= superseded_at + grants.SUPERSEDED_GRACE_S:
            return "code_expired"  # replaced (a lower cap) and past its grace
        return device, _qr_use_keys(device, pre.code)
    assert pre.numeric is not None
    return _numeric_device(conn, pre.numeric, sale.at_s) or "code_invalid"


def _first_read(
    conn: Conn, sale: Sale, pre: Prechecked, pid: str
) -> pay_reads.FirstRead | None:
    """PostgreSQL, a QR code: the opening read, the device and its grant (locked), its
    spend and the code's use in one call (`pay_reads.first_read`); None elsewhere."""
    if conn.kind != "postgres" or pre.code is None:
        return None
    code = pre.code
    return pay_reads.first_read(
        conn, terminal_id=sale.terminal.id, idem_key=sale.idem_key,
        throttle_key=pay_open.throttle_key(sale), cert=code.cert,
        # the device's use key without its device number, which the function finds
        use_suffix=device_use_key(0, code.step, code.counter).removeprefix("d0"),
        cert_use=use_keys(0, code.cert.cert_id_hex, code.step, code.counter)[1],
        payment_id=pid, at_s=sale.at_s,
    )


def _device_and_grant(
    conn: Conn, sale: Sale, pre: Prechecked, first: pay_reads.FirstRead | None
) -> tuple[Row, UseKeys, Row, pay_reads.Spend] | str:
    """The code's device, its use keys, the grant (locked) and what was read of its spend;
    or a decline code."""
    if first is not None and first.found is not None:  # read by `_first_read`
        device, grant, read = first.found
        assert pre.code is not None
        return device, _qr_use_keys(device, pre.code), grant, read
    if pre.code is not None and first is None:  # its device's current certificate
        cert = pre.code.cert
        joined = pay_reads.current_device_and_grant(conn, cert, sale.at_s)
        if joined is not None:
            device, grant, read = joined
            return device, _qr_use_keys(device, pre.code), grant, read
    found = _device_and_use(conn, sale, pre)  # a replaced certificate, a typed code, none
    if isinstance(found, str):
        return found
    device, keys = found
    grant, read = pay_reads.locked_grant(conn, device["grant_id"], sale.at_s)
    return device, keys, grant, read


def _decide(
    conn: Conn, *, pid: str, sale: Sale, pre: Prechecked, now_s: int,
    first: pay_reads.FirstRead | None,
) -> _Decision:
    found = _device_and_grant(conn, sale, pre, first)
    if isinstance(found, str):
        return _declined(found)
    device, keys, grant, read = found
    names = _names(conn, grant["payer_id"], grant["delegate_id"])
    rules = grants.rules_of(grant)
    tz = rules.timezone or "UTC"
    day, month = grants.periods(tz, sale.at_s)
    known: dict[str, Any] = {
        "payer": names.get(grant["payer_id"]),
        "delegate": names.get(grant["delegate_id"]),
        "grant_id": grant["id"],
    }
    spend = pay_reads.spent_later(conn, grant, tz, read, sale.at_s)
    charge = tenders.by_items(amount=sale.amount, others=sale.tenders, items=sale.items,
                              partial=sale.partial, rules=rules, merchant=sale.terminal.category)
    # A code is used up by its first attempt, approved or declined: both its keys new
    # (use_keys). (On PostgreSQL the spend's read goes with this insert: one round trip.)
    first_use = _first_use(conn, pid, keys, first)
    today, month_spent = spend()
    after = spend_rows.later(conn, grant, sale.at_s, now_s)  # an ended one's (none running)
    today, month_spent = spend_rows.with_later(conn, after, today, month_spent)

    def no(code: str) -> _Decision:
        left = (max(0, rules.limits.daily - today), max(0, rules.limits.monthly - month_spent))
        d = _declined(code, remaining=left, **known)
        d.grant = grant
        d.eligible = tenders.eligibility(rules, sale.terminal.category, sale.items, sale.amount)
        d.use_key = keys[0]
        return d

    if not first_use:  # the till learns nothing of the family, who hear nothing of it
        return _declined("code_used")  # (a kept code's copies: security.md row 54)
    refused = _rules_refuse(conn, sale, pre, device, grant, rules, charge)
    if refused is not None:
        return no(refused)
    assert isinstance(charge, tenders.Charge)
    charge = tenders.by_allowance(charge, partial=sale.partial, rules=rules, today=today,
                                  month=month_spent)
    if isinstance(charge, str):
        return no(charge)
    amount = charge.amount
    try:
        ledger.post(
            conn, kind="payment", amount=amount, currency=sale.currency, ref_id=pid, now_s=now_s,
            debit=ledger.account_id(conn, "payer", grant["payer_id"], sale.currency),
            credit=ledger.account_id(conn, "merchant", sale.terminal.merchant_id, sale.currency),
        )
    except Conflict:
        return no("insufficient_funds")
    counted = [day, month] + ([offline.day_period(day)] if sale.offline else [])
    spend_rows.count(conn, grant["id"], counted, amount, after)
    left = (
        max(0, rules.limits.daily - today - amount),
        max(0, rules.limits.monthly - month_spent - amount),
    )
    return _Decision(
        fields={"decline": None, "remaining": left, **known},
        grant=grant,
        periods=",".join(counted),
        charge=charge,
    )


def _first_use(conn: Conn, pid: str, keys: UseKeys, first: pay_reads.FirstRead | None) -> bool:
    """Whether the code's use is new, now taken by payment `pid`: one row, the device's
    key, made only when neither key is there (the certificate's is what release 1 wrote;
    migration 0007)."""
    if first is not None and first.found is not None:  # inserted by kinpay_pay_read
        assert first.device_use == keys[0], "the function's use key is the device's"
        return first.first_use
    return conn.changed("INSERT INTO code_uses (use_key, payment_id) SELECT ?, ? WHERE NOT"
                        " EXISTS (SELECT 1 FROM code_uses WHERE use_key = ?)"
                        " ON CONFLICT DO NOTHING", (keys[0], pid, keys[1])) == 1


def _rules_refuse(
    conn: Conn, sale: Sale, pre: Prechecked, device: Row, grant: Row, rules: schemas.GrantRules,
    charge: tenders.Charge | str,
) -> str | None:
    """The first of the grant's rules the sale breaks (before the spending limits), or None."""
    retired_at = device["retired_at"]
    if retired_at is not None and int(retired_at) <= sale.at_s:
        return "grant_revoked" if grant["status"] == "revoked" else "code_invalid"
    if grant["status"] == "revoked" and int(grant["revoked_at"] or 0) <= sale.at_s:
        return "grant_revoked"
    if rules.expires_at is not None and rules.expires_at <= sale.at_s:
        return "grant_expired"
    if int(device["expires_at"]) <= sale.at_s:
        return "code_expired"
    if sale.currency != grant["currency"] or sale.currency != sale.terminal.currency:
        return "currency_mismatch"  # the allowance's and the shop's (security row 30)
    if isinstance(charge, str):
        return charge  # the basket: what the code may pay of it (server_stub/tenders.py)
    if not _hours_ok(rules, sale.at_s):
        return "outside_hours"
    if charge.amount > rules.limits.per_payment and not (
            sale.offline and pre.code is not None  # within the cap of the certificate the
            and charge.amount <= pre.code.cert.offline_cap_minor):  # till held (row 76)
        return "limit_per_payment"
    if sale.offline:
        assert pre.code is not None, "only a QR code is accepted offline"
        return offline.refuse(conn, charge.amount, sale.at_s, pre.code.cert, grant, rules)
    return None


# --- reads and refunds -------------------------------------------------------------------


def merchants_payment(conn: Conn, terminal: TerminalPrincipal, payment_id: str) -> Row:
    row = conn.one("SELECT * FROM payments WHERE id = ?", (payment_id,))
    if row is None or row["merchant_id"] != terminal.merchant_id:
        raise NotFound("no such payment")
    return row
