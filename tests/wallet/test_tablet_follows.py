"""Issue 10 §5 and §8: the child's tablet follows its server and stops at once on revoke.

Each test runs the real tablet window against a real server on 127.0.0.1. The tablet's
device file was paired at an address that is now dead (the demo restarted on another
port); the app is started with `--server URL`, as the demo does.
"""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kinpay import schemas
from kinpay.client import Client
from kinpay.device import Device
from tests.servers import free_port
from tests.wallet.conftest import WindowFactory, read_qr
from tests.wallet.flows import WAIT_MS, pay, payer_signed_in, sign_in
from wallet_app.app import WalletWindow
from wallet_app.delegate.window import DelegateShell
from wallet_app.settings import DataFolder

pytestmark = pytest.mark.gui
LIVE_MS = 2_000  # "within a second", with room for a loaded test machine


def tablet_paired_elsewhere(
    make_window: WindowFactory, world: dict[str, Any], folder_path: Path, *, dead_url: str,
) -> tuple[WalletWindow, DelegateShell]:
    """A tablet whose device file names `dead_url`, started with --server of the live one."""
    folder = DataFolder(folder_path)
    device = Device.load(Path(world["delegate"]["device"]))
    device.server_url = dead_url
    device.save(folder.device_path)
    folder.write_private(folder.session_path, {"token": world["delegate"]["token"],
                                               "name": "lily", "server_url": dead_url})
    window = make_window(folder_path.name.removeprefix("wallet-"),
                         server_url=world["server_url"], role="delegate")
    assert window.delegate is not None
    return window, window.delegate


def revoke(world: dict[str, Any]) -> None:
    with Client(world["server_url"], token=world["payer"]["token"]) as api:
        api.revoke_grant(world["grant"]["id"])


def test_server_flag_overrides_the_address_saved_at_pairing(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any], tmp_path: Path,
) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    window, kid = tablet_paired_elsewhere(make_window, sqlite_world, tmp_path / "wallet-tablet",
                                          dead_url=dead)
    assert kid.stack.currentWidget() is kid.code_screen  # opens on the code, not on pairing
    qtbot.waitUntil(lambda: kid.online, timeout=WAIT_MS)
    assert Device.load(window.folder.device_path).server_url == sqlite_world["server_url"]

    # A payment rotates the code on the payment event, within a second.
    source = kid.source
    assert source is not None and source.frame is not None
    first = source.frame
    shown = read_qr(kid.code_screen.qr)
    assert shown == [first.code]
    assert pay(sqlite_world, shown[0], 300).status == "approved"
    qtbot.waitUntil(lambda: source.frame is not None and source.frame.code != first.code,
                    timeout=LIVE_MS)
    assert read_qr(kid.code_screen.qr) == [source.frame.code]


def test_revoke_stops_the_code_at_once_and_after_a_restart(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any], tmp_path: Path,
) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    folder_path = tmp_path / "wallet-tablet"
    window, kid = tablet_paired_elsewhere(make_window, sqlite_world, folder_path, dead_url=dead)
    qtbot.waitUntil(lambda: kid.online, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: kid.code_screen.left_today.text() == "¥100.00", timeout=WAIT_MS)

    revoke(sqlite_world)
    qtbot.waitUntil(lambda: kid.stack.currentWidget() is kid.ended_page, timeout=LIVE_MS)
    assert not window.folder.code_path.exists()
    assert kid.code_screen.qr.image() is None  # nothing left to scan, even if shown again
    assert kid.code_screen.left_today.text() != "¥100.00"
    kid.show_code()
    assert kid.stack.currentWidget() is kid.ended_page

    # Started again on the same folder: the stopped screen, no code, no stale amount.
    window.shutdown()
    again = make_window("tablet", server_url=sqlite_world["server_url"], role="delegate")
    kid2 = again.delegate
    assert kid2 is not None
    assert kid2.stack.currentWidget() is kid2.ended_page
    assert not again.folder.code_path.exists()
    assert kid2.code_screen.qr.image() is None
    assert kid2.code_screen.left_today.text() in ("", "—")


def test_revoke_heard_from_a_sync_answer(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any], tmp_path: Path,
) -> None:
    """Revoked while the tablet was off, and the stream resumes after that event: the
    grant's state fetched on (re)connection stops the code."""
    folder_path = tmp_path / "wallet-tablet"
    revoke(sqlite_world)
    newest = 10**9  # past every event: the stream brings nothing old
    settings_ini = folder_path / "wallet.ini"
    folder_path.mkdir(parents=True)
    settings_ini.write_text(f"[delegate]\nlast_event_id={newest}\n")
    _window, kid = tablet_paired_elsewhere(make_window, sqlite_world, folder_path,
                                           dead_url=sqlite_world["server_url"])
    qtbot.waitUntil(lambda: kid.stack.currentWidget() is kid.ended_page, timeout=WAIT_MS)
    assert kid.code_screen.qr.image() is None


def test_a_grant_revoked_decline_stops_the_code(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any], tmp_path: Path,
) -> None:
    """The payment event of a sale declined `grant_revoked` alone is enough to stop."""
    window, kid = tablet_paired_elsewhere(make_window, sqlite_world, tmp_path / "wallet-tablet",
                                          dead_url=sqlite_world["server_url"])
    qtbot.waitUntil(lambda: kid.online, timeout=WAIT_MS)
    assert kid.link is not None and kid.source is not None
    kid.link.stop()  # deaf to the grant's own event: only the decline below reaches it
    code = kid.source.device.code_at(int(time.time()))
    revoke(sqlite_world)
    declined = pay(sqlite_world, code, 200)
    assert declined.decline_code == "grant_revoked"
    kid.link.payment.emit(declined.model_dump(mode="json"), int(time.time()))
    assert kid.stack.currentWidget() is kid.ended_page
    assert not window.folder.code_path.exists()


def test_demo_sign_in_gives_a_code_screen_without_a_session_its_link(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any], tmp_path: Path,
) -> None:
    """A tablet that starts from its device file alone shows its code at once; the demo's
    `sign_in` then gives it a session, so it goes online (before: it stayed offline)."""
    from kinpay.control import ControlClient
    from wallet_app.remote import WalletRemote

    folder = DataFolder(tmp_path / "wallet-tablet")
    shutil.copy(sqlite_world["delegate"]["device"], folder.device_path)
    window = make_window("tablet", server_url=sqlite_world["server_url"], role="delegate")
    kid = window.delegate
    assert kid is not None and kid.stack.currentWidget() is kid.code_screen
    assert kid.token is None and not kid.online
    assert kid.code_screen.status.text().startswith("Signed out")
    remote = WalletRemote(window, tmp_path / "tablet.sock")
    control = ControlClient(tmp_path / "tablet.sock", timeout_s=20)
    try:
        answer: list[object] = []
        thread = threading.Thread(target=lambda: answer.append(control.call(
            "sign_in", name="lily", password=sqlite_world["delegate"]["password"],
            role="delegate")))
        thread.start()
        qtbot.waitUntil(lambda: not thread.is_alive(), timeout=WAIT_MS)
        assert answer == ["delegate"]
        kid = window.delegate
        assert kid is not None and kid.token
        assert kid.stack.currentWidget() is kid.code_screen
        qtbot.waitUntil(lambda: kid.online, timeout=WAIT_MS)
    finally:
        control.close()
        remote.server.stop()


def test_a_refused_session_says_sign_in_again_and_signing_in_syncs(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any], tmp_path: Path,
) -> None:
    """A tablet whose saved session the server refuses showed "Offline" forever; now it
    says why, keeps its code, and a sign-in brings it back online."""
    folder = DataFolder(tmp_path / "wallet-tablet")
    shutil.copy(sqlite_world["delegate"]["device"], folder.device_path)
    folder.write_private(folder.session_path, {"token": "expired-token", "name": "lily"})
    window = make_window("tablet", server_url=sqlite_world["server_url"], role="delegate")
    kid = window.delegate
    assert kid is not None
    qtbot.waitUntil(lambda: kid.code_screen.sign_in_button.isVisible(), timeout=WAIT_MS)
    assert kid.code_screen.status.text().startswith("Signed out")
    assert kid.stack.currentWidget() is kid.code_screen and kid.source is not None
    qtbot.mouseClick(kid.code_screen.sign_in_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.sign_in
    sign_in(qtbot, window, "lily", sqlite_world["delegate"]["password"], "delegate")
    again = window.delegate
    assert again is not None and again.stack.currentWidget() is again.code_screen
    qtbot.waitUntil(lambda: again.online, timeout=WAIT_MS)


def test_signing_in_on_another_server_is_followed(
    qtbot: QtBot, styled: Any, sqlite_world: dict[str, Any], tmp_path: Path,
) -> None:
    """No --server: the address the child signs in at wins over the one saved at pairing."""
    from wallet_app.app import AppConfig

    folder = DataFolder(tmp_path / "wallet-tablet")
    device = Device.load(Path(sqlite_world["delegate"]["device"]))
    device.server_url = f"http://127.0.0.1:{free_port()}"
    device.save(folder.device_path)
    (folder.path / "wallet.ini").write_text(
        f"[General]\nserver_url={sqlite_world['server_url']}\nrole=delegate\n")
    window = WalletWindow(AppConfig(data_dir=folder.path))
    qtbot.addWidget(window)
    window.show()
    window.start()
    try:
        first = window.delegate  # on its code from the device file, with no session yet
        assert first is not None and first.stack.currentWidget() is first.code_screen
        qtbot.mouseClick(first.code_screen.sign_in_button, Qt.MouseButton.LeftButton)
        sign_in(qtbot, window, "lily", sqlite_world["delegate"]["password"], "delegate")
        kid = window.delegate
        assert kid is not None
        qtbot.waitUntil(lambda: kid.online, timeout=WAIT_MS)
        assert Device.load(folder.device_path).server_url == sqlite_world["server_url"]
    finally:
        window.shutdown()


def test_the_child_reads_childs_words_for_a_sale_that_failed(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any], tmp_path: Path,
) -> None:
    _window, kid = tablet_paired_elsewhere(make_window, sqlite_world, tmp_path / "wallet-tablet",
                                           dead_url=sqlite_world["server_url"])
    qtbot.waitUntil(lambda: kid.online, timeout=WAIT_MS)
    assert kid.source is not None and kid.source.frame is not None
    declined = pay(sqlite_world, kid.source.frame.code, 6_000)  # over ¥50.00 a payment
    assert declined.decline_code == "limit_per_payment"
    kid.show_purchases()
    qtbot.waitUntil(lambda: kid.purchases_page.list.count() == 1, timeout=WAIT_MS)
    texts = [lb.text() for lb in kid.purchases_page.findChildren(QLabel)]
    note = next(t for t in texts if "Not paid" in t)
    assert note.endswith("Not paid: more than allowed for one payment")
    assert "ask the parent" not in note.lower()
    # Which purchase: its amount stays (it said "not paid" alone).
    assert "¥60.00 not paid" in texts


def test_the_child_is_told_an_offline_sale_declined_later_was_handed_over_unpaid(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any], tmp_path: Path,
) -> None:
    """Found live: a till took the code offline and handed the goods over; the server
    declined the sale on upload; the child's list said "not paid · more than is left for
    today", as for a sale the child never got."""
    _window, kid = tablet_paired_elsewhere(make_window, sqlite_world, tmp_path / "wallet-tablet",
                                           dead_url=sqlite_world["server_url"])
    qtbot.waitUntil(lambda: kid.online, timeout=WAIT_MS)
    assert kid.source is not None and kid.source.frame is not None
    at = int(time.time())
    with Client(sqlite_world["server_url"], token=sqlite_world["merchant"]["api_key"]) as till:
        (declined,) = till.offline_batch([schemas.OfflinePayment(
            id="off-handed-over-1", code=kid.source.frame.code, amount=4_000, currency="CNY",
            accepted_at=at)])  # above the seeded allowance's ¥20.00 offline
    assert declined.status == "declined" and declined.offline
    kid.show_purchases()
    qtbot.waitUntil(lambda: kid.purchases_page.list.count() == 1, timeout=WAIT_MS)
    texts = [lb.text() for lb in kid.purchases_page.findChildren(QLabel)]
    note = next(t for t in texts if "Not paid" in t)
    assert note.endswith("\nThe shop let you have it while it was offline, but your spending "
                         "money didn't pay for it. Tell Mei.")
    assert "¥40.00 not paid" in texts


def test_a_rest_still_due_is_not_said_to_be_paid(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any], tmp_path: Path,
) -> None:
    """Found live: the allowance paid the bread, the chocolate (blocked) was left for the
    till, and the cashier took it off the sale; the parent and child read "¥5.00 paid
    another way". While the rest is due, it is "not on the allowance"."""
    _window, kid = tablet_paired_elsewhere(make_window, sqlite_world, tmp_path / "wallet-tablet",
                                           dead_url=sqlite_world["server_url"])
    qtbot.waitUntil(lambda: kid.online, timeout=WAIT_MS)
    parent = make_window("payer", server_url=sqlite_world["server_url"], role="payer")
    payer = payer_signed_in(qtbot, parent, sqlite_world)
    assert kid.source is not None and kid.source.frame is not None
    items = [schemas.Item(name="Apple", unit_amount=280, category="grocery"),
             schemas.Item(name="Beer 330 ml", unit_amount=700, category="alcohol")]
    with Client(sqlite_world["server_url"], token=sqlite_world["merchant"]["api_key"]) as till:
        paid, _ = till.pay(kid.source.frame.code, 980, "CNY", items=items, partial=True,
                           idempotency_key="rest-still-due-1")
    assert (paid.status, paid.amount, [t.kind for t in paid.tenders]) == (
        "approved", 280, ["due"])
    kid.show_purchases()
    qtbot.waitUntil(lambda: kid.purchases_page.list.count() == 1, timeout=WAIT_MS)
    texts = [lb.text() for lb in kid.purchases_page.findChildren(QLabel)]
    assert any(t.endswith("Not paid by your allowance: Beer 330 ml (¥7.00)") for t in texts), (
        texts)

    def line() -> str | None:
        return next((x.detail for x in payer.activity.lines if x.key == f"payment:{paid.id}"),
                    None)

    qtbot.waitUntil(lambda: line() is not None, timeout=WAIT_MS)
    assert str(line()).endswith(" · for Apple · Lily also wanted Beer 330 ml: not on the "
                                "allowance (¥7.00)")
