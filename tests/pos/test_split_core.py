"""The till's core of a split sale (pos_app.core.tenders), no Qt: the rest taken while the
server doesn't answer is kept in the journal and told to the server once it answers, once."""

from __future__ import annotations

from pathlib import Path

from kinpay import schemas
from kinpay.client import Client, new_idempotency_key
from pos_app.core import settle, tenders
from pos_app.core.offline import KeyCache, RiskRules
from pos_app.core.store import Store
from tests.server.helpers import family, terminal
from tests.server.test_payments import fresh
from tests.servers import ServerProcess


def test_a_rest_taken_offline_is_kept_and_told_once_the_server_answers(
    sqlite_server: ServerProcess, tmp_path: Path
) -> None:
    fam = family(sqlite_server.url, blocked_categories=["alcohol"])
    till = terminal(sqlite_server.db, sqlite_server.url)
    store = Store(tmp_path / "terminal.db")
    items = [schemas.Item(name="Bread roll", unit_amount=350, category="grocery"),
             schemas.Item(name="Beer", unit_amount=700, category="alcohol")]
    req = settle.SaleRequest(new_idempotency_key(), fresh(fam.device), 1_050, "CNY", items,
                             partial=True)
    outcome = settle.settle(till, store, KeyCache(tmp_path / "cache"), RiskRules(), req)
    assert outcome.kind == "partial" and outcome.amount == 350
    row = store.get(req.key)
    assert row is not None and tenders.is_partial(row) and tenders.can_remove(row)
    assert [i.name for i in tenders.blocked_items(row)] == ["Beer"]

    # The link is down when the cashier takes the rest in cash: the journal keeps it.
    dead = Client("http://127.0.0.1:9", token=till.token, timeout_s=0.5, retries=0)
    kept = tenders.take_rest(dead, store, req.key, "cash")
    assert kept.rest_sync == "pending" and kept.other_minor("cash") == 700
    assert kept.due_minor == 0 and kept.total_minor == 1_050
    assert till.payment(str(row.payment_id)).other("due") == 700  # the server not yet told
    assert tenders.sync_rests(dead, store) == 0  # still down: nothing lost, nothing told

    # The link is back: told once; a second tick has nothing left to tell.
    assert tenders.sync_rests(till, store) == 1
    assert tenders.sync_rests(till, store) == 0
    told = till.payment(str(row.payment_id))
    assert [(t.kind, t.amount) for t in told.tenders] == [("cash", 700)]
    after = store.get(req.key)
    assert after is not None and after.rest_sync == "done"
    dead.close()
    till.close()
    fam.close()
    store.close()
