"""The child's tablet says what happened to the sale its code was just used for.

Found in live use: after an approved ¥45.00, and after a decline for the time of day, the
tablet showed only its code rotating (the "left today" figure changed out of view), so the
child at the counter learnt nothing from their own tablet; and an earlier "Mei said yes"
card stayed up into the next sale. Real server, real widgets: the sale is made with the
code the tablet shows."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS, parent_and_tablet, pay

pytestmark = pytest.mark.gui


def test_the_tablet_says_paid_then_not_paid_and_why(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    _parent, _payer, kid = parent_and_tablet(qtbot, make_window, sqlite_world, (520, 900))
    banner = kid.asking
    source = kid.source
    assert source is not None and source.frame is not None
    first = source.frame.code
    assert pay(sqlite_world, first, 4_500).status == "approved"
    qtbot.waitUntil(lambda: banner.isVisible() and banner.title.text() == "Paid ¥45.00",
                    timeout=WAIT_MS)
    assert banner.line.text().startswith("at ")
    assert banner.line.text().endswith(" · ¥55.00 left today")  # the form's ¥100.00 a day
    # The next code, over the ¥50.00 one payment may be: "Not paid" and the child's reason.
    declined = pay(sqlite_world, _fresh_code(qtbot, kid, first), 6_000)
    assert (declined.status, declined.decline_code) == ("declined", "limit_per_payment")
    qtbot.waitUntil(lambda: banner.title.text() == "Not paid", timeout=WAIT_MS)
    assert banner.line.text().endswith(": more than allowed for one payment")
    assert banner.line.text().startswith("¥60.00 at ")


def _fresh_code(qtbot: QtBot, kid: Any, used: str) -> str:
    """The code the tablet shows once it has rotated after the payment with `used`."""
    source = kid.source
    qtbot.waitUntil(lambda: source.frame is not None and source.frame.code != used,
                    timeout=WAIT_MS)
    return str(source.frame.code)

