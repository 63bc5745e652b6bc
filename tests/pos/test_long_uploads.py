"""A day offline with long baskets reaches the server.

The till uploads its offline queue 50 payments at a time, and the server takes at most
1 MiB in one batch. A shop that took thirty sales of 200 items each offline (about 40 KiB a
payment; more with Chinese names) would have sent 1.2 MB: every upload was refused with 413
and the queue never emptied. Uploads are now cut to fit."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

from kinpay import schemas
from kinpay.client import Client
from pos_app.core import offline, settle
from pos_app.core.store import Store
from tests.pos.conftest import Tablet

SALES = 30
ITEMS = 200


def basket(n: int) -> list[schemas.Item]:
    """200 items of 10 fen, each with a long name (what a shop's catalogue may hold)."""
    return [schemas.Item(name=f"{n:02d}-{i:03d} 有机全麦吐司面包 Organic wholemeal bread "
                         + "·" * 60, unit_amount=10) for i in range(ITEMS)]


def test_an_offline_queue_of_long_baskets_uploads_whole(
    sqlite_world: dict[str, Any], tablet: Tablet, tmp_path: Path, monkeypatch: Any
) -> None:
    # The till now holds an allowance's offline day total itself (2 x its cap: the first
    # two here, tests/pos/test_offline_day_total.py); this test is about the upload's size,
    # so the till takes all thirty and the server judges each.
    monkeypatch.setattr(offline, "OFFLINE_DAY_CAPS", SALES)
    shop = Client(sqlite_world["server_url"], token=sqlite_world["merchant"]["api_key"])
    cache = offline.KeyCache(tmp_path)
    settle.refresh_cache(shop, cache)
    store = Store(tmp_path / "terminal.db")
    rules = offline.RiskRules(floor_limit_minor=2000, max_count_per_grant=SALES,
                              max_sum_per_grant_minor=SALES * 2000)
    keys = []
    for n in range(SALES):
        key = uuid.uuid4().hex
        decision = offline.accept_offline(
            store, cache, rules, key=key, text=tablet.code(), amount=ITEMS * 10,
            currency="CNY", items=basket(n), reference=None, now_s=int(time.time()))
        assert decision.accepted, decision.message
        keys.append(key)
    try:
        for _ in range(SALES):  # bounded: each upload settles at least one payment
            if store.count("queued") == 0:
                break
            settle.forward(shop, store)
        assert store.count("queued") == 0
        # Each judged once by the server: the allowance's offline day total (2 × its cap)
        # pays the first two, and declines the rest; none is left out or paid twice.
        statuses = [store.get(k).status for k in keys]
        assert statuses == ["approved"] * 2 + ["declined"] * (SALES - 2)
        paid = [p for p in shop.payments() if p.offline and p.status == "approved"]
        assert sorted(p.id for p in paid) == sorted(store.get(k).payment_id for k in keys[:2])
    finally:
        store.close()
        shop.close()
