"""A sale sent online whose answer was lost is never turned into an offline sale (attack
review 33, finding 2).

The server took the sale (paid it, or declined it), its answer never came back, and for the
next seconds nothing could connect (the server restarting). The till queued the sale
offline under the same key and told the cashier "checked by this terminal and queued",
though the server had declined it; its upload was then refused (409) for ever, and the link
thread called that "the server refused this terminal" and stopped syncing the pending
sales and split-sale rests behind it. Now such a sale stays pending, the cashier is told
its outcome is being checked, and the answer, when it comes, is what the card shows; a
queue left by a till before this fix drains, and what the server won't take is said as it
is, while a refused key is still said as a refused key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kinpay.client import Client, new_idempotency_key
from kinpay.errors import ApiError
from pos_app.core import offline, settle
from pos_app.core.store import Store
from tests.pos.conftest import Tablet
from tests.pos.test_terminal import charge_by_wedge, type_amount, wait_result
from tests.servers import run_kinpay

pytestmark = pytest.mark.gui

CHECKING = ("No answer yet: it may be approved or declined. Asked again with the same key, "
            "never charged twice. Don't charge again; hand the goods over only once Approved.")


def _shop(world: dict[str, Any]) -> Client:
    return Client(world["server_url"], token=world["merchant"]["api_key"])


def test_a_pending_sale_is_never_queued_offline(
    tmp_path: Path, sqlite_world: dict[str, Any], tablet: Tablet
) -> None:
    """accept_offline, the second guard: a key already in the journal as pending (it may
    have reached the server) is refused, and the row is left as it was, to be asked again."""
    store = Store(tmp_path / "terminal.db")
    cache = offline.KeyCache(tmp_path)
    shop = _shop(sqlite_world)
    settle.refresh_cache(shop, cache)
    code, key = tablet.code(), new_idempotency_key()
    store.begin_sale(key=key, code=code, amount=1500, currency="CNY", items=[],
                     reference=None, now_s=cache.now_s(), partial=True)
    decision = offline.accept_offline(
        store, cache, offline.RiskRules(), key=key, text=code, amount=1500, currency="CNY",
        items=[], reference=None, now_s=cache.now_s())
    assert (decision.accepted, decision.reason) == (False, "maybe_sent")
    row = store.get(key)
    assert row is not None and (row.status, row.offline, row.code) == ("pending", False, code)
    assert store.count("queued") == 0
    # Nothing of the sale was spent here: its code is not marked used by the till.
    assert store._conn().execute("SELECT COUNT(*) FROM used_codes").fetchone()[0] == 0
    shop.close()
    store.close()


@pytest.mark.parametrize("server_says", ["approved", "declined"])
def test_a_lost_answer_then_a_refused_link_is_checked_not_queued(
    terminal: Any, qtbot: Any, proxy: Any, sqlite_world: dict[str, Any], tablet: Tablet,
    server_says: str,
) -> None:
    window = terminal(server_url=proxy.url, timeout_s=0.5, floor_limit_minor=2000)
    qtbot.waitUntil(lambda: window.online is True and bool(window.cache.keys), timeout=10_000)
    shop = _shop(sqlite_world)
    code = tablet.code()
    if server_says == "declined":  # the server declines it: the code was used already
        shop.pay(code, 100, "CNY", idempotency_key=new_idempotency_key())
    # The sale reaches the server, its answer is lost, then nothing connects for a while.
    proxy.hold = True
    proxy.refuse_when_held = True
    type_amount(qtbot, window, "1500")
    charge_by_wedge(qtbot, window, code)
    key = window.current.key
    wait_result(qtbot, window, "unknown")
    assert proxy.held == 1
    assert window.result.title.text() == "Not confirmed yet"
    assert CHECKING in window.result.detail.text()
    row = window.store.get(key)
    assert (row.status, row.offline) == ("pending", False)
    [taken] = [p for p in shop.payments() if p.amount == 1500]
    assert taken.status == server_says  # the server did decide it
    qtbot.waitUntil(lambda: window.online is False, timeout=10_000)
    # Asked again while nothing connects: still being checked, never taken offline.
    window.on_action("check")
    wait_result(qtbot, window, "unknown")
    assert CHECKING in window.result.detail.text()
    assert (window.store.get(key).status, window.store.count("queued")) == ("pending", 0)

    offline_key = None
    if server_says == "approved":
        # The cashier leaves the card; the next sale is taken offline, under its own key.
        qtbot.keyClick(window, Qt.Key.Key_Escape)
        type_amount(qtbot, window, "500")
        charge_by_wedge(qtbot, window, tablet.code())
        wait_result(qtbot, window, "offline_approved")
        offline_key = window.shown.key
        assert offline_key != key
        assert window.store.get(key).status == "pending"

    proxy.hold = False
    proxy.reopen()  # the server is back
    qtbot.waitUntil(lambda: window.online is True and window.status.queued == 0
                    and window.status.pending == 0, timeout=20_000)
    row = window.store.get(key)
    assert (row.status, row.offline, row.payment_id) == (server_says, False, taken.id)
    if server_says == "declined":
        # The card still on screen shows the server's answer: not handed over as paid.
        qtbot.waitUntil(lambda: window.result.kind == "declined", timeout=10_000)
        assert window.shown.key == key
        assert "already used" in window.result.detail.text()
    else:
        assert window.status.notice.text().startswith(
            "A pending sale of ¥15.00 made at ")
        assert window.status.notice.text().endswith("was approved by the server.")
        assert window.store.get(offline_key).status == "approved"
    paid = [(p.amount, p.offline, p.status) for p in shop.payments()]
    # One payment under the lost sale's key, none twice; the offline sale settled once.
    assert paid.count((1500, False, server_says)) == 1
    assert len([p for p in paid if p[0] == 1500]) == 1
    assert paid.count((500, True, "approved")) == (1 if offline_key else 0)
    shop.close()
    assert run_kinpay("check", "--db", sqlite_world["db"]).returncode == 0


def test_a_refused_key_still_stops_the_upload(
    tmp_path: Path, sqlite_world: dict[str, Any], tablet: Tablet
) -> None:
    """Only a refusal of the request itself is taken one payment at a time: a terminal key
    the server doesn't know (revoked, rotated) is raised, for the link to say so."""
    store = Store(tmp_path / "terminal.db")
    cache = offline.KeyCache(tmp_path)
    shop = _shop(sqlite_world)
    settle.refresh_cache(shop, cache)
    decision = offline.accept_offline(
        store, cache, offline.RiskRules(), key=new_idempotency_key(), text=tablet.code(),
        amount=500, currency="CNY", items=[], reference=None, now_s=cache.now_s())
    assert decision.accepted
    wrong = Client(sqlite_world["server_url"], token="kpt_" + "x" * 43)
    with pytest.raises(ApiError) as refused:
        settle.forward(wrong, store, cache)
    assert refused.value.status == 401
    assert store.count("queued") == 1
    wrong.close()
    shop.close()
    store.close()
