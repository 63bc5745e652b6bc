"""Issue 12 §4, the wallet's side: names a user chose are shown as plain text, and the
wallet's private files are readable by their owner only.

A delegate signs up with a name that is Qt rich text. If any label rendered it as rich
text, it would draw a big green "APPROVED ✔"; the test looks for the name's literal text
and for green pixels in what the real widgets draw.
"""

from __future__ import annotations

import stat
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from kinpay import schemas
from kinpay.client import Client
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, delegate_paired, pay, payer_signed_in, sign_in

pytestmark = pytest.mark.gui
SPOOF = '<b style="color:green">APPROVED ✔</b>'
PASSWORD = "spoofer-password"


def green_pixels(widget: QWidget) -> int:
    """Pixels clearly green (the spoof's colour); the wallet's own palette has none."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    w, h = image.width(), image.height()
    buf = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.bytesPerLine() * h)
    rgb = buf.reshape(h, image.bytesPerLine())[:, : w * 4].reshape(h, w, 4)
    b, g, r = (rgb[..., i].astype(int) for i in range(3))
    return int(((g > 90) & (g > r + 50) & (g > b + 50)).sum())


def spoof_labels(root: QWidget) -> list[QLabel]:
    return [lb for lb in root.findChildren(QLabel) if "APPROVED" in lb.text()]


def check_literal(root: QWidget, expected_min: int) -> None:
    labels = [lb for lb in spoof_labels(root) if lb.isVisibleTo(root)]
    assert len(labels) >= expected_min, [lb.text() for lb in spoof_labels(root)]
    for lb in labels:
        assert SPOOF in lb.text()  # the name itself, not "<B Style=…>" nor stripped
        assert green_pixels(lb) == 0, lb.text()


def test_a_rich_text_name_is_shown_literally(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    url = sqlite_world["server_url"]
    with Client(url) as anyone:
        anyone.sign_up(SPOOF, PASSWORD, "delegate")
    with Client(url, token=sqlite_world["payer"]["token"]) as api:
        created = api.create_grant(schemas.GrantCreate.model_validate({
            "delegate": SPOOF, "limits": {"per_payment": 500, "daily": 1000, "monthly": 5000},
            "offline_cap": 0}))
    parent = make_window("payer", server_url=url, role="payer")
    payer = payer_signed_in(qtbot, parent, sqlite_world)
    qtbot.waitUntil(lambda: created.id in payer.home.grant_cards, timeout=WAIT_MS)
    check_literal(payer.home.grant_cards[created.id], 1)

    tablet = make_window("tablet", server_url=url, role="delegate")
    world = {"delegate": {"name": SPOOF, "password": PASSWORD}}
    sign_in(qtbot, tablet, SPOOF, PASSWORD, "delegate")
    assert tablet.delegate is not None
    check_literal(tablet.delegate.pair_page, 1)
    tablet.sign_out()
    kid = delegate_paired(qtbot, tablet, world, created.pairing_code)
    check_literal(kid.code_screen, 1)
    assert SPOOF in tablet.windowTitle()

    # A declined sale (over ¥5.00): the parent's activity names the child literally.
    assert kid.source is not None
    declined = pay(sqlite_world, kid.source.device.code_at(int(time.time())), 900)
    assert declined.status == "declined"
    qtbot.waitUntil(lambda: any(ln.key == f"payment:{declined.id}"
                                for ln in payer.activity.lines), timeout=WAIT_MS)
    payer.show_activity()
    check_literal(payer.activity, 1)
    assert SPOOF in payer.banner.text.text() or not payer.banner.isVisible()
    check_literal(payer, 1)


def test_private_files_are_owner_only(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any], tmp_path: Path
) -> None:
    url = sqlite_world["server_url"]
    parent = make_window("payer", server_url=url, role="payer")
    payer_signed_in(qtbot, parent, sqlite_world)
    with Client(url, token=sqlite_world["payer"]["token"]) as api:
        code = api.new_pairing(sqlite_world["grant"]["id"]).pairing_code
    tablet = make_window("tablet", server_url=url, role="delegate")
    delegate_paired(qtbot, tablet, sqlite_world, code)
    for window in (parent, tablet):
        window.settings.sync()
        folder = window.folder.path
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        files = sorted(p.name for p in folder.iterdir())
        assert "wallet.ini" in files
        for p in folder.iterdir():
            assert stat.S_IMODE(p.stat().st_mode) == 0o600, (p, oct(p.stat().st_mode))
    assert {"device.json", "session.json", "current-code.json"} <= {
        p.name for p in tablet.folder.path.iterdir()}
