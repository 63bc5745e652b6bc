"""The till whole from 600 px wide: `kinpay demo` on an 800x600 screen gives it 600x568
(kinpay/control.py demo_layout), where the header read "Refunc", "nd of da", "etting",
the asking card "Asking Me" and "Mei gets the question on their" (the rest cut under
Cancel), the split card's lines lay on each other and "Give back" was cut, the categories
read "eer & win", the status note "Offline pay". Every button's and label's words show
whole (tests/pos/whole.py) in each of the till's screens, in English and Chinese, at 600
and 700 px; the shop's name may end with "…", never a button's word."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.pos.conftest import settle
from tests.pos.test_layout import language  # noqa: F401 - a fixture
from tests.pos.whole import not_whole

pytestmark = pytest.mark.gui
SHOTS = os.environ.get("KINPAY_SHOTS_DIR")


def shown(window: Any, state: str, lang: str, root: Any = None) -> list[str]:
    """What `root` (the window) does not show whole, as `state: problem`."""
    settle()
    root = root or window
    if SHOTS:
        root.grab().save(str(Path(SHOTS) / f"{state}-{lang}-{window.width()}.png"))
    return [f"{state}: {problem}" for problem in not_whole(root)]


def split_row() -> Any:
    from pos_app.core.store import SaleRow

    return SaleRow(seq=1, key="k" * 32, created_at=0, code="sha256:x", amount=3950,
                   currency="CNY", items=[], reference=None, offline=False,
                   status="approved", payment_id="p", delegate="lily", payer="mei",
                   partial=True, sale_total=3990, tenders=[{"kind": "due", "amount": 40}],
                   split={"partial_reason": "limit_daily", "requested": 3990})


@pytest.mark.parametrize("width", [600, 700])
@pytest.mark.parametrize("lang", ["en", "zh_CN", "zh_TW"])
def test_every_screen_of_the_till_is_whole_at_600_and_700(
        lang: str, width: int, language: Callable[[str], None],  # noqa: F811
        till: Any) -> None:
    from pos_app.core.settle import Outcome
    from pos_app.widgets.ask import ask_label

    language(lang)
    window = till(width, 568)
    bad = shown(window, "entry", lang)
    window.state = "waiting"  # the sale asked about, as pos_app.asking shows it
    window.ask_card.asking("mei", 60000, "CNY", 115)
    bad += shown(window, "asking", lang)
    cancel = window.ask_card.cancel_button
    assert cancel.isVisibleTo(window) and not window.ask_card.visibleRegion().isEmpty()
    window.ask_card.set_link(False)
    bad += shown(window, "asking, the link down", lang)
    window.ask_card.dismiss()
    window.state = "result"
    window.result.show_outcome(Outcome("approved", "k", 60000, "CNY"))
    bad += shown(window, "approved", lang)
    window.result.show_outcome(Outcome("declined", "k", 60000, "CNY",
                                       decline_code="limit_per_payment"))
    window.result.offer("ask", ask_label("mei"))
    bad += shown(window, "declined", lang)
    window.result.dismiss()
    window.split.show_split(split_row())
    bad += shown(window, "split", lang)
    window.split.dismiss()
    window.state = "entry"
    window.set_mode(1)
    for i, tab in enumerate(window.catalogue_view.category_buttons):
        tab.click()
        bad += shown(window, f"items {i}", lang)
    window.set_mode(0)
    for name in ("open_history", "open_refund", "open_report", "open_settings"):
        getattr(window, name)()
        settle()
        dialog = window.dialog
        assert dialog is not None, name
        bad += shown(window, name, lang, dialog)
        dialog.close()
    assert not bad, f"{lang} {width}:\n" + "\n".join(bad)
