"""Settling a sale with the server, and what to do when the answer doesn't come. No Qt.

`settle` sends one sale and says honestly what happened:

    approved / declined .. the server's answer
    partial .............. approved for less than the sale (a split basket, or what was
                           left of the allowance): the rest is due another way
                           (pos_app.core.tenders)
    unknown .............. the request went out but no answer came (or a 5xx, such as
                           a reverse proxy's "504 Gateway Time-out" page): the sale stays
                           `pending` in the journal and is sent again with the *same*
                           idempotency key until the server answers; never charged twice
    offline_approved ..... the server could not be reached at all (nothing was sent), or
    offline_declined       the link was already known down (`offline_now`: nothing is
                           sent), and the terminal judged the code itself
                           (pos_app.core.offline). Only a sale whose key is new to the
                           journal: one that may have been sent is never taken offline
                           (its answer lost, the server may have paid or declined it); it
                           is `unknown`, asked again under its key
    error ................ the server refused the request itself (bad key, bad body):
                           nothing was charged

The idempotency key is made once per charge attempt and kept across every retry of it,
including retries after a restart (the journal holds it with the exact body).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from dataclasses import dataclass, field, replace

from kinpay import schemas
from kinpay.client import Client
from kinpay.defaults import AGE_RESTRICTED_CATEGORIES
from kinpay.errors import ApiError, BadResponse, OutcomeUnknown, RateLimited, ServerUnreachable
from pos_app.core import heard, offline
from pos_app.core.store import SaleRow, Store

log = logging.getLogger("kinpay.pos")

PAY_ATTEMPTS = 2  # tries per charge before saying "unknown"; the background keeps trying
RETRY_BACKOFF_S = 0.1
FORWARD_BATCH = 50  # offline payments per upload: small enough to answer fast
# and within the server's body limit, with room for the batch's own brackets and commas
FORWARD_MAX_BYTES = schemas.OFFLINE_BATCH_MAX_BYTES - 4096
PENDING_RETRY_LIMIT = 20  # pending sales retried per background tick
# The error code of a sale the till could not write down (so did not send): worded by
# pos_app.words like the server's own codes.
JOURNAL_UNWRITABLE = "journal_unwritable"


@dataclass(frozen=True)
class SaleRequest:
    key: str
    code: str
    amount: int
    currency: str
    items: list[schemas.Item] = field(default_factory=list)
    reference: str | None = None
    started_at: float = 0.0  # perf_counter when the code was taken, for the latency figure
    partial: bool = False  # this till takes an approval for less and collects the rest
    # The link's last check found no server: decide here at once, send nothing (see settle).
    offline_now: bool = False


@dataclass(frozen=True)
class Outcome:
    kind: str  # approved | declined | unknown | offline_approved | offline_declined | error
    key: str
    amount: int
    currency: str
    message: str = ""
    payment: schemas.Payment | None = None
    decline_code: str | None = None
    replayed: bool = False
    started_at: float = 0.0
    total: int | None = None  # the whole sale, when other tenders paid part of it
    tenders: tuple[tuple[str, int], ...] = ()  # those other tenders: (cash|card, amount)
    error_code: str | None = None  # kind "error": the server's code, worded by the app
    limit_minor: int | None = None  # an offline decline's limit, for its wording
    stale: tuple[int, int] | None = None  # revocations_stale: (list fetched at, max age) s
    heard: tuple[int, int] | None = None  # heard_daily: (left as the server said, taken since)
    age_only: bool = False  # category_blocked, every blocked item age-restricted (age_only())

    @property
    def approved(self) -> bool:
        return self.kind in ("approved", "offline_approved")

    @property
    def payer(self) -> str | None:
        return self.payment.payer.name if self.payment and self.payment.payer else None

    @property
    def delegate(self) -> str | None:
        return self.payment.delegate.name if self.payment and self.payment.delegate else None


def _from_payment(req: SaleRequest, payment: schemas.Payment, replayed: bool) -> Outcome:
    if payment.status == "approved" and payment.other("due"):
        return Outcome("partial", req.key, payment.amount, payment.currency,
                       "Part approved", payment, None, replayed, req.started_at)
    if payment.status == "approved":
        return Outcome("approved", req.key, payment.amount, payment.currency, "Approved",
                       payment, None, replayed, req.started_at)
    return Outcome("declined", req.key, payment.amount, payment.currency,
                   schemas.decline_text(payment.decline_code), payment, payment.decline_code,
                   replayed, req.started_at)


def send(client: Client, req: SaleRequest) -> tuple[schemas.Payment, bool]:
    """Pay with bounded retries under one key.

    Raises OutcomeUnknown if any attempt may have reached the server (even when a later
    one could not connect), ServerUnreachable only when no attempt can have arrived.
    """
    maybe_sent = False
    for attempt in range(PAY_ATTEMPTS):
        try:
            return client.pay(req.code, req.amount, req.currency, idempotency_key=req.key,
                              items=req.items or None, reference=req.reference,
                              partial=req.partial)
        except OutcomeUnknown:
            maybe_sent = True
            last: Exception = OutcomeUnknown("no answer from the server in time")
        except ServerUnreachable as exc:
            last = exc
        except ApiError as exc:
            if maybe_sent and not _refused(exc):
                # An earlier attempt may have charged: a later "slow down" or a proxy's
                # error page does not say it didn't.
                raise OutcomeUnknown("no answer from the server about this sale") from exc
            if isinstance(exc, RateLimited) and attempt + 1 < PAY_ATTEMPTS:
                last = exc
                time.sleep(min(exc.retry_after_s, 1.0))
                continue
            raise
        if attempt + 1 < PAY_ATTEMPTS:
            time.sleep(RETRY_BACKOFF_S * (attempt + 1))
    if maybe_sent:
        raise OutcomeUnknown("no answer from the server in time") from last
    raise last


def settle(
    client: Client,
    store: Store,
    cache: offline.KeyCache,
    rules: offline.RiskRules,
    req: SaleRequest,
) -> Outcome:
    now = int(time.time())
    try:
        fresh = store.begin_sale(key=req.key, code=req.code, amount=req.amount,
                                 currency=req.currency, items=req.items,
                                 reference=req.reference, now_s=now, partial=req.partial)
    except sqlite3.Error as exc:
        # Never sent unwritten: a sale whose answer got lost could not be asked again.
        return Outcome("error", req.key, req.amount, req.currency,
                       f"The till could not write the sale down ({exc}): not sent, nothing "
                       "was charged.", started_at=req.started_at,
                       error_code=JOURNAL_UNWRITABLE)
    if req.offline_now:
        # A server that stalls (it takes the connection and never answers) left every sale
        # "not confirmed" for as long as it stalled, each after the whole timeout: the
        # till sold nothing. Known down, the sale is never sent, so it is decided here,
        # within the offline caps, and forwarded once under its key when the link is back.
        return _offline(store, cache, rules, req) if fresh else _unknown(req)
    try:
        payment, replayed = send(client, req)
    except (OutcomeUnknown, BadResponse):
        # A success status with a body we can't read may still have charged: the sale stays
        # pending and is asked again under the same key, exactly like no answer at all.
        return _unknown(req)
    except ServerUnreachable:
        # Nothing of this call reached the server; a key already in the journal may have
        # been sent before, so only a new one is taken offline.
        return _offline(store, cache, rules, req) if fresh else _unknown(req)
    except ApiError as exc:
        if exc.status >= 500:
            return _unknown(req)
        store.forget(req.key)
        return Outcome("error", req.key, req.amount, req.currency,
                       f"The server refused the request: {exc.message} Nothing was charged.",
                       started_at=req.started_at, error_code=exc.code)
    store.finish(req.key, payment, now_s=int(time.time()))
    if payment.status == "declined":
        offline.learn_from_decline(cache, req.code, payment.decline_code)
    try:  # a help offline, never a reason to fail here
        heard.record(store, req.code, req.items, rules.shop_category, payment, cache.now_s())
    except sqlite3.Error as exc:  # said: the till may take offline what this answer ruled out
        log.warning("the answer's limits could not be kept for offline sales: %s", exc)
    outcome = _from_payment(req, payment, replayed)
    return replace(outcome, age_only=age_only(req.items, payment, rules.shop_category))


def age_only(items: list[schemas.Item], payment: schemas.Payment, shop_category: str) -> bool:
    """A `category_blocked` decline whose blocked items (those the answer's
    `eligible_items` leaves out; all, when it doesn't say) are each alcohol, tobacco or
    gambling: the law's rule, not the parent's (live QA 36 §7: a beer was declined as "the
    parent doesn't allow buying this kind of thing")."""
    if payment.decline_code != "category_blocked" or not items:
        return False
    keep = set(payment.eligible_items or [])
    blocked = [item for n, item in enumerate(items) if n not in keep]
    restricted = set(AGE_RESTRICTED_CATEGORIES)  # the item's own (or the shop's, for none)
    return bool(blocked) and all((item.category or shop_category) in restricted
                                 for item in blocked)


def _refused(exc: ApiError) -> bool:
    """The server's own refusal of the request (a 4xx other than 401, 403 and 429): it was
    not acted on, and the same body under the same key is refused the same way. A 5xx
    (often a reverse proxy's HTML page: "502 Bad Gateway", "504 Gateway Time-out"), a
    "slow down", or a key refused (rotated while the sale waited) says nothing about a sale
    that may have arrived before."""
    return 400 <= exc.status < 500 and exc.status not in (401, 403, 429)


def _unknown(req: SaleRequest) -> Outcome:
    return Outcome("unknown", req.key, req.amount, req.currency,
                   "No answer from the server yet. The sale is kept and sent again with "
                   "the same key, so it is never charged twice. Don't charge again. The "
                   "server may have approved or declined it: hand the goods over only once "
                   "it shows Approved.",
                   started_at=req.started_at)


def _offline(
    store: Store, cache: offline.KeyCache, rules: offline.RiskRules, req: SaleRequest
) -> Outcome:
    """The sale judged here; its pending row, just written and certainly never sent, makes
    way for the offline one (accept_offline takes no key already in the journal)."""
    store.forget(req.key)
    decision = offline.accept_offline(
        store, cache, rules, key=req.key, text=req.code, amount=req.amount,
        currency=req.currency, items=req.items, reference=req.reference,
        now_s=cache.now_s(),  # the server's time: it checks the code as of then
    )
    if decision.reason == offline.MAYBE_SENT:
        return _unknown(req)
    kind = "offline_approved" if decision.accepted else "offline_declined"
    message = (
        "Checked by this terminal and queued; it is sent to the server when it answers again."
        if decision.accepted else decision.message
    )
    if req.partial:
        # Offline the till can't know the payer's rules: a sale is taken whole within the
        # offline caps, or not at all; splitting it needs the server.
        message += " Offline a sale is taken whole: splitting it or paying part needs the server."
    return Outcome(kind, req.key, req.amount, req.currency, message,
                   decline_code=None if decision.accepted else decision.reason,
                   started_at=req.started_at, limit_minor=decision.limit_minor,
                   stale=decision.stale, heard=decision.heard)


def request_of(row: SaleRow) -> SaleRequest:
    """The exact request a journal row was sent as, for a retry under the same key."""
    return SaleRequest(row.key, row.code, row.amount, row.currency, row.items, row.reference,
                       partial=row.partial)


def retry(client: Client, store: Store, row: SaleRow) -> Outcome | None:
    """Send a pending sale again with its key; None while the answer is still unknown."""
    req = request_of(row)
    store.begin_sale(key=req.key, code=req.code, amount=req.amount, currency=req.currency,
                     items=req.items, reference=req.reference, now_s=int(time.time()),
                     partial=req.partial)
    try:
        payment, replayed = send(client, req)
    except (OutcomeUnknown, ServerUnreachable, BadResponse):
        return None
    except ApiError as exc:
        if not _refused(exc):
            return None  # an earlier attempt may have charged: asked again later
        store.forget(req.key)
        return Outcome("error", req.key, req.amount, req.currency,
                       f"The server refused the request: {exc.message} Nothing was charged.",
                       error_code=exc.code)
    store.finish(req.key, payment, now_s=int(time.time()))
    return _from_payment(req, payment, replayed)


@dataclass(frozen=True)
class Upload:
    """What one upload of the offline queue did."""

    declined: list[SaleRow] = field(default_factory=list)  # declined by the server
    # Left queued: the server refused the item itself (its words), the others went on.
    refused: list[tuple[SaleRow, ApiError]] = field(default_factory=list)


def forward(client: Client, store: Store, cache: offline.KeyCache | None = None) -> Upload:
    """Upload queued offline payments, oldest first, one batch.

    Each payment's id is its idempotency key, so a batch cut off mid-way is simply sent
    again. Raises TransportError when the server can't be reached, and ApiError when it
    refuses the terminal (401, 403), holds its uploads (429) or fails (5xx). A batch the
    server refuses as a request (another 4xx: one item it won't take fails the batch) is
    sent again one payment at a time, so one such payment holds up none behind it; the
    refused ones stay queued and are in `refused`.
    """
    queued = _one_upload(offline.queued_payments(store, FORWARD_BATCH))
    if not queued:
        return Upload()
    try:
        results = client.offline_batch([item for _key, item in queued])
    except ApiError as exc:
        if not _refused(exc):
            raise
        return _one_by_one(client, store, cache, queued, exc)
    upload = Upload()
    for (key, item), payment in zip(queued, results, strict=True):
        _answered(store, cache, key, item, payment, upload)
    return upload


def _answered(store: Store, cache: offline.KeyCache | None, key: str,
              item: schemas.OfflinePayment, payment: schemas.Payment, upload: Upload) -> None:
    store.finish(key, payment, now_s=int(time.time()))
    if payment.status == "declined":
        if cache is not None:
            offline.learn_from_decline(cache, item.code, payment.decline_code)
        store.mark_unseen(key)
        row = store.get(key)
        if row is not None:
            upload.declined.append(row)


def _one_by_one(client: Client, store: Store, cache: offline.KeyCache | None,
                queued: list[tuple[str, schemas.OfflinePayment]], batch_exc: ApiError) -> Upload:
    upload = Upload()
    for key, item in queued:
        try:
            if len(queued) == 1:
                raise batch_exc  # one alone: the batch's answer is its own
            payment = client.offline_batch([item])[0]
        except ApiError as exc:
            if not _refused(exc):
                raise
            row = store.get(key)
            if row is not None:
                upload.refused.append((row, exc))
            continue
        _answered(store, cache, key, item, payment, upload)
    return upload


def _one_upload(
    queued: list[tuple[str, schemas.OfflinePayment]],
) -> list[tuple[str, schemas.OfflinePayment]]:
    """The oldest of `queued` whose upload fits the server's body limit (always the first).
    Fifty payments of a long basket each are about 2 MiB: the server refused every upload
    (413) and the queue never emptied. Sizes are counted with every non-ASCII letter
    escaped, never less than what is sent."""
    kept: list[tuple[str, schemas.OfflinePayment]] = []
    total = 0
    for key, item in queued:
        size = len(json.dumps(item.model_dump(mode="json"))) + 1
        if kept and total + size > FORWARD_MAX_BYTES:
            break
        kept.append((key, item))
        total += size
    return kept


def refresh_cache(client: Client, cache: offline.KeyCache) -> None:
    """The server's keys and retired certificates, for checking codes offline."""
    cache.save_keys(client.keys())
    cache.save_revocations(client.revocations())
