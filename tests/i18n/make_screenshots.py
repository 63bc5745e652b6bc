"""Screenshots of both apps in Chinese, from the real widgets on a real server.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.i18n.make_screenshots [OUT_DIR]

Writes assets/screenshots/pos-zh_CN.png, pos-zh_TW.png, wallet-payer-zh_CN.png,
wallet-payer-zh_TW.png, tablet-zh_TW.png, receipt-zh_TW.png (a receipt page drawn by
the same function as its PDF), pos-ask-zh_TW.png (the till asking the payer) and
wallet-ask-zh_CN.png (the payer's wallet with the till's question), or into OUT_DIR. The
.qm files come from `make setup`.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from kinpay.client import Client, new_idempotency_key
from kinpay.device import Device
from tests.servers import ServerProcess, seed
from tests.wallet.make_screenshots import settle, wait_until

ROOT = Path(__file__).resolve().parents[2]


def speak(app: QApplication, lang: str) -> None:
    from pos_app import i18n as pos_i18n
    from wallet_app import i18n as wallet_i18n

    assert pos_i18n.install(app, lang) and wallet_i18n.install(app, lang), "run make setup"


def shoot_pos(world: dict[str, Any], device: Device, tmp: Path, out: Path, lang: str) -> Any:
    from pos_app.app import MainWindow
    from pos_app.core import catalogue
    from pos_app.settings import Settings

    s = Settings(server_url=world["server_url"], terminal_id=world["merchant"]["terminal_id"],
                 api_key=world["merchant"]["api_key"], camera="0",
                 merchant=world["merchant"]["name"], language=lang)
    window = MainWindow(data_dir=tmp / f"pos-{lang}", settings=s, catalogue=catalogue.load(),
                        camera_factory=None, tick_ms=250)
    window.resize(1366, 768)
    window.show()
    window.start()
    wait_until(lambda: window.online is True)
    window.set_mode(1)
    for name in ("Apple", "Apple", "Milk 250 ml", "Pencil"):
        window.add_product(window.catalogue.find(name))
    window.charge()
    now = int(time.time())
    device.bump(now)
    window.submit_code(device.code_at(now))
    wait_until(lambda: window.state == "result")
    settle(0.5)
    window.grab().save(str(out / f"pos-{lang}.png"))
    print(out / f"pos-{lang}.png")
    return window


def fresh_code(device: Device) -> str:
    now = int(time.time())
    device.bump(now)
    return device.code_at(now)


def shoot_pos_ask(window: Any, device: Device, out: Path, lang: str) -> None:
    """Over the seeded ¥50 a payment: declined, then Enter asks the payer; the asking card
    with its countdown. The question is cancelled afterwards."""
    window.on_action("new")
    window.set_mode(0)
    for key in "6000":
        window.press(key)
    window.charge()
    window.submit_code(fresh_code(device))
    wait_until(lambda: window.state == "result" and window.result.kind == "declined")
    window.on_action("ask")
    wait_until(lambda: window.ask_card.isVisible() and ":" in window.ask_card.countdown.text())
    settle(1.5)
    window.grab().save(str(out / f"pos-ask-{lang}.png"))
    print(out / f"pos-ask-{lang}.png")
    window.cancel_ask()
    wait_until(lambda: window.state == "result")


def shoot_receipt(window: Any, out: Path, lang: str) -> None:
    from pos_app import receipt

    row = window.store.get(window.shown.key)
    data = receipt.receipt_of(row, window.settings.merchant, window.settings.terminal_id)
    scale = 2
    image = QImage(int(receipt.WIDTH_PX) * scale, 900 * scale, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    p.scale(scale, scale)
    height = receipt.paint_receipt(p, data)
    p.end()
    image.copy(0, 0, image.width(), int(height * scale)).save(
        str(out / f"receipt-{lang}.png"))
    print(out / f"receipt-{lang}.png")


def shoot_payer(world: dict[str, Any], device: Device, tmp: Path, out: Path, lang: str,
                *, ask: bool = False) -> None:
    from wallet_app.app import AppConfig, WalletWindow

    parent = WalletWindow(AppConfig(data_dir=tmp / f"payer-{lang}",
                                    server_url=world["server_url"], role="payer"))
    parent.resize(QSize(900, 780))
    parent.show()
    parent.start()
    parent.sign_in.name.setText(world["payer"]["name"])
    parent.sign_in.password.setText(world["payer"]["password"])
    parent.sign_in.sign_in.click()
    wait_until(lambda: parent.payer is not None and bool(parent.payer.home.grant_cards))
    with Client(world["server_url"], token=world["merchant"]["api_key"]) as shop:
        now = int(time.time())
        device.bump(now)
        shop.pay(device.code_at(now), 1250, "CNY", idempotency_key=new_idempotency_key())
    wait_until(lambda: bool(parent.payer.activity.lines))
    parent.payer.session.refresh()
    settle(1.0)
    parent.grab().save(str(out / f"wallet-payer-{lang}.png"))
    print(out / f"wallet-payer-{lang}.png")
    if ask:  # a till asks about a sale over the limit for one payment (¥60.00)
        from kinpay import schemas

        items = [schemas.Item(name="薯片", unit_amount=1200, category="snacks"),
                 schemas.Item(name="彩色铅笔套装", quantity=2, unit_amount=2400,
                              category="stationery")]
        with Client(world["server_url"], token=world["merchant"]["api_key"]) as shop:
            declined, _ = shop.pay(fresh_code(device), 6000, "CNY", items=items,
                                   idempotency_key=new_idempotency_key())
            asked = shop.ask(declined.id)
        cards = parent.payer.approvals.panel.cards
        wait_until(lambda: asked.id in cards)
        settle(1.5)
        parent.grab().save(str(out / f"wallet-ask-{lang}.png"))
        print(out / f"wallet-ask-{lang}.png")
    parent.shutdown()


def shoot_tablet(world: dict[str, Any], tmp: Path, out: Path, lang: str) -> None:
    from wallet_app.app import AppConfig, WalletWindow
    from wallet_app.settings import DataFolder

    folder = DataFolder(tmp / f"tablet-{lang}")
    shutil.copy(world["delegate"]["device"], folder.device_path)
    folder.write_private(folder.session_path, {"token": world["delegate"]["token"],
                                               "name": world["delegate"]["name"]})
    tablet = WalletWindow(AppConfig(data_dir=folder.path, server_url=world["server_url"],
                                    role="delegate"))
    tablet.resize(QSize(800, 1280))
    tablet.show()
    tablet.start()
    kid = tablet.delegate
    wait_until(lambda: kid is not None and kid.online)
    settle(1.0)
    tablet.grab().save(str(out / f"tablet-{lang}.png"))
    print(out / f"tablet-{lang}.png")
    tablet.shutdown()


def main(out: Path) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    from wallet_app import style

    style.apply(app)
    app.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    out.mkdir(parents=True, exist_ok=True)
    for lang in ("zh_CN", "zh_TW"):
        speak(app, lang)
        tmp = Path(tempfile.mkdtemp(prefix=f"kinpay-{lang}-"))
        server = ServerProcess(db=str(tmp / "kinpay.db"), log_path=tmp / "server.log").start()
        try:
            world = seed(server.db, tmp / "devices", server.url)
            world["server_url"] = server.url
            device = Device.load(Path(world["delegate"]["device"]))
            pos = shoot_pos(world, device, tmp, out, lang)
            if lang == "zh_TW":
                shoot_receipt(pos, out, lang)
            shoot_payer(world, device, tmp, out, lang, ask=lang == "zh_CN")
            if lang == "zh_TW":
                shoot_tablet(world, tmp, out, lang)  # before asking: its banner would show
                shoot_pos_ask(pos, device, out, lang)
            pos.shutdown()
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "assets" / "screenshots"))
