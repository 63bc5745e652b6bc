"""The refund rule (pos_app.core.refunds) on a real journal (SQLite file): the key is in
the journal before the refund is sent, it outlives the process, an unanswered refund goes
again with its own key and amount, and only a refusal drops it (issue 14 §2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kinpay.errors import ApiError, OutcomeUnknown, RateLimited, ServerUnreachable
from pos_app.core import refunds
from pos_app.core.store import SaleRow, Store

NOW_S = 1_767_000_000


def _sale(store: Store) -> SaleRow:
    store.begin_sale(key="sale-1", code="c", amount=1200, currency="CNY", items=[],
                     reference=None, now_s=NOW_S)
    row = store.get("sale-1")
    assert row is not None
    row.payment_id = "pay-1"  # as an approved sale's row carries it
    return row


def test_the_key_is_journalled_before_sending_and_outlives_the_process(tmp_path: Path) -> None:
    store = Store(tmp_path / "terminal.db")
    sale = _sale(store)
    keys = iter(["refund-a", "refund-b"])
    todo = refunds.next_refund(store, sale, 500, now_s=NOW_S, new_key=lambda: next(keys))
    assert todo == refunds.RefundToSend("refund-a", 500, again=False)
    store.close()  # the process dies before any answer
    again = Store(tmp_path / "terminal.db")  # a restarted terminal
    pending = again.pending_refund("sale-1")
    assert pending is not None
    assert (pending["key"], pending["amount"], pending["payment_id"]) == ("refund-a", 500,
                                                                          "pay-1")
    # The cashier now asks for 300: the unanswered 500 goes first, under its own key.
    todo = refunds.next_refund(again, sale, 300, now_s=NOW_S + 60,
                               new_key=lambda: next(keys))
    assert todo == refunds.RefundToSend("refund-a", 500, again=True)
    again.close()


@pytest.mark.parametrize("exc", [
    ServerUnreachable("no route"), OutcomeUnknown("timed out"),
    RateLimited(429, "rate_limited", "slow down", retry_after_s=1.0),
    ApiError(500, "internal", "boom"), ApiError(503, "unavailable", "later"),
], ids=["unreachable", "unknown", "429", "500", "503"])
def test_a_refund_that_may_have_been_done_stays_journalled(tmp_path: Path,
                                                           exc: Exception) -> None:
    store = Store(tmp_path / "terminal.db")
    sale = _sale(store)
    todo = refunds.next_refund(store, sale, 500, now_s=NOW_S, new_key=lambda: "refund-a")
    assert refunds.after_failure(store, todo.key, exc) is None
    pending = store.pending_refund("sale-1")
    assert pending is not None and pending["key"] == "refund-a"
    store.close()


@pytest.mark.parametrize("status", [400, 404, 409, 422])
def test_a_refused_refund_is_dropped_and_the_next_gets_a_new_key(tmp_path: Path,
                                                                 status: int) -> None:
    store = Store(tmp_path / "terminal.db")
    sale = _sale(store)
    keys = iter(["refund-a", "refund-b"])
    todo = refunds.next_refund(store, sale, 500, now_s=NOW_S, new_key=lambda: next(keys))
    refusal = refunds.after_failure(store, todo.key, ApiError(status, "refused", "no"))
    assert refusal is not None and refusal.message == "no"
    assert store.pending_refund("sale-1") is None
    todo = refunds.next_refund(store, sale, 300, now_s=NOW_S, new_key=lambda: next(keys))
    assert todo == refunds.RefundToSend("refund-b", 300, again=False)
    store.close()
