"""The refund rule, with no dialog in sight: "a refund is never paid twice".

A refund's idempotency key is written to the journal *before* it is sent (`next_refund`),
so the key outlives the dialog and the process. While a refund of a payment is
unanswered, it is the one sent next — its own key and amount — whatever the cashier
asks for. A refund the server refused (4xx other than 429: nothing was refunded) is
dropped; one with no answer, a 5xx or a 429 stays, to be sent again with the same key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kinpay.client import new_idempotency_key
from kinpay.errors import ApiError
from pos_app.core.store import SaleRow, Store


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
