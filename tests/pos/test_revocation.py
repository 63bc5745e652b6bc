"""A stopped allowance must not pass offline (issue 10 §4): an online `grant_revoked`
enters the terminal's list at once, the list follows the server while online and on
reconnect, and past its set age the terminal takes nothing offline and says why. Real
server processes on 127.0.0.1, the real window, the payer's real revoke."""

from __future__ import annotations

import time
from typing import Any

import pytest

from kinpay.client import Client
from pos_app.core import offline
from tests.pos.conftest import Tablet
from tests.pos.test_terminal import charge_by_wedge, type_amount, wait_result
from tests.servers import ServerProcess

pytestmark = pytest.mark.gui

NO_REFRESH_S = 3600.0  # the periodic refresh kept out of the way of what a test shows


def _revoke(world: dict[str, Any], url: str | None = None) -> None:
    with Client(url or world["server_url"], token=world["payer"]["token"]) as payer:
        payer.revoke_grant(world["grant"]["id"])


def _go_offline(qtbot: Any, window: Any, server: Any) -> None:
    server.stop()
    qtbot.waitUntil(lambda: window.online is False, timeout=10_000)


def _sell_offline(qtbot: Any, window: Any, tablet: Tablet, digits: str = "300") -> str:
    type_amount(qtbot, window, digits)
    charge_by_wedge(qtbot, window, tablet.code())
    return wait_result(qtbot, window)


def test_an_online_revoked_decline_stops_the_allowance_offline_at_once(
        terminal: Any, qtbot: Any, sqlite_server: Any, sqlite_world: dict[str, Any],
        tablet: Tablet) -> None:
    window = terminal(refresh_s=NO_REFRESH_S)
    qtbot.waitUntil(lambda: bool(window.cache.keys), timeout=10_000)
    cert = tablet.device.cert.cert_id_hex
    assert cert not in window.cache.revoked
    _revoke(sqlite_world)
    type_amount(qtbot, window, "300")
    charge_by_wedge(qtbot, window, tablet.code())
    wait_result(qtbot, window, "declined")
    assert window.shown.decline_code == "grant_revoked"
    assert cert in window.cache.revoked  # at once, not at the next refresh
    assert sqlite_world["grant"]["id"] in window.cache.revoked_grants
    window.on_action("new")
    _go_offline(qtbot, window, sqlite_server)
    assert _sell_offline(qtbot, window, tablet) == "offline_declined"
    assert window.shown.decline_code == "grant_revoked"
    assert window.store.count("queued") == 0
    # The list is kept on disk: a restarted terminal still knows.
    assert cert in offline.KeyCache(window.data_dir).revoked


def test_a_retired_tablet_is_stopped_offline_after_one_online_decline(
        terminal: Any, qtbot: Any, sqlite_server: Any, sqlite_world: dict[str, Any],
        tablet: Tablet) -> None:
    window = terminal(refresh_s=NO_REFRESH_S)
    qtbot.waitUntil(lambda: bool(window.cache.keys), timeout=10_000)
    url = sqlite_world["server_url"]
    # The child's allowance is paired with a new tablet: the old one is retired.
    with Client(url, token=sqlite_world["payer"]["token"]) as payer:
        pairing = payer.new_pairing(sqlite_world["grant"]["id"])
    with Client(url, token=sqlite_world["delegate"]["token"]) as child:
        child.pair(pairing.pairing_code)
    type_amount(qtbot, window, "300")
    charge_by_wedge(qtbot, window, tablet.code())  # the old tablet's code
    wait_result(qtbot, window, "declined")
    assert window.shown.decline_code == "code_invalid"
    assert tablet.device.cert.cert_id_hex in window.cache.revoked
    assert window.cache.revoked_grants == frozenset()  # the allowance itself goes on
    window.on_action("new")
    _go_offline(qtbot, window, sqlite_server)
    assert _sell_offline(qtbot, window, tablet) == "offline_declined"
    assert window.store.count("queued") == 0


def test_the_list_follows_the_server_while_online(
        terminal: Any, qtbot: Any, sqlite_server: Any, sqlite_world: dict[str, Any],
        tablet: Tablet) -> None:
    window = terminal(refresh_s=0.5)
    cert = tablet.device.cert.cert_id_hex
    _revoke(sqlite_world)  # no sale: the terminal hears of it by its own refresh
    qtbot.waitUntil(lambda: cert in window.cache.revoked, timeout=10_000)
    _go_offline(qtbot, window, sqlite_server)
    assert _sell_offline(qtbot, window, tablet) == "offline_declined"
    assert window.shown.decline_code == "grant_revoked"


def test_the_list_is_fetched_again_on_reconnect(
        terminal: Any, qtbot: Any, sqlite_server: Any, sqlite_world: dict[str, Any],
        tablet: Tablet) -> None:
    window = terminal(refresh_s=NO_REFRESH_S)
    qtbot.waitUntil(lambda: bool(window.cache.keys), timeout=10_000)
    _go_offline(qtbot, window, sqlite_server)
    # While this terminal can't reach it, the payer stops the allowance (another server
    # process on the same database stands in for the part of the network the payer uses).
    other = ServerProcess(db=sqlite_world["db"]).start()
    try:
        _revoke(sqlite_world, other.url)
    finally:
        other.stop()
    cert = tablet.device.cert.cert_id_hex
    assert cert not in window.cache.revoked
    sqlite_server.start()
    qtbot.waitUntil(lambda: window.online is True, timeout=10_000)
    qtbot.waitUntil(lambda: cert in window.cache.revoked, timeout=10_000)
    _go_offline(qtbot, window, sqlite_server)
    assert _sell_offline(qtbot, window, tablet) == "offline_declined"
    assert window.shown.decline_code == "grant_revoked"


def test_past_its_age_the_list_stops_offline_payments_and_says_why(
        terminal: Any, qtbot: Any, sqlite_server: Any, tablet: Tablet) -> None:
    window = terminal(refresh_s=NO_REFRESH_S, offline_list_max_age_h=24)
    qtbot.waitUntil(lambda: window.cache.fetched_at > 0, timeout=10_000)
    _go_offline(qtbot, window, sqlite_server)
    # Within its age the list lets an offline payment through ...
    assert _sell_offline(qtbot, window, tablet) == "offline_approved"
    window.on_action("new")
    # ... and 25 hours after it arrived (the same list, as if the till had been offline
    # for a day) nothing is accepted offline, with the reason.
    cache = window.cache
    cache.save_revocations(_list_of(cache), fetched_at=int(time.time()) - 25 * 3600)
    assert _sell_offline(qtbot, window, tablet) == "offline_declined"
    assert window.shown.decline_code == "revocations_stale"
    assert "more than 24 h ago" in window.result.detail.text()
    assert window.store.count("queued") == 1  # only the first


def _list_of(cache: offline.KeyCache) -> Any:
    from kinpay import schemas

    return schemas.Revocations(certificates=sorted(cache.revoked), as_of=cache.revoked_as_of)
