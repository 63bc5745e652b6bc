"""A shop's till writes markup into the parent's desktop notification. The wallet shows
its notices in the system tray too, and on Linux a tray message goes to the desktop's
notification service (org.freedesktop.Notifications), which reads the body as markup where
it can (KDE, GNOME, LXQt: links, bold, images). An item's name may hold "<" and "&"
(it must only be one line, docs/security.md row 75), and every purchase now names its
items to the parent, so a till could send "<a href=…>Refund ¥60.00 here</a>" as a link in
the parent's notification. The text a tray message carries is plain: markup's characters
are given as their full-width look-alikes, which no notification service reads as markup.

The test is the till's attack on a real server and a real wallet; the tray is the only
stand-in (this machine has no desktop): a QSystemTrayIcon that records what it is given."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QSystemTrayIcon
from pytestqt.qtbot import QtBot

from kinpay import schemas
from kinpay.client import Client
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS
from tests.wallet.test_left_out_named import family_watching

pytestmark = [pytest.mark.gui,
              pytest.mark.skipif(not sys.platform.startswith("linux"),
                                 reason="the tray reads markup on Linux desktops only")]

LURE = '<b>Refund</b><a href="x.io">tap</a> & go'  # 40 characters: shown whole


class RecordingTray(QSystemTrayIcon):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[tuple[str, str]] = []

    def showMessage(self, title: str, msg: str, *args: Any) -> None:  # type: ignore[override]
        self.messages.append((title, msg))


def test_a_tills_markup_reaches_the_parents_tray_as_plain_text(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = sqlite_world
    kid, payer, notices = family_watching(qtbot, make_window, world, tmp_path)
    tray = RecordingTray()
    payer.notifier._tray = tray
    monkeypatch.setattr(QSystemTrayIcon, "supportsMessages", staticmethod(lambda: True))
    assert kid.source is not None and kid.source.frame is not None
    with Client(world["server_url"], token=world["merchant"]["api_key"]) as till:
        paid, _ = till.pay(kid.source.frame.code, 600, "CNY",
                           items=[schemas.Item(name=LURE, unit_amount=600)],
                           idempotency_key="tray-markup-1")
    assert paid.status == "approved"
    qtbot.waitUntil(lambda: bool(tray.messages), timeout=WAIT_MS)
    title, body = tray.messages[-1]
    for mark in "<>&":
        assert mark not in title + body, (title, body)
    # The name still reads, as its look-alikes.
    assert body.endswith(" · for ＜b＞Refund＜/b＞＜a href=\"x.io\"＞tap＜/a＞ ＆ go"), body
    # The wallet's own notice is plain text already (a QLabel in PlainText): as it came.
    assert notices[-1][1].endswith(" · for " + LURE)
