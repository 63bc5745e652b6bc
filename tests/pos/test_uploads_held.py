"""The server holds a till's offline uploads (docs/security.md row 54: too many of them had
codes used already or dated more than 48 hours back) while the till goes on selling.

Before, such items were not counted at all (a shop could write rows without end); now they
hold the uploads for 10 minutes, not the till's sales. The till says so in its own words,
not "The server refused this terminal", stays online, sells, and keeps the queued sale to
send once the hold is over.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from server_stub.limits import OFFLINE_STALE
from tests.pos.conftest import Tablet
from tests.pos.test_bad_gateway import page
from tests.pos.test_terminal import charge_by_wedge, type_amount, wait_result
from tests.server.helpers import now

pytestmark = pytest.mark.gui

HELD = ("The server holds this till's offline uploads for a few minutes: too many of them had "
        "codes used already or were older than two days. Selling goes on; the rest go up "
        "after.")


def test_held_uploads_leave_the_till_selling(
    terminal: Any, qtbot: Any, proxy: Any, sqlite_world: dict[str, Any], tablet: Tablet
) -> None:
    window = terminal(server_url=proxy.url, floor_limit_minor=2000)
    qtbot.waitUntil(lambda: window.online is True and bool(window.cache.keys), timeout=10_000)
    proxy.marker = b" /v1/"
    proxy.gateway = page("502 Bad Gateway")
    proxy.hold = True
    qtbot.waitUntil(lambda: window.online is False, timeout=10_000)
    type_amount(qtbot, window, "1500")
    charge_by_wedge(qtbot, window, tablet.code())
    wait_result(qtbot, window, "offline_approved")
    queued = window.shown.key
    # Meanwhile the same terminal's key uploads sales from three days back, straight to the
    # server: they hold its uploads.
    old = now() - 3 * 24 * 3600
    items = [{"id": f"off-{uuid.uuid4().hex}", "code": "kept", "amount": 100,
              "currency": "CNY", "accepted_at": old} for _ in range(OFFLINE_STALE.limit)]
    r = httpx.post(f"{sqlite_world['server_url']}/v1/offline-batches", json={"payments": items},
                   headers={"Authorization": f"Bearer {sqlite_world['merchant']['api_key']}"},
                   timeout=30)
    assert r.status_code == 200
    assert {x["decline_code"] for x in r.json()["results"]} == {"code_expired"}
    proxy.hold = False
    qtbot.waitUntil(lambda: window.status.notice.text() == HELD, timeout=20_000)
    # Online at the end of the same check (the held upload's words come while it goes on
    # to the rests and the pending sales): a bound on waiting, not a verdict on time.
    qtbot.waitUntil(lambda: window.online is True, timeout=10_000)
    assert window.store.get(queued).status == "queued"  # sent once the hold is over
    window.on_action("new")
    type_amount(qtbot, window, "300")
    charge_by_wedge(qtbot, window, tablet.code())
    wait_result(qtbot, window, "approved")
