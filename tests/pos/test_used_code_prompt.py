"""The camera keeps seeing the code of the sale just paid: the till says so.

Found in live use: after a sale, the next one waited up to 30 s on "Charging ¥20.00: show
the code to the camera, or type the numeric code." with the tablet's code in plain view,
the till silently skipping it (the code of the last sale, used), until the tablet showed its
next code; the cashier could not tell the camera from the customer. Real server, real till.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.pos.conftest import Tablet
from tests.pos.test_terminal import type_amount, wait_result

pytestmark = pytest.mark.gui

USED = ("That code was used already: the tablet shows a new one within 30 s, or ask the "
        "child to tap New code.")


def test_the_last_sales_code_in_view_is_named(
    terminal: Any, qtbot: Any, sqlite_world: dict[str, Any], tablet: Tablet
) -> None:
    window = terminal()
    code = tablet.code()
    type_amount(qtbot, window, "1250")
    window.charge()
    window.take(code, time.perf_counter())  # as the camera gives it
    wait_result(qtbot, window, "approved")
    window.on_action("new")
    type_amount(qtbot, window, "2000")
    window.charge()
    assert window.state == "waiting"
    window.take(code, time.perf_counter())  # still on the tablet's screen
    assert window.state == "waiting"  # not taken: nothing is sent
    assert window.prompt.text() == USED
    window.take(tablet.code(), time.perf_counter())  # the tablet's next code pays
    wait_result(qtbot, window, "approved")
