"""Live: at a 724-px till (the demo on a 1024x768 screen) the decline card's three buttons
("Ask Mei", "Change the sale", "New sale") lay on each other and Ask ran past the card's
foot, in English and in Chinese; at 1024 px, after one "Mei said no" card, every later
decline card kept a blank band under the names and its Ask button lay over the others.
Every card, one after another as a cashier meets them, at 724 and 1024 px wide, in each
language: no button on another, every button inside its card, the card inside the camera
view, and no line with more room than its words need (no blank band) nor less (cut)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt

from tests.pos.conftest import settle
from tests.pos.test_banner_moves_nothing import declined_row
from tests.pos.test_layout import language  # noqa: F401 - a fixture

pytestmark = pytest.mark.gui


def text_height(label: Any) -> int:
    """The height a wrapped label's words take at its width, measured in its own type
    (not its heightForWidth, which is never less than its minimum height)."""
    margins = label.contentsMargins()
    width = label.width() - margins.left() - margins.right() - 2 * label.margin()
    rect = label.fontMetrics().boundingRect(QRect(0, 0, width, 100_000),
                                            int(Qt.TextFlag.TextWordWrap), label.text())
    return rect.height() + margins.top() + margins.bottom() + 2 * label.margin()


def card_problems(card: Any) -> list[str]:
    out = []
    shown = [b for b in card.buttons.values() if b.isVisible()]
    rects = {b.text(): QRect(b.mapTo(card, b.rect().topLeft()), b.size()) for b in shown}
    names = list(rects)
    out += [f"{a!r} on {b!r}" for i, a in enumerate(names) for b in names[i + 1:]
            if rects[a].intersects(rects[b])]
    out += [f"{n!r} outside the card" for n, r in rects.items() if not card.rect().contains(r)]
    out += [f"{b.text()!r} cut" for b in shown if b.sizeHint().width() > b.width()
            or b.height() < b.minimumSizeHint().height()]
    if not card.parentWidget().rect().contains(card.geometry()):
        out.append("the card outside the camera view")
    need = card.layout().totalMinimumSize().height()
    if card.height() > need + 4:
        out.append(f"the card has a blank band: {card.height()} > {need}")
    for label in (card.who, card.detail):
        if label.isVisible() and label.text():
            need = text_height(label)
            if label.height() < need:
                out.append(f"{label.objectName()} cut: {label.height()} < {need}")
            if label.height() > need + 4:
                out.append(f"{label.objectName()} has a blank band: {label.height()} > {need}")
    return out


@pytest.mark.parametrize("lang", ["en", "zh_CN", "zh_TW"])
def test_decline_cards_one_after_another_fit(lang: str, language: Callable[[str], None],  # noqa: F811
                                             till: Any) -> None:
    from pos_app.core.settle import Outcome
    from pos_app.widgets.ask import ask_label, closed_words

    language(lang)

    def declined(kind: str = "declined", ask: bool = True) -> None:
        card.show_outcome(Outcome(kind, "k", 6000, "CNY", decline_code="limit_per_payment"))
        if ask:
            card.offer("ask", ask_label("mei"))

    def closed() -> None:
        title, detail = closed_words("refused", "mei")
        card.show_closed(title, detail, 6000, "CNY")

    steps: list[tuple[str, Callable[[], None]]] = [
        ("declined", declined), ("said no", closed), ("declined again", declined),
        ("offline declined", lambda: declined("offline_declined", ask=False)),
        ("declined, no ask", lambda: declined(ask=False)), ("declined at last", declined),
        ("approved offline", lambda: card.show_outcome(Outcome("offline_approved", "k", 1900,
                                                               "CNY")))]
    for width, height in [(724, 736), (1024, 736), (1366, 768)]:
        window = till(width, height)
        card = window.result
        window.state = "result"
        for banner in (False, True):  # and under an offline decline's banner
            if banner:
                window.on_upload_declined([declined_row("d" * 32)])
            for name, show in steps:
                show()
                settle()
                assert card_problems(card) == [], (lang, width, banner, name)
        window.shutdown()
