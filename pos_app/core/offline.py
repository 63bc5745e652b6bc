"""Offline acceptance: the terminal checks a code itself and applies its risk rules. No Qt.

When the server can't be reached, a kinpay code is still checkable here: the server's
public keys (cached at the last contact), the certificate's signature, the device's
signature, freshness, and the revocation list: the server's retired certificates
(refreshed every minute while online and on every reconnect) plus what this terminal
learnt itself from an online `grant_revoked` (the grant and its certificate) or a
retired device's `code_invalid` (the certificate), entered at once. Then the risk rules,
in this order, each with a plain-words reason:

    age-restricted goods ..... never on an allowance offline: alcohol, tobacco, gambling
                               (`kinpay.defaults.AGE_RESTRICTED_CATEGORIES`) in the basket,
                               or the shop's own category one of them; the till can't know
                               the parent's rules, and the goods would be gone before the
                               server declined the payment
    numeric code ............. can't be verified offline (its password is the server's)
    list too old ............. past `revocations_max_age_s` without the server's list,
                               the terminal can't know which allowances were stopped
    currency ................. the certificate's currency must be the sale's
    certificate's offline cap  per payment, set by the payer
    terminal floor limit ..... per payment, set in the terminal's settings
    per-grant day total ...... every offline sale of the allowance today (queued or
                               uploaded): at most OFFLINE_DAY_CAPS × the certificate's cap
    per-grant count and sum .. of offline payments not yet forwarded from this terminal
    the server's last word ... a sale its last online answer for the allowance rules out:
                               more than was left today, a category just declined as
                               blocked, any sale soon after a decline for the hours
                               (pos_app.core.heard)
    single use ............... never the same code twice

An accepted payment is written to the queue in the same transaction that marks its code
used and counts the grant's exposure, so two scans can't both slip under a cap.
"""

from __future__ import annotations

import base64
import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kinpay import codes, schemas
from kinpay.clock import ServerClock
from kinpay.defaults import AGE_RESTRICTED_CATEGORIES
from kinpay.device import save_json_private
from kinpay.errors import CodeError, CodeExpired
from kinpay.money import format_minor
from pos_app.core import heard
from pos_app.core.store import Store, code_digest, items_json

KEYS_FILE = "server-keys.json"
REVOKED_FILE = "revocations.json"
TIME_FILE = "server-time.json"  # how far this machine's clock is from the server's
MAX_LEARNT = 10_000  # certificates and grants learnt from declines; oldest dropped beyond
DEFAULT_MAX_AGE_S = 24 * 3600
# accept_offline's refusal of a key already in the journal (a sale that may have been sent).
MAYBE_SENT = "maybe_sent"
# Online declines that put a certificate (or its grant) on the terminal's own list at once.
_REVOKED: schemas.DeclineCode = "grant_revoked"
_LEARN_FROM: tuple[schemas.DeclineCode, ...] = (_REVOKED, "code_invalid")
# A grant's offline total a day, in its certificate's offline caps: the server's own rule
# (server_stub/offline.py, OFFLINE_DAY_CAPS, counted in the grant's time zone's day); the
# till counts in its own local day, the best it can tell.
OFFLINE_DAY_CAPS = 2
# The server's last answer for the allowance rules the sale out (pos_app.core.heard).
HEARD_TEXT = {
    "heard_daily": "The server's last answer said that less than this is left of the "
                   "allowance today: the terminal doesn't take more offline.",
    "heard_category": "The server's last answer today declined this kind of thing for this "
                      "allowance: the parent has blocked it.",
    "heard_hours": "The server declined this allowance in the last 30 minutes: spending "
                   "isn't allowed at this time. No offline payment of it for now.",
}


@dataclass(frozen=True, slots=True)
class RiskRules:
    floor_limit_minor: int = 2000  # the most this terminal takes per payment offline
    max_count_per_grant: int = 3  # offline payments per grant waiting to be forwarded
    max_sum_per_grant_minor: int = 5000  # and their sum
    revocations_max_age_s: int = DEFAULT_MAX_AGE_S  # no offline payment on an older list
    shop_category: str = ""  # the shop's own (the server's terminal info); "" not known yet

    def __post_init__(self) -> None:
        if min(self.floor_limit_minor, self.max_count_per_grant, self.max_sum_per_grant_minor,
               self.revocations_max_age_s) < 0:
            raise ValueError("offline limits can't be negative")


@dataclass(frozen=True, slots=True)
class Decision:
    accepted: bool
    reason: str  # a stable word: "accepted", "code_expired", "floor_limit", ...
    message: str  # for logs and the journal; the terminal words `reason` for the cashier
    code: codes.Code | None = None
    limit_minor: int | None = None  # offline_cap, floor_limit: the limit the amount broke
    stale: tuple[int, int] | None = None  # revocations_stale: (list fetched at, max age) s
    heard: tuple[int, int] | None = None  # heard_daily: (left as the server said, taken since)


class KeyCache:
    """The server's public keys and the revocation list, kept in the data folder.

    Read from every thread of the terminal; written by the link and settle threads under
    a lock. `fetched_at` is this terminal's clock when the server's list last arrived.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._lock = threading.Lock()
        self._keys: dict[bytes, Ed25519PublicKey] = {}
        self._server: frozenset[str] = frozenset()
        self._learnt: list[str] = []  # cert ids learnt from declines, oldest first
        self._grants: list[str] = []  # grant ids learnt from `grant_revoked`
        self._revoked: frozenset[str] = frozenset()
        self.revoked_as_of = 0
        self.fetched_at = 0
        # The server's clock at the last check, and this machine's monotonic clock then.
        self._server_time: tuple[int, float] | None = None
        # Until the first check after a start: this machine's clock with the offset from the
        # server's learnt before (kinpay/clock.py's rules), so a till restarted during an
        # outage, its clock wrong, still judges codes as the server will.
        self._restarted = ServerClock(offset_s=self._saved_offset())
        self._load()

    def _saved_offset(self) -> int:
        try:
            raw = json.loads((self.folder / TIME_FILE).read_text(encoding="utf-8"))
            return int(raw["offset_s"])
        except (OSError, ValueError, KeyError, TypeError):
            return 0

    def _load(self) -> None:
        try:
            raw = json.loads((self.folder / KEYS_FILE).read_text(encoding="utf-8"))
            self._keys = _keys_from(raw["keys"])
        except (OSError, ValueError, KeyError, TypeError):
            self._keys = {}
        try:
            raw = json.loads((self.folder / REVOKED_FILE).read_text(encoding="utf-8"))
            self._server = frozenset(str(c) for c in raw["certificates"])
            self.revoked_as_of = int(raw["as_of"])
            self.fetched_at = int(raw.get("fetched_at", 0))
            self._learnt = [str(c) for c in raw.get("learnt", [])][-MAX_LEARNT:]
            self._grants = [str(g) for g in raw.get("grants", [])][-MAX_LEARNT:]
        except (OSError, ValueError, KeyError, TypeError):
            self._server = frozenset()
        self._revoked = self._server | frozenset(self._learnt)

    def learn_time(self, server_now_s: int) -> None:
        """The server's clock, read on a check: codes are judged by it from now on (and,
        after a restart, until the next check: kept in TIME_FILE when it changes)."""
        self._server_time = (server_now_s, time.monotonic())
        if self._restarted.learn(server_now_s):
            with self._lock:
                save_json_private(self.folder / TIME_FILE,
                                  {"offset_s": self._restarted.offset_s})

    def now_s(self) -> int:
        """The time codes are judged by: the server's, as of the last check, carried on by
        the monotonic clock, so a till whose own clock is wrong (set by hand) or jumps
        (an NTP step) still judges a code as the server will. The machine's own clock
        after a start until the server is reached, corrected by the offset learnt before
        (`_restarted`)."""
        if self._server_time is None:
            return int(self._restarted())
        server_s, at = self._server_time
        return server_s + int(time.monotonic() - at)

    @property
    def keys(self) -> dict[bytes, Ed25519PublicKey]:
        return dict(self._keys)

    @property
    def revoked(self) -> frozenset[str]:
        return self._revoked

    @property
    def revoked_grants(self) -> frozenset[str]:
        return frozenset(self._grants)

    def save_keys(self, keys: list[schemas.ServerKey]) -> None:
        data = {"keys": [k.model_dump() for k in keys]}
        with self._lock:
            self._keys = _keys_from(data["keys"])
            save_json_private(self.folder / KEYS_FILE, data)

    def save_revocations(self, rev: schemas.Revocations, *,
                         fetched_at: int | None = None) -> None:
        with self._lock:
            self._server = frozenset(rev.certificates)
            self.revoked_as_of = rev.as_of
            self.fetched_at = self.now_s() if fetched_at is None else fetched_at
            # What the server's list now holds need not be kept as learnt as well.
            self._learnt = [c for c in self._learnt if c not in self._server]
            self._write()

    def revoke_now(self, cert_id_hex: str, grant_id: str | None = None) -> None:
        """An online answer showed this certificate (and grant) stopped: in force at once."""
        with self._lock:
            if cert_id_hex not in self._revoked:
                self._learnt = [*self._learnt, cert_id_hex][-MAX_LEARNT:]
            if grant_id and grant_id not in self._grants:
                self._grants = [*self._grants, grant_id][-MAX_LEARNT:]
            self._write()

    def _write(self) -> None:
        self._revoked = self._server | frozenset(self._learnt)
        save_json_private(self.folder / REVOKED_FILE, {
            "certificates": sorted(self._server), "as_of": self.revoked_as_of,
            "fetched_at": self.fetched_at, "learnt": self._learnt, "grants": self._grants,
        })

    def list_age_s(self, now_s: int) -> int | None:
        """Seconds since the server's list arrived; None if it never did."""
        return max(0, now_s - self.fetched_at) if self.fetched_at else None


def learn_from_decline(cache: KeyCache, text: str, decline_code: str | None) -> None:
    """An online decline that says a certificate or a grant is stopped enters the list.

    `grant_revoked` stops the grant and its certificate; `code_invalid` for a code that
    verifies against the server's own keys means its device was retired (a re-paired
    tablet), so its certificate is stopped. Anything else teaches nothing.
    """
    if decline_code not in _LEARN_FROM or not codes.looks_like_code(text):
        return
    try:
        code = codes.parse_code(text)
    except CodeError:
        return
    if decline_code == _REVOKED:
        cache.revoke_now(code.cert.cert_id_hex, code.cert.grant_id)
        return
    try:
        # At the code's own time: a code the server found stale is still genuine.
        codes.verify_code(text, cache.keys, now_s=code.valid_from_s, check_cert_expiry=False)
    except CodeError:
        return  # a forged or garbled code says nothing about a real device
    cache.revoke_now(code.cert.cert_id_hex)


def _keys_from(items: list[dict[str, str]]) -> dict[bytes, Ed25519PublicKey]:
    return {
        bytes.fromhex(k["key_id"]): Ed25519PublicKey.from_public_bytes(
            base64.b64decode(k["public_key"])
        )
        for k in items
    }


def _money(minor: int, currency: str) -> str:
    try:
        return format_minor(minor, currency)
    except ValueError:
        return f"{minor} {currency}"


def check_code(text: str, cache: KeyCache, *, now_s: int,
               max_age_s: int = DEFAULT_MAX_AGE_S) -> Decision:
    """The code alone: signatures, freshness, the revocation list and its age."""
    if codes.looks_numeric(text) or not codes.looks_like_code(text):
        return Decision(False, "numeric_offline",
                        "The terminal is offline and can't check a typed code. "
                        "Ask them to show the QR code to the camera.")
    keys = cache.keys
    if not keys:
        return Decision(False, "no_keys",
                        "The terminal has never reached the server, so it can't check "
                        "codes offline. Ask for another way to pay.")
    age_s = cache.list_age_s(now_s)
    if age_s is None or age_s > max_age_s:
        return Decision(False, "revocations_stale", stale_text(cache, max_age_s),
                        stale=(int(cache.fetched_at or 0), max_age_s))
    try:
        code = codes.verify_code(text, keys, now_s=now_s)
    except CodeExpired:
        return Decision(False, "code_expired", schemas.decline_text("code_expired"))
    except CodeError:
        return Decision(False, "code_invalid", schemas.decline_text("code_invalid"))
    if code.cert.cert_id_hex in cache.revoked or code.cert.grant_id in cache.revoked_grants:
        return Decision(False, "grant_revoked", schemas.decline_text("grant_revoked"))
    return Decision(True, "accepted", "Code checked by the terminal.", code)


def stale_text(cache: KeyCache, max_age_s: int) -> str:
    hours = max_age_s // 3600 if max_age_s >= 3600 else max_age_s / 3600
    since = (time.strftime("%d %b %H:%M", time.localtime(cache.fetched_at))
             if cache.fetched_at else "never")
    return (f"No offline payments: this terminal's list of stopped allowances is from "
            f"{since}, more than {hours:g} h ago, so it can't tell whether this one was "
            "stopped. Ask for another way to pay, or wait until the terminal is online.")


def check_goods(items: list[schemas.Item], shop_category: str) -> Decision:
    """No age-restricted goods offline: an item's category (the shop's for an item without
    one, as the server reads it), or the shop's own, among AGE_RESTRICTED_CATEGORIES."""
    restricted = set(AGE_RESTRICTED_CATEGORIES)
    if shop_category in restricted:
        return Decision(False, "age_restricted_shop",
                        "Offline this till takes no allowance payment: the shop's category "
                        f"is {shop_category}, and the till can't check the parent's rules.")
    found = sorted({i.category or shop_category for i in items} & restricted)
    if found:
        return Decision(False, "age_restricted",
                        "Offline this till takes no allowance payment for alcohol, tobacco "
                        f"or gambling, and this sale holds some ({', '.join(found)}). Take "
                        "those items out of the sale, or ask for another way to pay.")
    return Decision(True, "accepted", "No age-restricted goods.")


def check_amount(code: codes.Code, amount: int, currency: str, rules: RiskRules) -> Decision:
    """The per-payment rules: currency, the certificate's offline cap, the floor limit."""
    if code.cert.currency != currency:
        return Decision(False, "currency_mismatch", schemas.decline_text("currency_mismatch"))
    if amount > code.cert.offline_cap_minor:
        cap = _money(code.cert.offline_cap_minor, currency)
        return Decision(False, "offline_cap",
                        f"While offline this allowance may pay at most {cap} at a time. "
                        "Try a smaller amount, or wait until the terminal is online.",
                        limit_minor=code.cert.offline_cap_minor)
    if amount > rules.floor_limit_minor:
        floor = _money(rules.floor_limit_minor, currency)
        return Decision(False, "floor_limit",
                        f"While offline this terminal takes at most {floor} per payment. "
                        "Try a smaller amount, or wait until the terminal is online.",
                        limit_minor=rules.floor_limit_minor)
    return Decision(True, "accepted", "Within the offline limits.", code)


def accept_offline(
    store: Store,
    cache: KeyCache,
    rules: RiskRules,
    *,
    key: str,
    text: str,
    amount: int,
    currency: str,
    items: list[schemas.Item],
    reference: str | None,
    now_s: int,
) -> Decision:
    """Check a code offline and, if every rule passes, queue the payment durably, with
    the child and parent of its allowance when an answer here named them: the certificate
    names the allowance (its grant), not the child, so a queued sale showed no child in
    Today's list until it was uploaded (live 33 §16); an allowance never answered for here
    leaves them empty, as the till cannot know them.

    `key` becomes the offline payment's id, its idempotency key upstream, and must be new
    to the journal: a sale under it (a `pending` one may have been paid or declined, its
    answer lost) is never made an offline sale: MAYBE_SENT, nothing written (attack review
    33: the cashier was told "accepted" of a sale the server had declined). The caller
    drops its own pending row of a send that never left first (settle._offline).
    """
    if store.get(key) is not None:
        return _maybe_sent()
    decision = check_goods(items, rules.shop_category)
    if decision.accepted:
        decision = check_code(text, cache, now_s=now_s, max_age_s=rules.revocations_max_age_s)
    if decision.accepted:
        assert decision.code is not None
        decision = check_amount(decision.code, amount, currency, rules)
    if not decision.accepted:
        _record_local_decline(store, key, text, amount, currency, items, reference, decision,
                              now_s)
        return decision
    code = decision.code
    assert code is not None
    with store.tx() as conn:
        if conn.execute("SELECT 1 FROM sales WHERE key = ?", (key,)).fetchone():
            return _maybe_sent()  # nothing written: the transaction ends empty
        if conn.execute(
            "SELECT 1 FROM used_codes WHERE use_key = ?", (code.use_key,)
        ).fetchone():
            decision = Decision(False, "code_used", schemas.decline_text("code_used"))
        elif refused := _grant_refuses(conn, code, amount, items, rules, now_s):
            decision = refused
        else:
            conn.execute("INSERT INTO used_codes (use_key, at) VALUES (?, ?)",
                         (code.use_key, now_s))
            conn.execute(
                # The child and the parent of the allowance, as an answer here last named
                # them (see above); none: NULL, NULL.
                "WITH named AS (SELECT delegate, payer FROM sales WHERE grant_id = ?"
                " AND delegate IS NOT NULL ORDER BY seq DESC LIMIT 1)"
                " INSERT INTO sales (key, created_at, updated_at, code, amount, currency,"
                " items, reference, offline, status, grant_id, use_key, message, delegate,"
                " payer) SELECT ?, ?, ?, ?, ?, ?, ?, ?, 1, 'queued', ?, ?, ?,"
                " (SELECT delegate FROM named), (SELECT payer FROM named)",
                (code.cert.grant_id, key, now_s, now_s, text, amount, currency,
                 items_json(items), reference, code.cert.grant_id, code.use_key,
                 "Accepted offline"),
            )
    if not decision.accepted:
        _record_local_decline(store, key, text, amount, currency, items, reference, decision,
                              now_s)
    return decision


def _grant_refuses(conn: sqlite3.Connection, code: codes.Code, amount: int,
                   items: list[schemas.Item], rules: RiskRules, now_s: int) -> Decision | None:
    """The allowance's own offline rules, in accept_offline's transaction: what the server
    last said of it (pos_app.core.heard), then this terminal's count and sum caps."""
    grant = code.cert.grant_id
    ruled_out = heard.refuse(conn, grant, amount, items, rules.shop_category, now_s)
    if ruled_out:
        return Decision(False, ruled_out[0], HEARD_TEXT[ruled_out[0]], limit_minor=ruled_out[1],
                        heard=ruled_out[2])
    # Every offline sale of the allowance this day (queued, or uploaded and paid), not just
    # this outage's: the parent was told "at most twice that amount offline in one day".
    today = heard.offline_since(conn, grant, heard.day_start(now_s))
    day_cap = OFFLINE_DAY_CAPS * code.cert.offline_cap_minor
    if today + amount > day_cap:
        return Decision(False, "offline_day_cap",
                        f"This allowance may pay at most {_money(day_cap, code.cert.currency)}"
                        " offline in one day, and has used it.", limit_minor=day_cap)
    count, total = conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM sales"
        " WHERE status = 'queued' AND grant_id = ?", (grant,)).fetchone()
    if count + 1 > rules.max_count_per_grant or total + amount > rules.max_sum_per_grant_minor:
        return Decision(
            False, "offline_grant_cap",
            "This allowance has reached what this terminal takes offline until it is "
            "back online. Ask for another way to pay, or wait for the connection.",
        )
    return None


def _maybe_sent() -> Decision:
    return Decision(False, MAYBE_SENT,
                    "A sale under this key is in the journal already and may have reached "
                    "the server: it is asked again under its key, never taken offline.")


def _record_local_decline(
    store: Store, key: str, text: str, amount: int, currency: str,
    items: list[schemas.Item], reference: str | None, decision: Decision, now_s: int,
) -> None:
    grant = heard.grant_of(text)
    with store.tx() as conn:
        conn.execute(
            # The child and parent of the code's allowance, as an answer here last named
            # them, as a queued sale is (live QA 36 §16: declined offline, the row named
            # no child, the code's allowance known all along).
            "WITH named AS (SELECT delegate, payer FROM sales WHERE grant_id = ?"
            " AND delegate IS NOT NULL ORDER BY seq DESC LIMIT 1)"
            " INSERT INTO sales (key, created_at, updated_at, code, amount, currency, items,"
            " reference, offline, status, decline_code, message, grant_id, delegate, payer)"
            " SELECT ?, ?, ?, ?, ?, ?, ?, ?, 1, 'offline_declined', ?, ?, ?,"
            " (SELECT delegate FROM named), (SELECT payer FROM named)"
            # A sale already under this key is left as it is (accept_offline's rule).
            " WHERE 1 ON CONFLICT (key) DO NOTHING",
            # Declined here and never sent: the code may still be good, so only its hash
            # is kept (pos_app.core.store).
            (grant, key, now_s, now_s, code_digest(text), amount, currency,
             items_json(items), reference, decision.reason, decision.message, grant),
        )
    store.scrub()


def queued_payments(store: Store, limit: int) -> list[tuple[str, schemas.OfflinePayment]]:
    """The oldest `limit` queued payments, in the order they were accepted."""
    return [
        (
            row.key,
            schemas.OfflinePayment(
                id=row.key,
                code=row.code,
                amount=row.amount,
                currency=row.currency,
                accepted_at=row.created_at,
                items=row.items,
                reference=row.reference,
            ),
        )
        for row in store.by_status("queued", limit)
    ]
