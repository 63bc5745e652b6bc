"""The refund rule, with no dialog in sight: "a refund is never paid twice".

A refund's idempotency key is written to the journal *before* it is sent (`next_refund`),
so the key outlives the dialog and the process. While a refund of a payment is
unanswered, it is the one sent next — its own key and amount — whatever the cashier
asks for. A refund the server refused (4xx other than 429: nothing was refunded) is
dropped; one with no answer, a 5xx or a 429 stays, to be sent again with the same key:
by the cashier, or by the till itself (`retry_pending`, the link thread's tick, as pending
sales are) once the link is back. Until it is answered, the day's figures show it apart,
not confirmed (pos_app.report).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from kinpay import schemas
from kinpay.client import Client, new_idempotency_key
from kinpay.errors import ApiError
from pos_app.core import heard
from pos_app.core.store import SaleRow, Store

RETRY_LIMIT = 20  # unanswered refunds sent again in one tick, at most
# The keys of refunds on their way now (the dialog's send): the link thread leaves them to
# it, and sends them only once that send is over without an answer.
_in_flight: set[str] = set()
_in_flight_lock = threading.Lock()


@contextmanager
def sending(key: str) -> Iterator[None]:
    """While the refund `key` is being sent by the dialog: the link thread doesn't send it."""
    with _in_flight_lock:
        _in_flight.add(key)
    try:
        yield
    finally:
        with _in_flight_lock:
            _in_flight.discard(key)


@dataclass(frozen=True)
class RefundToSend:
    key: str  # the idempotency key, already in the journal
    amount_minor: int  # back through the ledger to the payer
    again: bool  # an earlier, unanswered refund of the payment, sent again
    other_minor: int = 0  # a split sale's cash or card part, given back by the cashier


def next_refund(store: Store, sale: SaleRow, amount_minor: int, *, now_s: int,
                new_key: Callable[[], str] = new_idempotency_key,
                other_minor: int = 0) -> RefundToSend:
    """The refund to send for `sale`, journalled: the unanswered one if there is one,
    else a new one of `amount_minor` (and `other_minor` of a split sale's other tender,
    the server refuses more than each has left) with a fresh key."""
    earlier = store.pending_refund(sale.key)
    if earlier is not None:
        return RefundToSend(str(earlier["key"]), int(earlier["amount"]), again=True,
                            other_minor=int(earlier.get("other_amount") or 0))
    key = new_key()
    store.begin_refund(key=key, sale_key=sale.key, payment_id=str(sale.payment_id),
                       amount=amount_minor, currency=sale.currency, now_s=now_s,
                       other_amount=other_minor)
    return RefundToSend(key, amount_minor, again=False, other_minor=other_minor)


def refused(exc: Exception) -> ApiError | None:
    """The server's refusal (nothing was refunded), or None when the refund may have
    been done (no answer, a server error, "slow down")."""
    if isinstance(exc, ApiError) and 400 <= exc.status < 500 and exc.status != 429:
        return exc
    return None


def after_failure(store: Store, key: str, exc: Exception) -> ApiError | None:
    """Drops a refused refund from the journal and returns the refusal; keeps one that
    may have been done (returns None): it goes again, with the same key."""
    refusal = refused(exc)
    if refusal is not None:
        store.drop_refund(key)
    return refusal


@dataclass(frozen=True)
class Answered:
    """A journalled refund the till sent again by itself, and what came of it."""

    sale_key: str
    amount_minor: int
    currency: str
    done: bool  # the server did it (else it refused it: nothing was refunded)
    other_minor: int = 0


def record_answer(store: Store, *, key: str, sale_key: str, result: schemas.Refund,
                  now_s: int) -> None:
    """The server's answer to a refund, in the journal: the refund done, what the payment
    has been given back in all, and what the till remembers of its allowance forgotten:
    money went back to it, so "only ¥0.00 is left" no longer holds (live QA 36 §3: offline,
    a child was turned away on that after the till's own refund)."""
    payment = result.payment
    store.finish_refund(key=key, sale_key=sale_key, refund_id=str(result.id),
                        refunded_total=int(payment.refunded), now_s=now_s,
                        other_refunded=int(payment.other_refunded))
    if result.amount:
        sale = store.get(sale_key)
        heard.forget_remaining(store, payment.grant_id or (sale.grant_id if sale else None))


def retry_pending(client: Client, store: Store, *, now_s: int) -> list[Answered]:
    """Every journalled refund still unanswered, sent again with its own key and amount
    (never paid twice), as pending sales are: the ones answered, done or refused. A 5xx
    or a 429 leaves the rest for the next tick; no answer at all (TransportError) goes up
    to the caller: the link is down (live QA 36 §1: a refund "not confirmed" went through
    when the link came back, and nothing on the till ever learned it)."""
    out: list[Answered] = []
    for pending in store.refunds_since(0, status="pending")[:RETRY_LIMIT]:
        key, sale_key = str(pending["key"]), str(pending["sale_key"])
        with _in_flight_lock:
            if key in _in_flight:
                continue  # the dialog is sending it: its answer is the dialog's
        amount, other = int(pending["amount"]), int(pending.get("other_amount") or 0)
        try:
            result = client.refund(str(pending["payment_id"]), amount,
                                   idempotency_key=key, other_amount=other)
        except ApiError as exc:
            if after_failure(store, key, exc) is None:
                break  # the server can't answer now: the next tick
            out.append(Answered(sale_key, amount, str(pending["currency"]), False, other))
            continue
        record_answer(store, key=key, sale_key=sale_key, result=result, now_s=now_s)
        out.append(Answered(sale_key, amount, str(pending["currency"]), True, other))
    return out
