"""The parent sees that the password was changed.

Found in live use (the demo's 342×352 parent window): after "Change password" the page
jumped down to "Sign out everywhere" and the devices list, and "Password changed. …" was
above the part of the page in view: the parent had to scroll up to learn it had worked.
The answer is brought into view, whichever way it went. Real server, real widgets."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect
from pytestqt.qtbot import QtBot

from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, parent_signed_in
from tests.wallet.test_stolen_phone import NEW_PASSWORD, click, fill


def _in_view(widget: Any) -> bool:
    """Whether the whole of `widget` is inside its scroll area's visible part."""
    area = widget.parentWidget()
    while area is not None and not hasattr(area, "viewport"):
        area = area.parentWidget()
    assert area is not None
    port = area.viewport()
    top_left = widget.mapTo(port, QPoint(0, 0))
    return QRect(QPoint(0, 0), port.size()).contains(QRect(top_left, widget.size()))


pytestmark = pytest.mark.gui


@pytest.mark.parametrize("wrong", [False, True], ids=["changed", "wrong current"])
def test_the_answer_to_change_password_is_in_view(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any], wrong: bool
) -> None:
    payer = parent_signed_in(qtbot, make_window, sqlite_world, size=(342, 352))
    click(qtbot, payer.tab_buttons["settings"])
    card = payer.settings_page.account
    current = "not the password" if wrong else sqlite_world["payer"]["password"]
    fill(payer, current, NEW_PASSWORD, NEW_PASSWORD)
    payer.settings_page.scroll_area.ensureWidgetVisible(card.change)
    card.change.setFocus()
    click(qtbot, card.change)
    expected = "That is not your current password" if wrong else "Password changed."
    qtbot.waitUntil(lambda: card.message.text().startswith(expected), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: _in_view(card.message), timeout=WAIT_MS)
