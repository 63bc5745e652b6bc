"""Asking the payer at the till (issue 15 §1): the terminal's policy, with no Qt.

    declined (askable) ──Ask──> asking ──allowed──> complete (same key) ──> approved card
                                   │ ──refused / expired / cancelled──> plain words
                                   └──Cancel──> cancelled

- `can_ask`: only a decline the server marked `askable`, and only while the server is
  reachable: asking needs it (an offline decline is never offered).
- `run_ask`: asks, waits for the answer in short long-polls (so a cancel is seen within
  `POLL_WAIT_S`), and completes an allowed sale with the declined sale's own idempotency
  key: a retry gets the same answer, never a second charge. Bounded: the wait ends at the
  question's expiry plus a grace, whatever the server says.
- The outcome of the flow is a `settle.Outcome` (approved/declined, as any sale) or an
  `AskClosed` with a status code the window words.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from kinpay import schemas
from kinpay.client import Client
from kinpay.errors import ApiError, OutcomeUnknown, TransportError
from pos_app.core import asked
from pos_app.core.settle import Outcome, SaleRequest
from pos_app.core.store import Store

POLL_WAIT_S = 2  # each long poll; a cancel is acted on within this
EXPIRY_GRACE_S = 10  # the terminal stops waiting this long after the question's expiry
COMPLETE_ATTEMPTS = 4  # tries to complete under the same key before "not confirmed"
COMPLETE_BACKOFF_S = 0.5


def can_ask(outcome: Outcome | None, online: bool | None) -> bool:
    """Offer "Ask <payer>" on this card?"""
    if outcome is None or outcome.kind != "declined" or outcome.payment is None:
        return False
    return bool(outcome.payment.askable) and online is not False


def asking_needs_server(outcome: Outcome | None) -> bool:
    """An offline decline of a rule the payer could lift: say asking needs the server.
    Never for age-restricted goods: the payer is never asked about them, online either."""
    return (outcome is not None and outcome.kind == "offline_declined"
            and outcome.decline_code not in ("age_restricted", "age_restricted_shop"))


def countdown_text(seconds_left: float) -> str:
    """"2:00", "0:09": never negative."""
    s = max(0, int(seconds_left + 0.999))
    return f"{s // 60}:{s % 60:02d}"


@dataclass(frozen=True)
class AskClosed:
    """The question ended without a sale: `status` is refused, expired, cancelled,
    not_askable, unreachable or error; `message` the server's or the transport's words
    (for the log and the detail line; the window words the status itself)."""

    status: str
    message: str = ""


@dataclass
class AskControl:
    """Shared between the window and the asking thread: the cashier's cancel."""

    cancelled: bool = False


def run_ask(
    client: Client,
    store: Store,
    req: SaleRequest,
    payment_id: str,
    control: AskControl,
    *,
    on_asked: Callable[[schemas.Approval], None],
    expires_in_s: int = schemas.ASK_DEFAULT_S,
    clock: Callable[[], float] = time.monotonic,
) -> Outcome | AskClosed:
    """The whole flow on the calling (worker) thread."""
    try:
        approval = client.ask(payment_id, expires_in_s=expires_in_s)
    except ApiError as exc:
        return AskClosed(exc.code if exc.code == "not_askable" else "error", exc.message)
    except TransportError as exc:
        return AskClosed("unreachable", str(exc))
    on_asked(approval)
    answer = _wait(client, approval, control, clock)
    if isinstance(answer, AskClosed):
        return answer
    return complete(client, store, req, answer)


def _wait(
    client: Client, approval: schemas.Approval, control: AskControl,
    clock: Callable[[], float],
) -> schemas.Approval | AskClosed:
    give_up = clock() + (approval.expires_at - approval.now) + EXPIRY_GRACE_S
    current = approval
    while current.status == "pending":
        if control.cancelled:
            return _cancel(client, approval.id)
        if clock() >= give_up:
            return AskClosed("expired")
        try:
            current = client.approval(approval.id, wait_s=POLL_WAIT_S)
        except TransportError:
            time.sleep(0.5)  # the link blinked: keep asking until the expiry
        except ApiError as exc:
            return AskClosed("error", exc.message)
    if control.cancelled and current.status == "allowed":
        return _cancel(client, approval.id)  # the cashier gave up first: nothing is taken
    if current.status in ("allowed", "used"):
        return current  # "used": completed before (its answer was lost): replayed below
    return AskClosed(current.status)


def _cancel(client: Client, approval_id: str) -> AskClosed:
    try:
        done = client.cancel_approval(approval_id)
    except ApiError as exc:
        return AskClosed("error", exc.message)
    except TransportError as exc:
        # Not cancelled on the server, but no sale either: the question expires there.
        return AskClosed("cancelled", str(exc))
    return AskClosed("cancelled" if done.status == "cancelled" else done.status)


def complete(
    client: Client, store: Store, req: SaleRequest, approval: schemas.Approval
) -> Outcome | AskClosed:
    """Settle the allowed sale under the declined sale's own key, retried (bounded) under
    that key until an answer comes: exactly one charge whatever the link does."""
    last = ""
    for attempt in range(COMPLETE_ATTEMPTS):
        try:
            payment, replayed = client.complete_approval(
                approval.id, req.amount, req.currency, idempotency_key=req.key,
                items=req.items or None, reference=req.reference,
            )
        except (OutcomeUnknown, TransportError) as exc:
            last = str(exc)
            time.sleep(COMPLETE_BACKOFF_S * (attempt + 1))
            continue
        except ApiError as exc:
            if exc.status == 429 or exc.status >= 500:
                # "Slow down", or a proxy's error page ("504 Gateway Time-out") after the
                # server may have completed it: no answer, asked again under the key.
                last = exc.message
                time.sleep(COMPLETE_BACKOFF_S * (attempt + 1))
                continue
            return AskClosed(_closed_status(exc.code), exc.message)
        store.finish(req.key, payment, now_s=int(time.time()))
        if payment.status == "approved":  # the lists say it was allowed when asked
            asked.note(store, req.key, payment.approval_id or approval.id)
        kind = "approved" if payment.status == "approved" else "declined"
        return Outcome(kind, req.key, payment.amount, payment.currency,
                       "Approved" if kind == "approved" else
                       schemas.decline_text(payment.decline_code),
                       payment, payment.decline_code, replayed, req.started_at)
    return AskClosed("unconfirmed", last)


def _closed_status(code: str) -> str:
    return {
        "approval_refused": "refused",
        "approval_expired": "expired",
        "approval_cancelled": "cancelled",
    }.get(code, "error")
