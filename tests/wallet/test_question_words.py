"""The parent's question reads as Chinese in Chinese. Found live in the demo (简体中文):
a question over two limits said "超出单笔限额 ¥10.00; 超出每日限额 ¥47.50", the reasons
joined by an English semicolon in the card, the notice and the activity line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kinpay import l10n, schemas
from kinpay.client import Client, new_idempotency_key
from scripts import translations
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, create_grant, delegate_paired, payer_signed_in
from wallet_app import i18n

pytestmark = pytest.mark.gui


@pytest.fixture
def chinese(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    """The wallet in 简体中文, from .qm files built now from the committed sources."""
    translations.release(out=tmp_path, force=True)
    assert i18n.install(qapp, "zh_CN", folder=tmp_path)
    yield
    i18n.install(qapp, "en", folder=tmp_path)
    l10n.set_language("en")


def test_two_reasons_are_joined_with_a_chinese_semicolon(
    qtbot: QtBot, chinese: None, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    url = sqlite_world["server_url"]
    parent = make_window("payer", server_url=url, role="payer")
    payer = payer_signed_in(qtbot, parent, sqlite_world)
    pairing_code = create_grant(qtbot, payer, "lily")  # ¥50.00 a payment, ¥100.00 a day
    tablet = make_window("tablet", server_url=url, role="delegate")
    kid = delegate_paired(qtbot, tablet, sqlite_world, pairing_code)
    qtbot.waitUntil(lambda: kid.online, timeout=WAIT_MS)
    with Client(url, token=sqlite_world["merchant"]["api_key"]) as till:
        for amount in (5_000, 4_000, 6_000):  # ¥90.00 spent, then ¥60.00: over both
            assert kid.source is not None and kid.source.frame is not None
            code = kid.source.frame.code
            payment, _ = till.pay(code, amount, "CNY", idempotency_key=new_idempotency_key())
            kid.new_code()
            qtbot.waitUntil(lambda c=code: kid.source.frame.code != c, timeout=WAIT_MS)
        assert payment.decline_code == "limit_per_payment"
        asked = till.ask(payment.id)
    qtbot.waitUntil(lambda: asked.id in payer.approvals.panel.cards, timeout=WAIT_MS)
    why = payer.approvals.panel.cards[asked.id].why.text()
    # "比…多 ¥10.00" (more than the limit by): "超出单笔限额 ¥10.00" read as "over the
    # per-payment limit of ¥10.00" to a parent whose limit was ¥50.00.
    assert why == "比单笔限额多 ¥10.00；付了这笔，今天会比今日限额多 ¥50.00"


def test_the_things_asked_for_are_listed_with_a_chinese_comma(
    qtbot: QtBot, chinese: None, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    """The question card listed the basket as "面包卷, 牛奶": an English comma between
    Chinese names. The language's own separator now: 、."""
    url = sqlite_world["server_url"]
    parent = make_window("payer", server_url=url, role="payer")
    payer = payer_signed_in(qtbot, parent, sqlite_world)
    pairing_code = create_grant(qtbot, payer, "lily")  # ¥50.00 a payment
    tablet = make_window("tablet", server_url=url, role="delegate")
    kid = delegate_paired(qtbot, tablet, sqlite_world, pairing_code)
    qtbot.waitUntil(lambda: kid.online, timeout=WAIT_MS)
    assert kid.source is not None and kid.source.frame is not None
    basket = [schemas.Item(name="面包卷", quantity=1, unit_amount=3_500, category="grocery"),
              schemas.Item(name="牛奶", quantity=1, unit_amount=2_500, category="grocery")]
    with Client(url, token=sqlite_world["merchant"]["api_key"]) as till:
        payment, _ = till.pay(kid.source.frame.code, 6_000, "CNY",
                              idempotency_key=new_idempotency_key(), items=basket)
        assert payment.decline_code == "limit_per_payment"
        asked = till.ask(payment.id)
    qtbot.waitUntil(lambda: asked.id in payer.approvals.panel.cards, timeout=WAIT_MS)
    assert payer.approvals.panel.cards[asked.id].items.text() == "面包卷、牛奶"
