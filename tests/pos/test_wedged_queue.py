"""One offline payment the server won't take holds up nothing else (attack review 33,
finding 2).

A till before the fix queued offline a sale it had sent online and whose answer it lost,
under the same key. Its upload was refused (409 `idempotency_conflict`: the key was the
online request's) and, as the oldest in the queue, failed every batch: the link thread said
"The server refused this terminal", never recorded the sales settled behind it, and never
asked again about the pending sales after it. Now a refused batch goes up one payment at a
time; a payment whose key the server holds for that same sale online gets that sale's
outcome from the server (a decline shows as not paid: the goods were handed over); a
payment the server still won't take stays queued and the cashier reads why; the pending
sales are asked again all the same.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from kinpay import l10n
from kinpay.client import Client, new_idempotency_key
from pos_app.core import offline, settle
from pos_app.core.store import Store
from tests.pos.conftest import Tablet
from tests.servers import run_kinpay

pytestmark = pytest.mark.gui


def _queued_by_an_older_till(store: Store, key: str, code: str, amount: int) -> None:
    """What the till before the fix wrote: the sale's pending row turned into a queued
    offline payment under its own key (offline.accept_offline's ON CONFLICT then)."""
    store.begin_sale(key=key, code=code, amount=amount, currency="CNY", items=[],
                     reference=None, now_s=int(time.time()), partial=True)
    with store.tx() as conn:
        conn.execute("UPDATE sales SET status = 'queued', offline = 1 WHERE key = ?", (key,))


def test_one_refused_upload_holds_up_nothing_else(
    terminal: Any, qtbot: Any, tmp_path: Path, sqlite_world: dict[str, Any], tablet: Tablet
) -> None:
    data = tmp_path / "till"
    store = Store(data / "terminal.db")
    cache = offline.KeyCache(data)
    shop = Client(sqlite_world["server_url"], token=sqlite_world["merchant"]["api_key"])
    settle.refresh_cache(shop, cache)

    # Paid online, the answer lost, queued offline by the older till under the same key.
    paid_key, paid_code = new_idempotency_key(), tablet.code()
    paid, _ = shop.pay(paid_code, 1500, "CNY", idempotency_key=paid_key, partial=True)
    _queued_by_an_older_till(store, paid_key, paid_code, 1500)
    # Declined online (its code was used), the answer lost, queued the same way.
    declined_key, used = new_idempotency_key(), tablet.code()
    shop.pay(used, 100, "CNY", idempotency_key=new_idempotency_key())
    declined, _ = shop.pay(used, 700, "CNY", idempotency_key=declined_key, partial=True)
    assert (paid.status, declined.status) == ("approved", "declined")
    _queued_by_an_older_till(store, declined_key, used, 700)
    # Another sale under a key the server holds for ¥2.00: it won't take it, whatever.
    other_key, other_code = new_idempotency_key(), tablet.code()
    shop.pay(other_code, 200, "CNY", idempotency_key=other_key, partial=True)
    _queued_by_an_older_till(store, other_key, other_code, 300)
    # Behind them: an offline sale as the till takes one now, and a sale left pending.
    queued_key = new_idempotency_key()
    assert offline.accept_offline(
        store, cache, offline.RiskRules(), key=queued_key, text=tablet.code(), amount=400,
        currency="CNY", items=[], reference=None, now_s=cache.now_s()).accepted
    pending_key = new_idempotency_key()
    store.begin_sale(key=pending_key, code=tablet.code(), amount=600, currency="CNY",
                     items=[], reference=None, now_s=int(time.time()) - 10, partial=True)
    store.close()

    window = terminal(data=data)
    qtbot.waitUntil(lambda: window.store.count("queued") == 1
                    and window.store.count("pending") == 0, timeout=20_000)
    states = {k: (window.store.get(k).status, window.store.get(k).payment_id)
              for k in (paid_key, declined_key, other_key, queued_key, pending_key)}
    assert states[paid_key] == ("approved", paid.id)
    assert states[declined_key] == ("declined", declined.id)
    assert states[other_key] == ("queued", None)
    assert states[queued_key][0] == "approved"
    assert states[pending_key][0] == "approved"
    # The decline of a sale whose goods were handed over is shown as not paid.
    qtbot.waitUntil(window.banner.isVisible, timeout=10_000)
    assert "¥7.00" in window.banner.text.text()
    assert [r.key for r in window.store.unseen_declines()] == [declined_key]
    # What is wrong, as it is: one payment refused; the terminal is not.
    made = l10n.format_time(window.store.get(other_key).created_at)
    qtbot.waitUntil(lambda: window.status.notice.text() == (
        f"The server refused the offline payment of ¥3.00 taken at {made}: This sale was "
        "already sent with other details. It stays in the queue; the other sales went on."),
        timeout=10_000)
    assert window.status.link.text() == "● Online"
    assert not window.status.refused
    assert "refused this terminal" not in window.status.notice.text()

    on_server = sorted((p.amount, p.offline, p.status) for p in shop.payments())
    assert on_server == [(100, False, "approved"), (200, False, "approved"),
                         (400, True, "approved"), (600, False, "approved"),
                         (700, False, "declined"), (1500, False, "approved")]
    shop.close()
    assert run_kinpay("check", "--db", sqlite_world["db"]).returncode == 0
