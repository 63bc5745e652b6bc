"""Every window of both apps in 简体中文 and 繁體中文, on a real server: no English left.

The terminal: the sale, charging, the approved and declined cards (real payments), the
receipt, today's sales, the refund, the settings, the end-of-day report and the manager's
PIN. The wallet: sign-in and its settings, the payer's home, the grant form, activity,
settings, the pairing code, stopping a grant and the demo top-up. The child's tablet: the
code screen, offline (a server that does not answer) and revoked. Then the receipt's and
report's own text, and the PDF's font.
"""

from __future__ import annotations

import random
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from kinpay import schemas
from kinpay.client import Client, new_idempotency_key
from kinpay.money import currencies
from tests.i18n.texts import english, shown
from tests.pos.test_split_terminal import block_snacks

pytestmark = pytest.mark.gui
LANGS = ("zh_CN", "zh_TW")
WAIT_MS = 15_000
KID_PASSWORD = "sam-likes-books"


def allowed(world: dict[str, Any]) -> set[str]:
    """Names from the data (people, the shop), and the currency codes the form offers."""
    names = {world["payer"]["name"], world["delegate"]["name"], world["merchant"]["name"],
             *world.get("kids", ())}
    words = {w for n in names for w in n.split()} | {n[:1].upper() + n[1:] for n in names}
    return words | set(currencies())


def check(top: QWidget, world: dict[str, Any], where: str) -> None:
    QApplication.processEvents()
    texts = shown(top)
    assert texts, where
    assert english(texts, allowed(world)) == [], f"English on {where}"


def tablet_code(world: dict[str, Any]) -> str:
    from kinpay.device import Device

    # One device for the module, so that every code is a fresh one (its counter moves on).
    device = world.setdefault("device", Device.load(Path(world["delegate"]["device"])))
    now = int(time.time())
    device.bump(now)
    return device.code_at(now)


@pytest.mark.parametrize("lang", LANGS)
def test_terminal_speaks_only_chinese(lang: str, speak: Callable[[str], None], qtbot: QtBot,
                                      tmp_path: Path, world: dict[str, Any]) -> None:
    from pos_app.app import MainWindow
    from pos_app.core import catalogue, pin
    from pos_app.settings import Settings

    speak(lang)
    settings = Settings(server_url=world["server_url"],
                        terminal_id=world["merchant"]["terminal_id"],
                        api_key=world["merchant"]["api_key"], camera="0",
                        merchant=world["merchant"]["name"], timeout_s=2.0, language=lang)
    window = MainWindow(data_dir=tmp_path / "pos", settings=settings,
                        catalogue=catalogue.load(), camera_factory=None, tick_ms=250)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.start()
    try:
        qtbot.waitUntil(lambda: window.online is True, timeout=WAIT_MS)
        check(window, world, "the sale screen")
        window.set_mode(1)  # the products, in this language's names
        window.add_product(window.catalogue.find("Apple"))
        check(window, world, "the sale with items")
        window.cancel()
        window.set_mode(0)
        for key in "350":
            window.press(key)
        check(window, world, "the amount typed")
        code = tablet_code(world)
        window.charge()
        check(window, world, "waiting for the code")
        window.submit_code(code)
        qtbot.waitUntil(lambda: window.state == "result", timeout=WAIT_MS)
        assert window.result.kind == "approved", window.result.detail.text()
        check(window, world, "the approved card")
        window.on_action("receipt")
        assert window.dialog is not None
        check(window.dialog, world, "the receipt")
        window.dialog.close()
        check_receipt(window, world, lang, tmp_path)
        window.on_action("new")
        for key in "350":
            window.press(key)
        window.charge()
        window.submit_code(code)  # the same code again: declined, code_used
        qtbot.waitUntil(lambda: window.state == "result", timeout=WAIT_MS)
        assert window.result.kind == "declined"
        check(window, world, "the declined card")
        check_ask(qtbot, window, world)
        split_key = check_split(qtbot, window, world)
        window.refund_dialog(split_key)
        assert window.dialog is not None
        screen = window.dialog.property("screen")
        assert screen.selected().key == split_key and screen.other.isVisible()
        check(window.dialog, world, "the refund of a split sale")
        screen.amount.setText("1.00")
        screen.other.setText("2.00")
        screen.request(False)  # the question before a split refund, tender by tender
        assert screen.asked is not None
        check(window.dialog, world, "the split refund's question")
        window.dialog.close()
        window.on_action("new")
        for open_screen, name in ((window.open_history, "today's sales"),
                                  (window.open_refund, "the refund"),
                                  (window.open_settings, "the settings"),
                                  (window.open_report, "the end-of-day report")):
            open_screen()
            assert window.dialog is not None, name
            check(window.dialog, world, name)
            window.dialog.close()
        check_report(window, world, lang, tmp_path)
        window.settings.manager_pin_hash = pin.hash_pin("2468")
        window.open_settings()
        assert window.dialog is not None and window.dialog.objectName() == "pin"
        check(window.dialog, world, "the manager PIN")
        window.dialog.close()
        check_refusals(window, world)
    finally:
        window.shutdown()


def check_refusals(window: Any, world: dict[str, Any]) -> None:
    """Codes the terminal itself won't take, typed after Charge: the reason is in the
    terminal's language (it was the parser's English: "…：The numeric code has a typo
    (check digit)")."""
    from kinpay.device import Device

    device = Device.load(Path(world["delegate"]["device"]))
    digits = device.numeric_at(int(time.time()))
    typo = digits[:-1] + str((int(digits[-1]) + 1) % 10)  # a wrong check digit
    for key in "350":
        window.press(key)
    window.charge()
    for typed, where in ((typo, "a numeric code with a typo"),
                         (digits[:-2], "a numeric code two digits short"),
                         ("KP1:NOT-A-CODE", "a text that is no code")):
        window.code_input.setText(typed)
        window.submit_typed()
        assert window.state == "waiting", where
        check(window, world, where)
    window.cancel()


def payer_answers(world: dict[str, Any], allow: bool) -> Callable[[], bool]:
    """The payer's side, through the API as the wallet answers: the newest pending
    question answered; True once it is."""
    def answer() -> bool:
        with Client(world["server_url"], token=world["payer"]["token"]) as payer:
            pending = [a for a in payer.approvals() if a.status == "pending"]
            if not pending:
                return False
            payer.answer_approval(pending[0].id, allow=allow)
            return True
    return answer


def check_ask(qtbot: QtBot, window: Any, world: dict[str, Any]) -> None:
    """Over the seeded ¥50 a payment: the decline offers "Ask <payer>", the asking card
    counts down, and the payer's no closes it."""
    window.on_action("new")
    for key in "6000":
        window.press(key)
    window.charge()
    window.submit_code(tablet_code(world))
    qtbot.waitUntil(lambda: window.state == "result", timeout=WAIT_MS)
    assert window.result.kind == "declined", window.result.detail.text()
    assert window.result.buttons["ask"].isVisibleTo(window.result)
    check(window, world, "the declined card offering to ask")
    window.on_action("ask")
    card = window.ask_card
    qtbot.waitUntil(lambda: card.isVisible() and ":" in card.countdown.text(), timeout=WAIT_MS)
    check(window, world, "asking the payer")
    qtbot.waitUntil(payer_answers(world, allow=False), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.state == "result", timeout=WAIT_MS)
    assert window.result.kind == "ask_closed"
    check(window, world, "the payer said no")
    window.on_action("new")


def check_split(qtbot: QtBot, window: Any, world: dict[str, Any]) -> str:
    """Apple and a chocolate bar, snacks blocked for the child: the split card with its ✓/✗
    items and every way on, then the rest in cash and the approved card's tenders (a child's
    beer is never offered in cash: tests/pos/test_split_for_a_child.py). Gives the sale's
    key."""
    block_snacks(world)
    window.set_mode(1)
    for name in ("Apple", "Chocolate bar"):
        window.add_product(window.catalogue.find(name))
    window.charge()
    window.submit_code(tablet_code(world))
    card = window.split
    qtbot.waitUntil(card.isVisible, timeout=WAIT_MS)
    assert all(card.buttons[n].isVisible() for n in card.NAMES)
    assert "✗" in card.items.text() and "✓" in card.items.text()
    check(window, world, "the split card")
    key = str(window.shown.key)
    qtbot.mouseClick(card.buttons["cash"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.result.isVisible(), timeout=WAIT_MS)
    assert window.result.kind == "approved"
    assert "·" in window.result.detail.text()  # the tenders: the allowance's, the cash
    check(window, world, "the approved card with tenders")
    window.on_action("new")
    window.set_mode(0)
    return key


SAID = {  # what the receipt and the report say, in each language's own words
    "zh_CN": {"status": "支付成功", "total": "合计", "summary": "汇总", "font": b"SansCJKsc",
              "cash": "支付方式：现金"},
    "zh_TW": {"status": "付款成功", "total": "合計", "summary": "彙總", "font": b"SansCJKtc",
              "cash": "付款方式：現金"},
}


def pdf_fonts(path: Path) -> set[bytes]:
    return set(re.findall(rb"/BaseFont\s*/([A-Za-z0-9+\-]+)", path.read_bytes()))


def check_receipt(window: Any, world: dict[str, Any], lang: str, tmp_path: Path) -> None:
    """The receipt's own text, and its PDF with the language's CJK font embedded."""
    from pos_app import receipt

    data = receipt.receipt_of(window.store.get(window.shown.key), window.settings.merchant,
                              window.settings.terminal_id)
    assert data.status == SAID[lang]["status"]
    words = [data.status, data.parties, data.detail, *(left for left, _ in data.lines)]
    assert english(words, allowed(world)) == []
    pdf = receipt.save_pdf(data, tmp_path / "receipt.pdf")
    assert any(SAID[lang]["font"] in font for font in pdf_fonts(pdf)), pdf_fonts(pdf)


def check_report(window: Any, world: dict[str, Any], lang: str, tmp_path: Path) -> None:
    """The end-of-day report's rows, CSV summary and PDF in the language."""
    from pos_app import report

    data = report.compute(window.store, "CNY")
    rows = report.summary_rows(data)
    assert english([label for label, _, _ in rows], allowed(world)) == []
    assert SAID[lang]["cash"] in [label for label, _, _ in rows]  # the split sale's tender
    text = report.write_csv(data, tmp_path / "day.csv").read_text(encoding="utf-8")
    assert SAID[lang]["summary"] in text
    pdf = report.save_pdf(data, window.settings.merchant, tmp_path / "day.pdf")
    assert any(SAID[lang]["font"] in font for font in pdf_fonts(pdf)), pdf_fonts(pdf)


def _sign_in(qtbot: QtBot, window: Any, who: dict[str, Any], role: str) -> None:
    page = window.sign_in
    qtbot.mouseClick(page.delegate if role == "delegate" else page.payer,
                     Qt.MouseButton.LeftButton)
    page.name.setText(who["name"])
    page.password.setText(who["password"])
    qtbot.mouseClick(page.sign_in, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("lang", LANGS)
def test_wallet_and_tablet_speak_only_chinese(lang: str, speak: Callable[[str], None],
                                              qtbot: QtBot, qapp: QApplication,
                                              tmp_path: Path, world: dict[str, Any]) -> None:
    from wallet_app import style
    from wallet_app.app import AppConfig, WalletWindow
    from wallet_app.payer.dialogs import ConfirmRevoke, TopUpDialog
    from wallet_app.settings import DataFolder

    speak(lang)
    style.apply(qapp)
    made: list[Any] = []

    def window_for(name: str, role: str, server_url: str) -> Any:
        w = WalletWindow(AppConfig(data_dir=tmp_path / name, server_url=server_url, role=role))
        qtbot.addWidget(w)
        w.show()
        w.start()
        made.append(w)
        return w

    try:
        payer_window = window_for("payer", "payer", world["server_url"])
        check(payer_window, world, "sign-in")
        payer_window._open_settings()
        check(payer_window, world, "the settings before sign-in")
        payer_window.stack.setCurrentWidget(payer_window.sign_in)
        # The seeded session, as the sign-in would give it (a password check costs seconds).
        payer_window.open_payer(world["payer"]["token"], world["payer"]["name"])
        qtbot.waitUntil(lambda: payer_window.payer is not None
                        and bool(payer_window.payer.home.grant_cards), timeout=WAIT_MS)
        shell = payer_window.payer
        check(payer_window, world, "the payer's home")
        with Client(world["server_url"], token=world["merchant"]["api_key"]) as shop:
            shop.pay(tablet_code(world), 120, "CNY", idempotency_key=new_idempotency_key())
        shell.show_activity()
        qtbot.waitUntil(lambda: bool(shell.activity.lines), timeout=WAIT_MS)
        check(payer_window, world, "activity")
        check_question(qtbot, payer_window, shell, world)
        check_lockout(qtbot, payer_window, shell, world)
        shell.new_grant()
        shell.form.windows_on.setChecked(True)
        check(payer_window, world, "the grant form")
        shell.form.submit()  # no child's name: the form says what is missing
        check(payer_window, world, "the grant form's errors")
        shell.stack.setCurrentWidget(shell.settings_page)
        check(payer_window, world, "the payer's settings")
        grant_id = world["grant"]["id"]
        shell.new_pairing(grant_id)
        qtbot.waitUntil(lambda: shell.stack.currentWidget() is shell.pairing, timeout=WAIT_MS)
        check(payer_window, world, "the pairing code")
        grant = shell.session.grant_named(grant_id)
        assert grant is not None
        for dialog, name in ((ConfirmRevoke(grant, payer_window), "stopping a grant"),
                             (TopUpDialog("CNY", 10**7, payer_window), "the demo top-up")):
            dialog.show()
            check(dialog, world, name)
            dialog.close()

        away = DataFolder(tmp_path / "tablet-offline")
        shutil.copy(world["delegate"]["device"], away.device_path)
        away.write_private(away.session_path, {"token": world["delegate"]["token"],
                                               "name": world["delegate"]["name"]})
        offline = window_for("tablet-offline", "delegate", "http://127.0.0.1:9")
        qtbot.waitUntil(lambda: offline.delegate.code_screen.status.text() != "",
                        timeout=WAIT_MS)
        check(offline, world, "the tablet offline")

        # A child of its own for this test: signs up, is shown pairing, is given spending
        # money and pairs, then the parent stops it.
        kid = "sam" + lang[-2:].lower()
        world.setdefault("kids", []).append(kid)
        url = world["server_url"]
        with Client(url) as c:
            c.sign_up(kid, KID_PASSWORD, "delegate")
        unpaired = window_for("unpaired", "delegate", url)
        _sign_in(qtbot, unpaired, {"name": kid, "password": KID_PASSWORD}, "delegate")
        qtbot.waitUntil(lambda: unpaired.delegate is not None
                        and unpaired.delegate.stack.currentWidget() is unpaired.delegate.pair_page,
                        timeout=WAIT_MS)
        check(unpaired, world, "pairing a tablet")
        with Client(url, token=world["payer"]["token"]) as parent:
            made_grant = parent.create_grant(schemas.GrantCreate.model_validate({
                "delegate": kid, "currency": "CNY", "offline_cap": 2000,
                "blocked_categories": ["alcohol"],
                "limits": {"per_payment": 5000, "daily": 10000, "monthly": 100000}}))
        kid_token = unpaired.delegate.token  # the session the sign-in just made
        assert kid_token
        with Client(url, token=kid_token) as c:
            device = c.pair(made_grant.pairing_code)
        own = DataFolder(tmp_path / "tablet-own")
        device.save(own.device_path)
        own.write_private(own.session_path, {"token": kid_token, "name": kid})
        stopped = window_for("tablet-own", "delegate", url)
        kid_shell = stopped.delegate
        qtbot.waitUntil(lambda: kid_shell.stack.currentWidget() is kid_shell.code_screen
                        and "●" in kid_shell.code_screen.status.text(), timeout=WAIT_MS)
        check(stopped, world, "the code screen")
        check_kid_asking(qtbot, stopped, world, device, made_grant.id)
        check_kid_split(qtbot, stopped, world, device, lang)
        kid_shell.stack.setCurrentWidget(kid_shell.code_screen)
        with Client(url, token=world["payer"]["token"]) as parent:
            parent.revoke_grant(made_grant.id)
        qtbot.waitUntil(lambda: kid_shell.stack.currentWidget() is kid_shell.ended_page,
                        timeout=WAIT_MS)
        check(stopped, world, "the tablet revoked")
    finally:
        for w in made:
            w.shutdown()


def fresh_code(device: Any) -> str:
    now = int(time.time())
    device.bump(now)
    return str(device.code_at(now))


def ask_over_the_limit(world: dict[str, Any], code: str) -> schemas.Approval:
    """A till's sale over ¥50 a payment, declined, then asked about."""
    with Client(world["server_url"], token=world["merchant"]["api_key"]) as till:
        declined, _ = till.pay(code, 6000, "CNY", idempotency_key=new_idempotency_key())
        assert declined.decline_code == "limit_per_payment" and declined.askable
        return till.ask(declined.id)


def check_question(qtbot: QtBot, window: Any, shell: Any, world: dict[str, Any]) -> None:
    """The question from the till on the payer's wallet (Allow this once / Say no), then
    "Say no" and the activity's lines for the question and its answer."""
    asked = ask_over_the_limit(world, tablet_code(world))
    panel = shell.approvals.panel
    qtbot.waitUntil(lambda: asked.id in panel.cards, timeout=WAIT_MS)
    card = panel.cards[asked.id]
    assert card.isVisibleTo(window) and card.allow.isVisibleTo(window)
    check(window, world, "the question from the till")
    with qtbot.waitSignal(shell.approvals.changed, timeout=WAIT_MS):
        qtbot.mouseClick(card.refuse, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: asked.id not in panel.cards, timeout=WAIT_MS)
    shell.show_activity()
    qtbot.waitUntil(lambda: any(line.key == f"approval:{asked.id}:answer"
                                for line in shell.activity.lines), timeout=WAIT_MS)
    check(window, world, "the question and its answer in the activity")


def check_lockout(qtbot: QtBot, window: Any, shell: Any, world: dict[str, Any]) -> None:
    """Wrong typed codes at a till until the server switches the typed code off: the grant
    card's note and its button, the activity's line. Once for the module: a terminal may
    try 5 wrong typed codes in 5 minutes, and the lockout lasts 12 hours, so the second
    language's window finds it as the payer would on opening the wallet."""
    from kinpay.device import Device
    from server_stub.limits import DEVICE_NUMERIC
    from tests.wallet.test_numeric_lock import wrong_number

    grant_id = world["grant"]["id"]
    if not world.get("typed_code_locked"):
        device_no = Device.load(Path(world["delegate"]["device"])).device_no
        rng = random.Random(15)
        with Client(world["server_url"], token=world["merchant"]["api_key"]) as till:
            answers = [till.pay(wrong_number(device_no, rng), 100, "CNY",
                                idempotency_key=new_idempotency_key())[0]
                       for _ in range(DEVICE_NUMERIC.limit)]
        assert [a.decline_code for a in answers] == ["code_invalid"] * DEVICE_NUMERIC.limit
        world["typed_code_locked"] = True
    with Client(world["server_url"], token=world["payer"]["token"]) as payer:
        assert payer.grant(grant_id).numeric_locked_until is not None
    qtbot.waitUntil(lambda: shell.home.grant_cards[grant_id].unlock is not None,
                    timeout=WAIT_MS)
    shell.show_activity()
    qtbot.waitUntil(lambda: any(line.key.startswith("device:")
                                for line in shell.activity.lines), timeout=WAIT_MS)
    check(window, world, "the typed code switched off, in the activity")
    shell.stack.setCurrentWidget(shell.home)
    card = shell.home.grant_cards[grant_id]
    assert card.unlock is not None and card.unlock.isVisibleTo(window)
    check(window, world, "the grant card with the typed code off")


def check_kid_asking(qtbot: QtBot, window: Any, world: dict[str, Any], device: Any,
                     grant_id: str) -> None:
    """The child's tablet while the shop asks the parent, and after the parent's no."""
    kid_shell = window.delegate
    asked = ask_over_the_limit(world, fresh_code(device))
    assert asked.grant_id == grant_id
    banner = kid_shell.asking
    qtbot.waitUntil(lambda: banner.isVisible() and banner.left.isVisible()
                    and ":" in banner.left.text(), timeout=WAIT_MS)
    check(window, world, "the tablet asking the parent")
    with Client(world["server_url"], token=world["payer"]["token"]) as payer:
        payer.answer_approval(asked.id, allow=False)
    qtbot.waitUntil(lambda: not banner.left.isVisible(), timeout=WAIT_MS)
    check(window, world, "the tablet told the parent's no")


ITEMS = {"zh_CN": ("苹果", "啤酒"), "zh_TW": ("蘋果", "啤酒")}  # as that language's till sends them


def check_kid_split(qtbot: QtBot, window: Any, world: dict[str, Any], device: Any,
                    lang: str) -> None:
    """A basket with a blocked item, paid in part by the allowance: the child's purchase
    line says what it paid for and that the rest was paid another way."""
    kid_shell = window.delegate
    apple, beer = ITEMS[lang]
    items = [schemas.Item(name=apple, unit_amount=280, category="grocery"),
             schemas.Item(name=beer, unit_amount=700, category="alcohol")]
    with Client(world["server_url"], token=world["merchant"]["api_key"]) as till:
        paid, _ = till.pay(fresh_code(device), 980, "CNY", items=items, partial=True,
                           idempotency_key=new_idempotency_key())
    assert (paid.status, paid.amount) == ("approved", 280)
    kid_shell.stack.setCurrentWidget(kid_shell.purchases_page)
    page = kid_shell.purchases_page
    qtbot.waitUntil(lambda: any(apple in label.text() and "·" in label.text()
                                for label in page.findChildren(QLabel)), timeout=WAIT_MS)
    check(window, world, "my purchases with a split one")
    kid_shell.stack.setCurrentWidget(kid_shell.code_screen)
