"""Live at a 724-px till (the demo on a 1024x768 screen), in English: an offline payment
declined on upload put its banner over the sale while the "Approved offline" card was up;
after Seen the sale stayed squeezed (no TOTAL, the tabs 75 px higher, the keys taller) until
the window was resized. The 7 key sat where the Amount tab had been: a tap on Amount typed
7, and a ¥1.00 sale went out as ¥71.00. Once the banner is gone, every tab and key is back
where it was before it came, and a card over the camera view moves none of them."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from tests.pos.conftest import settle

pytestmark = pytest.mark.gui


def places(window: Any) -> dict[str, tuple[int, int, int, int]]:
    """Where the sale's tabs, keys and Charge are in the window."""
    widgets = [window.parts.mode_amount, window.parts.mode_items,
               *window.keypad.buttons.values(), window.charge_button]
    return {w.objectName(): QRect(w.mapTo(window, w.rect().topLeft()), w.size()).getRect()
            for w in widgets}


def declined_row(key: str) -> Any:
    from pos_app.core.store import SaleRow

    return SaleRow(seq=1, key=key, created_at=0, code="sha256:x", amount=1900,
                   currency="CNY", items=[], reference=None, offline=True,
                   status="declined", decline_code="limit_daily", delegate="lily")


@pytest.mark.parametrize("width", [724, 1024])
def test_after_the_banner_the_keys_are_where_they_were(till: Any, width: int) -> None:
    from pos_app.core.settle import Outcome

    window = till(width, 736)
    empty = places(window)
    for ch in "1900":
        QTest.keyClick(window, ch)
    settle()
    assert places(window) == empty  # the amount typed moves nothing
    window.state = "result"  # as the offline checker answers: its card over the camera
    window.show_result(Outcome("offline_approved", "k" * 32, 1900, "CNY"))
    settle()
    assert places(window) == empty, "a card over the camera view moved the keys"
    window.on_upload_declined([declined_row("d" * 32)])
    settle()
    assert window.banner.isVisible()
    window.banner.findChild(QPushButton, "banner_ok").click()  # Seen
    settle()
    assert not window.banner.isVisible()
    assert places(window) == empty, "the sale stayed squeezed after Seen"
    QTest.keyClick(window, Qt.Key.Key_Return)  # the card's New sale
    settle()
    assert window.state == "entry"
    assert places(window) == empty
