"""Live 33 §13 (ze63card): three offline payments declined on upload opened a tall red
banner over the sale; the result card under it ("Declined by the server", its four lines
of why) no longer fitted the camera view, and its last line, "the family to pay it.", was
cut off under New sale. With the banner open, at the tills' sizes and in each language,
every line of the card's words is inside the card, above its buttons, and the card is
inside the camera view."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect

from tests.pos.conftest import settle
from tests.pos.test_banner_moves_nothing import declined_row
from tests.pos.test_layout import (
    language,  # noqa: F401 - a fixture
    resize,
)

pytestmark = pytest.mark.gui

SIZES = [(1366, 768), (1024, 736)]  # the live till, and the README's panel


def in_card(card: Any, widget: Any) -> QRect:
    return QRect(widget.mapTo(card, widget.rect().topLeft()), widget.size())


def card_problems(card: Any) -> list[str]:
    """What of the card's words is cut: a label shorter than its words at its width, a
    label past the card's edge or under a button, the card past the camera view."""
    out = []
    buttons = [in_card(card, b) for b in card.buttons.values() if b.isVisible()]
    top_of_buttons = min(r.top() for r in buttons)
    for label in (card.title, card.amount, card.who, card.detail):
        if not label.isVisible() or not label.text():
            continue
        where = in_card(card, label)
        need = label.heightForWidth(label.width())
        need = max(need, label.sizeHint().height()) if need < 0 else need
        if label.height() < need:
            out.append(f"{label.objectName()}: {label.height()} px for {need} px of words")
        if not card.contentsRect().contains(where):
            out.append(f"{label.objectName()} past the card's edge")
        if where.bottom() >= top_of_buttons:
            out.append(f"{label.objectName()} under the buttons")
    if not card.parentWidget().rect().contains(card.geometry()):
        out.append("the card past the camera view")
    return out


@pytest.mark.parametrize("lang", ["en", "zh_CN", "zh_TW"])
def test_the_declined_card_is_whole_under_the_banner(
        lang: str, language: Callable[[str], None],  # noqa: F811 - the fixture
        terminal: Any, qtbot: Any) -> None:
    from pos_app.core.settle import Outcome

    language(lang)
    window = terminal()
    for n, (width, height) in enumerate(SIZES):
        resize(qtbot, window, width, height)
        key = f"{n}" * 32
        window.state = "result"  # as the offline checker answers: its card over the camera
        window.show_result(Outcome("offline_approved", key, 1400, "CNY"))
        settle()
        # Three offline payments declined on upload, the last the one on the card (live).
        rows = [replace(declined_row(k * 32), amount=amount, decline_code=code)
                for k, amount, code in (("a", 500, "category_blocked"),
                                        ("b", 900, "limit_daily"), (f"{n}", 1400, "limit_daily"))]
        window.on_upload_declined(rows)
        settle()
        assert window.banner.isVisible() and window.result.kind == "unpaid"
        assert card_problems(window.result) == [], (lang, width, height)
        if os.environ.get("KINPAY_SHOTS_DIR"):
            window.grab().save(str(Path(os.environ["KINPAY_SHOTS_DIR"])
                                   / f"unpaid-{lang}-{width}x{height}.png"))
        window.banner._ok()
        window.on_action("new")
        settle()
