"""A reverse proxy between the till and the server answers with its own HTML error page.

Met in a shop behind nginx: the sale reached the server, which charged it, but the proxy
gave up waiting and answered "504 Gateway Time-out" (an HTML page). The till took that for
the server's refusal: it dropped the sale from its journal and said "The server refused the
request. Nothing was charged." The cashier charged again: two payments for one basket.

A 5xx (or, for a sale that may already have arrived, a 429) says nothing about whether the
sale was made: the till keeps it pending and asks again under the same key.
"""

from __future__ import annotations

from typing import Any

import pytest

from kinpay.client import new_idempotency_key
from pos_app.core.store import Store
from tests.pos.conftest import Tablet
from tests.pos.test_terminal import charge_by_wedge, terminal_payments, type_amount, wait_result
from tests.servers import run_kinpay

pytestmark = pytest.mark.gui


def page(status: str) -> bytes:
    """What nginx sends when its upstream did not answer in time (or went away)."""
    body = (f"<html>\r\n<head><title>{status}</title></head>\r\n<body>\r\n<center><h1>"
            f"{status}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
            ).encode()
    return (f"HTTP/1.1 {status}\r\nServer: nginx\r\nContent-Type: text/html\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body


def test_a_proxys_504_after_the_server_charged_is_not_confirmed_and_charged_once(
    terminal: Any, qtbot: Any, proxy: Any, sqlite_world: dict[str, Any], tablet: Tablet
) -> None:
    window = terminal(server_url=proxy.url)
    proxy.gateway = page("504 Gateway Time-out")
    proxy.hold = True
    type_amount(qtbot, window, "1380")
    charge_by_wedge(qtbot, window, tablet.code())
    key = window.current.key
    wait_result(qtbot, window, "unknown")
    assert proxy.held >= 1
    assert "Nothing was charged" not in window.result.detail.text()
    assert "Don't charge again" in window.result.detail.text()
    # The server did take it; the till only got the proxy's page.
    [taken] = terminal_payments(sqlite_world)
    assert (taken.status, taken.amount) == ("approved", 1380)
    row = window.store.get(key)
    assert row is not None and row.status in ("pending", "approved")
    proxy.hold = False  # the proxy passes answers again: the same key gets the same payment
    window.on_action("check")
    qtbot.waitUntil(lambda: window.result.kind == "approved", timeout=15_000)
    assert window.shown.key == key
    assert window.shown.payment.id == taken.id
    assert [p.id for p in terminal_payments(sqlite_world)] == [taken.id]
    assert window.store.get(key).status == "approved"
    assert run_kinpay("check", "--db", sqlite_world["db"]).returncode == 0


@pytest.mark.parametrize("status", ["502 Bad Gateway", "429 Too Many Requests"])
def test_a_pending_sale_answered_by_a_proxys_page_stays_pending(
    terminal: Any, qtbot: Any, proxy: Any, sqlite_world: dict[str, Any], tablet: Tablet,
    tmp_path: Any, status: str
) -> None:
    # A sale whose answer never came (the till was killed while sending): the server has it.
    data = tmp_path / "till"
    data.mkdir()
    key = new_idempotency_key()
    code = tablet.code()
    store = Store(data / "terminal.db")
    store.begin_sale(key=key, code=code, amount=640, currency="CNY", items=[],
                     reference=None, now_s=1)
    store.close()
    from kinpay.client import Client

    with Client(sqlite_world["server_url"], token=sqlite_world["merchant"]["api_key"]) as c:
        first, _ = c.pay(code, 640, "CNY", idempotency_key=key)
    assert first.status == "approved"
    # The restarted till asks again through the proxy, which answers with its own page.
    proxy.gateway = page(status)
    proxy.hold = True
    window = terminal(server_url=proxy.url, data=data)
    # Asked, and asked again (or, as before, dropped at the first page).
    qtbot.waitUntil(lambda: proxy.held >= 2 or window.store.get(key) is None, timeout=15_000)
    row = window.store.get(key)
    assert row is not None and row.status == "pending"
    assert window.status.pending == 1
    proxy.hold = False
    qtbot.waitUntil(lambda: window.store.get(key).status == "approved", timeout=15_000)
    assert window.store.get(key).payment_id == first.id
    assert [p.id for p in terminal_payments(sqlite_world)] == [first.id]


def portal(status: str) -> bytes:
    """A 4G router whose data plan ran out: every request gets its top-up page, or is sent
    there."""
    body = b"<html><body><h1>Your data plan has run out</h1><a href=/pay>Top up</a></body></html>"
    return (f"HTTP/1.1 {status}\r\nLocation: http://192.168.8.1/topup\r\n"
            f"Content-Type: text/html\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n").encode() + body


@pytest.mark.parametrize("answer", [page("502 Bad Gateway"), portal("302 Found"),
                                    portal("200 OK")],
                         ids=["502 page", "portal redirect", "portal page"])
def test_a_server_down_behind_its_proxy_is_offline_and_the_till_keeps_selling(
    terminal: Any, qtbot: Any, proxy: Any, sqlite_world: dict[str, Any], tablet: Tablet,
    answer: bytes
) -> None:
    """The server stopped behind nginx: every request, the link's checks too, gets "502 Bad
    Gateway". The till said "● Online" and "The server refused this terminal", sent every
    sale to the proxy and sold nothing. The same behind a router whose data plan ran out
    (its top-up page, or a redirect to it, for every request): "● Online", and every sale
    "Not confirmed yet". It is offline, and sells within its offline caps."""
    window = terminal(server_url=proxy.url, floor_limit_minor=2000)
    qtbot.waitUntil(lambda: window.online is True and bool(window.cache.keys), timeout=10_000)
    proxy.marker = b" /v1/"  # every request
    proxy.gateway = answer
    proxy.hold = True
    qtbot.waitUntil(lambda: proxy.held >= 1, timeout=10_000)
    qtbot.waitUntil(lambda: window.online is False or "refused" in window.status.notice.text(),
                    timeout=10_000)
    assert window.online is False
    assert "refused" not in window.status.notice.text()
    assert window.status.link.text() != "● Online"
    type_amount(qtbot, window, "1500")
    charge_by_wedge(qtbot, window, tablet.code())
    wait_result(qtbot, window, "offline_approved")
    key = window.shown.key
    assert window.store.get(key).status == "queued"
    proxy.hold = False  # nginx reaches the server again: the payment goes up, once
    qtbot.waitUntil(lambda: window.online is True and window.status.queued == 0,
                    timeout=20_000)
    assert window.store.get(key).status == "approved"
    paid = [(p.amount, p.offline, p.status) for p in terminal_payments(sqlite_world)]
    assert paid == [(1500, True, "approved")]
    assert run_kinpay("check", "--db", sqlite_world["db"]).returncode == 0


def test_a_proxys_504_after_the_payer_allowed_is_not_confirmed_and_charged_once(
    terminal: Any, qtbot: Any, proxy: Any, sqlite_world: dict[str, Any], tablet: Tablet
) -> None:
    """Asking the payer through the same proxy: Mei said yes, the till completed the sale,
    the server charged it, and the proxy answered "504 Gateway Time-out". The till said
    "Asking didn't work. Nothing was charged. Ask for another way to pay.", and the
    customer paid again in cash. It is "Not confirmed yet", and trying again completes the
    same sale under the same key: one payment."""
    from tests.pos.test_ask import decline_and_ask, payer_answers

    window = terminal(server_url=proxy.url)
    decline_and_ask(qtbot, window, tablet)
    proxy.marker = b"/complete "
    proxy.gateway = page("504 Gateway Time-out")
    proxy.hold = True
    qtbot.waitUntil(payer_answers(sqlite_world, allow=True), timeout=10_000)
    wait_result(qtbot, window, "ask_closed")
    assert proxy.held >= 1
    assert window.result.title.text() == "Not confirmed yet"
    assert "Nothing was charged" not in window.result.detail.text()
    paid = [(p.amount, p.status) for p in terminal_payments(sqlite_world)]
    assert paid.count((6000, "approved")) == 1  # the server did complete it
    proxy.hold = False
    window.on_action("ask")  # "Try again": the same approval, the same key
    qtbot.waitUntil(lambda: window.state == "result" and window.result.kind == "approved",
                    timeout=15_000)
    paid = [(p.amount, p.status) for p in terminal_payments(sqlite_world)]
    assert paid.count((6000, "approved")) == 1
