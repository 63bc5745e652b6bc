"""Screens and parts without a server: validation in place, pairing codes, QR, the scanner."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kinpay import schemas
from tests.wallet.conftest import pixels_of, read_qr
from wallet_app import pairing
from wallet_app.delegate.camera import PairScanner, decode_texts
from wallet_app.errors import PairingCodeError, QrTextError, ServerAddressError, WalletError
from wallet_app.payer.activity import describe, notification
from wallet_app.payer.dialogs import PairingPage
from wallet_app.payer.grant_form import GrantForm
from wallet_app.qr import QUIET_MODULES, qr_image, qr_modules
from wallet_app.settings import check_server_url

pytestmark = pytest.mark.gui
PAYLOAD = "KP1:" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 $%*+-./:"[:45] * 7  # 319 chars


def test_grant_form_says_what_is_wrong_in_place(qtbot: QtBot, styled: QApplication) -> None:
    form = GrantForm()
    qtbot.addWidget(form)
    form.show()
    form.delegate.setText("lily")
    form.amounts["per_payment"].setText("500")
    form.amounts["daily"].setText("100")
    form.amounts["monthly"].setText("12.345")
    with qtbot.assertNotEmitted(form.submitted):
        qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    assert form.errors["monthly"].isVisible()
    assert "2 decimals" in form.errors["monthly"].text()
    assert form.amounts["monthly"].property("invalid") == "true"

    form.amounts["monthly"].setText("1000")
    with qtbot.assertNotEmitted(form.submitted):
        qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    # Under the limit that is too high, both marked (live test 34 §12: under the offline
    # amount, nothing marked).
    assert form.errors["per_payment"].text() == (
        "One payment can't be more than the daily limit (¥100.00).")
    assert form.amounts["daily"].property("invalid") == "true"
    assert not form.errors["limits"].isVisible()
    assert not form.errors["monthly"].isVisible()

    form.delegate.setText("")
    form.amounts["per_payment"].setText("50")
    with qtbot.assertNotEmitted(form.submitted):
        qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    assert form.errors["delegate"].text() == "Type your child's kinpay name."

    form.delegate.setText("lily")
    with qtbot.waitSignal(form.submitted, timeout=1000) as sent:
        qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    request = sent.args[0]
    assert isinstance(request, schemas.GrantCreate)
    assert request.limits.per_payment == 5000 and request.limits.monthly == 100000
    assert request.blocked_categories == ["alcohol", "tobacco", "gambling"]
    assert request.offline_cap == 2000


def test_pairing_code_checks() -> None:
    assert pairing.check("abcd efgh jkmn") == "ABCD-EFGH-JKMN"
    assert pairing.check("KINPAY-PAIR:ABCD-EFGH-JKMN") == "ABCD-EFGH-JKMN"
    with pytest.raises(PairingCodeError, match="12 letters"):
        pairing.check("ABCD-EFGH")
    with pytest.raises(PairingCodeError, match="no 0, O"):
        pairing.check("ABCD-EFGH-JK0O")
    assert pairing.from_scan("KP1:something") is None


def test_server_address_checks() -> None:
    assert check_server_url(" http://10.0.0.2:8700/ ") == "http://10.0.0.2:8700"
    for bad in ("", "10.0.0.2:8700", "ftp://x", "http://:80", "http://h:99999", "http://h:x"):
        with pytest.raises(ServerAddressError):
            check_server_url(bad)


def test_a_text_no_qr_code_holds_is_the_wallets_own_error() -> None:
    # A version-40 code at level L holds 2,953 bytes: 3,000 is past any QR code.
    with pytest.raises(QrTextError, match="3000 characters") as err:
        qr_modules("x" * 3000)
    assert isinstance(err.value.__cause__, ValueError)  # the encoder's own error, chained
    assert isinstance(err.value, WalletError)
    with pytest.raises(QrTextError):
        qr_modules("")


def test_qr_has_quiet_zone_and_reads_back(styled: QApplication) -> None:
    modules = qr_modules(PAYLOAD)
    assert (modules[:QUIET_MODULES] == 255).all() and (modules[:, -QUIET_MODULES:] == 255).all()
    assert modules[QUIET_MODULES, QUIET_MODULES] == 0  # the finder pattern's corner
    image = qr_image(PAYLOAD).scaled(modules.shape[1] * 4, modules.shape[0] * 4)
    assert decode_texts(image) == [PAYLOAD]
    assert pixels_of(image).shape == (modules.shape[0] * 4, modules.shape[1] * 4)


def test_next_code_and_qr_time(styled: QApplication, tmp_path: Path) -> None:
    """Measured, not asserted (the budget is 5 ms); printed for the benchmarks."""
    from kinpay import codes
    from kinpay.device import Device, new_device_key
    from wallet_app.delegate.rotation import build_frame

    server = new_device_key()
    key = new_device_key()
    cert = codes.Certificate(
        key_id=b"", cert_id=b"12345678", grant_id="0" * 32,
        device_public_key=codes.raw_public(key.public_key()), offline_cap_minor=2000,
        currency="CNY", rotate_s=30, expires_s=2**31,
    ).signed_by(server)
    device = Device(key=key, cert=cert, device_no=123456789, otp_secret=b"s" * 32,
                    server_keys={})
    now_s = int(time.time())
    build_frame(device, now_s)
    times = []
    for i in range(100):
        start = time.perf_counter()
        frame = build_frame(device, now_s + 30 * i)
        times.append(time.perf_counter() - start)
    assert len(frame.code) == 324 and decode_texts(frame.image.scaled(400, 400)) == [frame.code]
    print(f"next code + QR image: median {statistics.median(times) * 1000:.2f} ms")


def test_scanner_finds_the_pairing_qr(qtbot: QtBot, styled: QApplication) -> None:
    page = PairingPage()
    qtbot.addWidget(page)
    page.resize(600, 800)
    page.show()
    page.show_pairing("lily", "ABCD-EFGH-JKMN", int(time.time()) + 3600)
    assert read_qr(page.qr) == ["KINPAY-PAIR:ABCD-EFGH-JKMN"]
    scanner = PairScanner()
    try:
        with qtbot.waitSignal(scanner.found, timeout=5000) as found:
            scanner.offer(page.grab().toImage())
        assert found.args == ["ABCD-EFGH-JKMN"]
    finally:
        scanner.stop()


def test_activity_says_declines_in_plain_words() -> None:
    event = schemas.Event(id=7, type="payment", created_at=1, data={
        "kind": "payment", "id": "p1", "status": "declined", "decline_code": "limit_daily",
        "amount": 2500, "currency": "CNY", "delegate": {"name": "lily"},
        "merchant": {"name": "Corner Shop"},
    })
    line = describe(event)
    assert line is not None and line.tone == "bad"
    assert line.title == "Lily's payment was declined"
    assert line.detail == "at Corner Shop · over today's limit" and line.amount == "¥25.00"
    # The notification says the amount where it is read ("…was declined ¥25.00" before).
    assert notification(line) == ("Lily's payment of ¥25.00 was declined",
                                  "at Corner Shop · over today's limit", True)


def test_wallet_command_is_registered() -> None:
    from kinpay.cli import build_parser

    args = build_parser().parse_args(
        ["wallet", "--role", "delegate", "--server", "http://127.0.0.1:9/", "--data", "/tmp/w",
         "--fullscreen"]
    )
    assert (args.role, args.server, args.data, args.fullscreen) == (
        "delegate", "http://127.0.0.1:9", "/tmp/w", True)
    assert callable(args.func)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["wallet", "--server", "ftp://nope"])


def test_grant_form_examples_follow_the_currency(qtbot: QtBot, styled: QApplication) -> None:
    """Issue 11 §2: amounts in messages are written for their currency."""
    form = GrantForm()
    qtbot.addWidget(form)
    form.delegate.setText("lily")
    form.amounts["daily"].setText("abc")
    for currency, example in (("CNY", "12.50"), ("JPY", "1,250")):
        form.currency.setCurrentText(currency)
        with qtbot.assertNotEmitted(form.submitted):
            qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
        assert form.errors["daily"].text() == f"“abc” isn't an amount. Use digits, like {example}."


def test_pairing_page_stops_showing_an_expired_code(qtbot: QtBot, styled: QApplication) -> None:
    page = PairingPage()
    qtbot.addWidget(page)
    page.resize(600, 800)
    page.show()
    page.show_pairing("lily", "ABCD-EFGH-JKMN", int(time.time()) + 1)
    assert read_qr(page.qr) == ["KINPAY-PAIR:ABCD-EFGH-JKMN"]
    qtbot.waitUntil(lambda: page.code.text() == "", timeout=3000)
    assert page.qr.image() is None and read_qr(page.qr) == []
    assert "expired" in page.expires.text()
