"""Screenshots of every wallet screen, from the real widgets on a real server.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.wallet.make_screenshots [OUT_DIR]

Writes assets/screenshots/wallet-*.png (or into OUT_DIR).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QSize
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from kinpay.client import Client, new_idempotency_key
from kinpay.schemas import Item
from tests.servers import ServerProcess, seed
from wallet_app import style
from wallet_app.app import AppConfig, WalletWindow
from wallet_app.words import error_text

ROOT = Path(__file__).resolve().parents[2]
PAYER_SIZE_PX = QSize(900, 780)
PORTRAIT_PX = QSize(800, 1280)
NARROW_PX = QSize(544, 800)  # the narrowest tablet the child's screens are made for
NARROW_PAYER_PX = QSize(455, 768)  # a third of a 1366×768 panel, as the demo lays it out
PHONE_PX = QSize(360, 780)  # a phone, upright
LANDSCAPE_PX = QSize(1280, 800)
SAM_PASSWORD = "sam-likes-books"


def wait_until(cond: Callable[[], bool], timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not cond():
        if time.monotonic() > deadline:
            raise TimeoutError("the screen did not get there in time")
        QApplication.processEvents()
        time.sleep(0.02)


def settle(seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def save(widget: QWidget, out: Path, name: str) -> None:
    settle()
    path = out / f"wallet-{name}.png"
    widget.grab().save(str(path))
    print(path)


def save_with_dialog(window: QWidget, dialog: QWidget, out: Path, name: str) -> None:
    """The window, dimmed, with the dialog over its middle (offscreen has no compositor)."""
    settle()
    shot = window.grab()
    over = dialog.grab()
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(20, 22, 28, 120))
    at = QPoint((shot.width() - over.width()) // 2, (shot.height() - over.height()) // 3)
    painter.drawPixmap(at, over)
    painter.end()
    path = out / f"wallet-{name}.png"
    QPixmap(shot).save(str(path))
    print(path)


def main(out: Path) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    style.apply(app)  # type: ignore[arg-type]
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="kinpay-shots-"))
    server = ServerProcess(db=str(tmp / "kinpay.db"), log_path=tmp / "server.log").start()
    try:
        world = seed(server.db, tmp / "devices", server.url)
        world["server_url"] = server.url
        shoot(world, server, tmp, out)
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)  # its database, device keys and sessions
    return 0


def shoot_windows(payer: Any, world: dict, grant_id: str, out: Path, parent: QWidget) -> None:
    """The grant form's "When?" part with the three windows a grant may have."""
    from kinpay import schemas

    windows = [
        {"days": [0, 1, 2, 3, 4], "start": "07:00", "end": "08:00"},
        {"days": [0, 1, 2, 3, 4], "start": "15:00", "end": "18:00"},
        {"days": [5, 6], "start": "09:00", "end": "20:00"},
    ]
    with Client(world["server_url"], token=world["payer"]["token"]) as api:
        api.change_grant(grant_id, schemas.GrantChange.model_validate({"windows": windows}))
    payer.session.refresh()
    wait_until(lambda: len(payer.session.grant_named(grant_id).windows) == 3)
    payer.change_grant(grant_id)
    scroll = payer.form.findChild(QScrollArea)
    settle()
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    save(parent, out, "payer-grant-windows")


def shoot_payer_start(world: dict, tmp: Path, out: Path) -> tuple[WalletWindow, Any, str]:
    """The payer signs in, fills the grant form (an error first), gets a pairing code."""
    from tests.wallet.flows import pay

    url = world["server_url"]
    # --- payer: sign in, the grant form with an error, the pairing code ---------------------
    parent = WalletWindow(AppConfig(data_dir=tmp / "payer", server_url=url, role="payer"))
    parent.resize(PAYER_SIZE_PX)
    parent.show()
    parent.start()
    parent.sign_in.name.setText("mei")
    save(parent, out, "payer-sign-in")
    parent.sign_in.password.setText(world["payer"]["password"])
    parent.sign_in.sign_in.click()
    wait_until(lambda: parent.payer is not None and bool(parent.payer.home.grant_cards))
    payer = parent.payer
    assert payer is not None
    with Client(url) as client:
        client.sign_up("sam", SAM_PASSWORD, "delegate")
    # Some spending on Lily's first grant, so the home screen has two kinds of bars.
    from kinpay.device import Device

    lily = Device.load(Path(world["delegate"]["device"]))
    pay(world, lily.code_at(int(time.time())), 1800)
    # A second allowance for Lily is asked about first.
    payer.home.new_grant.click()
    payer.form.delegate.setText("lily")
    payer.form.save.click()
    wait_until(lambda: payer.dialog is not None and payer.dialog.isVisible())
    save_with_dialog(parent, payer.dialog, out, "payer-second-grant")
    payer.dialog.reject()
    payer.go_home()
    # The password asked again (an act that adds spending power, 15 minutes after it was
    # last typed), a wrong one tried.
    assert payer.session.ask_password is not None
    payer.session.ask_password(lambda: None, lambda: None)
    proof = payer.proof
    assert proof is not None
    proof.show_error(error_text("wrong_password"))
    save_with_dialog(parent, proof, out, "payer-password-again")
    proof.reject()
    payer.home.new_grant.click()
    payer.form.delegate.setText("sam")
    payer.form.amounts["per_payment"].setText("150")
    payer.form.amounts["offline_cap"].setText("20.505")
    payer.form.save.click()
    save(parent, out, "payer-grant-form-error")
    payer.form.amounts["per_payment"].setText("50")
    payer.form.amounts["offline_cap"].setText("20")
    payer.form.save.click()
    wait_until(lambda: payer.stack.currentWidget() is payer.pairing)
    code = payer.pairing.code.text()
    save(parent, out, "payer-pairing-qr")

    return parent, payer, code


def some_life(world: dict, kid: Any, payer: Any) -> None:
    """A purchase, a decline, two more purchases and a refund, on Sam's new tablet."""
    from tests.wallet.flows import pay

    url = world["server_url"]
    assert kid.source is not None and kid.source.frame is not None
    bought = pay(world, kid.source.frame.code, 1250, [
        Item(name="Notebook", unit_amount=850), Item(name="Pencil", quantity=2, unit_amount=200)])
    wait_until(lambda: kid.source is not None and kid.source.frame.counter == 1)
    pay(world, kid.source.frame.code, 6000, [Item(name="Headphones", unit_amount=6000)])
    wait_until(lambda: kid.source.frame.counter == 2)
    second = pay(world, kid.source.frame.code, 4750, [
        Item(name="Paint set", unit_amount=3500), Item(name="Brushes", unit_amount=1250)])
    wait_until(lambda: kid.source.frame.counter == 3)
    pay(world, kid.source.frame.code, 2750)
    with Client(url, token=world["merchant"]["api_key"]) as terminal:
        terminal.refund(bought.id, 250, idempotency_key=new_idempotency_key(), reason="broken")
    wait_until(lambda: len(payer.activity.lines) >= 6)
    wait_until(lambda: kid.code_screen.left_today.text() == "¥15.00")
    assert second.status == "approved"


def shoot(world: dict, server: ServerProcess, tmp: Path, out: Path) -> None:

    url = world["server_url"]
    parent, payer, code = shoot_payer_start(world, tmp, out)

    # --- delegate: pair, the code in portrait -------------------------------------------------
    tablet = WalletWindow(AppConfig(data_dir=tmp / "tablet", server_url=url, role="delegate"))
    tablet.resize(PORTRAIT_PX)
    tablet.show()
    tablet.start()
    tablet.sign_in.name.setText("sam")
    tablet.sign_in.password.setText(SAM_PASSWORD)
    tablet.sign_in.sign_in.click()
    wait_until(lambda: tablet.delegate is not None)
    kid = tablet.delegate
    assert kid is not None
    kid.pair_page.code_edit.setText(code)
    save(tablet, out, "delegate-pair")
    kid.pair_page.pair_button.click()
    wait_until(lambda: kid.stack.currentWidget() is kid.code_screen and kid.online)
    payer.pairing.done.click()

    some_life(world, kid, payer)
    save(tablet, out, "delegate-code-portrait")
    kid.show_purchases()
    wait_until(lambda: kid.purchases_page.list.count() >= 3)
    save(tablet, out, "delegate-purchases")
    tablet.resize(NARROW_PX)
    save(tablet, out, "delegate-purchases-narrow")
    kid.show_code()
    save(tablet, out, "delegate-code-narrow")
    tablet.resize(LANDSCAPE_PX)
    save(tablet, out, "delegate-code-landscape")

    payer.show_activity()
    save(parent, out, "payer-activity")
    payer.go_home()
    settle(0.5)
    save(parent, out, "payer-home")
    parent.resize(NARROW_PAYER_PX)
    save(parent, out, "payer-home-narrow")
    parent.resize(PHONE_PX)
    save(parent, out, "payer-home-phone")
    parent.resize(PAYER_SIZE_PX)
    grant_id = kid.source.device.extra["grant_id"]  # type: ignore[union-attr]
    payer.change_grant(grant_id)
    save(parent, out, "payer-change-limits")
    shoot_windows(payer, world, grant_id, out, parent)
    parent.resize(PHONE_PX)
    settle()
    bar = payer.form.scroll_area.verticalScrollBar()
    bar.setValue(bar.maximum())
    save(parent, out, "payer-grant-windows-phone")
    parent.resize(PAYER_SIZE_PX)
    payer.go_home()
    payer.stack.setCurrentWidget(payer.settings_page)
    save(parent, out, "payer-settings")
    account = payer.settings_page.account
    payer.settings_page.scroll_area.ensureWidgetVisible(account.everywhere)
    save(parent, out, "payer-settings-account")
    wait_until(lambda: len(payer.settings_page.devices.rows) >= 2)
    settings_bar = payer.settings_page.scroll_area.verticalScrollBar()
    settings_bar.setValue(settings_bar.maximum())
    save(parent, out, "payer-settings-devices")
    account.confirm_sign_out_everywhere()
    assert account.dialog is not None
    save_with_dialog(parent, account.dialog, out, "payer-sign-out-everywhere-confirm")
    account.dialog.reject()
    payer.go_home()
    payer.confirm_revoke(grant_id)
    dialog = payer.dialog
    assert dialog is not None
    save_with_dialog(parent, dialog, out, "payer-revoke-confirm")
    dialog.accept()
    wait_until(lambda: kid.stack.currentWidget() is kid.ended_page)
    tablet.resize(PORTRAIT_PX)
    save(tablet, out, "delegate-revoked")

    shoot_seeded_tablets(world, server, tmp, out)
    for window in (parent, tablet):
        window.shutdown()
        window.close()


def seeded_tablet(world: dict, folder: Path, token: str, size: QSize) -> WalletWindow:
    """A tablet paired before: the seeded device file and a session (maybe refused)."""
    from wallet_app.settings import DataFolder

    data = DataFolder(folder)
    data.device_path.write_bytes(Path(world["delegate"]["device"]).read_bytes())
    data.device_path.chmod(0o600)
    data.write_private(data.session_path, {"token": token, "name": "lily"})
    window = WalletWindow(AppConfig(data_dir=data.path, server_url=world["server_url"],
                                    role="delegate"))
    window.resize(size)
    window.show()
    window.start()
    return window


def shoot_seeded_tablets(world: dict, server: ServerProcess, tmp: Path, out: Path) -> None:
    """Offline (the server stopped), then a session the server refuses."""
    tablet = seeded_tablet(world, tmp / "tablet2", world["delegate"]["token"], PORTRAIT_PX)
    kid = tablet.delegate
    assert kid is not None
    wait_until(lambda: kid.online)
    settle(0.5)
    server.stop()
    wait_until(lambda: not kid.online)
    save(tablet, out, "delegate-offline")
    server.start()
    refused = seeded_tablet(world, tmp / "tablet3", "expired", NARROW_PX)
    kid3 = refused.delegate
    assert kid3 is not None
    wait_until(lambda: kid3.code_screen.sign_in_button.isVisible())
    save(refused, out, "delegate-signed-out")
    for window in (tablet, refused):
        window.shutdown()
        window.close()


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "assets" / "screenshots"))
