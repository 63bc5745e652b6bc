"""The parent's spending bars stay readable on a phone. Found live in the demo on a
414-pixel-wide screen (繁體中文): the grant card's "本月" ran into its figures ("本月已用
¥147.50"): the title and the figures were each painted to one side of the same line, however
narrow. In English with a month of ¥10,000.00 they overlapped ("This month" over
"¥1,234.50 of ¥10,000.00"). Judged from the bar's own pixels against the title's width in
its font."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PySide6.QtGui import QFont, QFontMetrics
from pytestqt.qtbot import QtBot

from tests.wallet.conftest import WindowFactory, pixels_of
from tests.wallet.flows import parent_signed_in
from wallet_app.ui import SpendBar

pytestmark = pytest.mark.gui
PHONE_PX = (414, 896)
LINE_PX = 22  # the bar's first line of text: its title, and the figures when they fit


def ink_columns(bar: SpendBar, top: int, bottom: int) -> np.ndarray:
    """The columns with dark text between rows top and bottom of the bar's own pixels."""
    grey = pixels_of(bar.grab().toImage())[top:bottom, :]
    return np.flatnonzero((grey < 100).any(axis=0))


def test_the_month_bar_on_a_phone_shows_its_title_and_figures_apart(
    qtbot: QtBot, make_window: WindowFactory, sqlite_world: dict[str, Any]
) -> None:
    payer = parent_signed_in(qtbot, make_window, sqlite_world, PHONE_PX)
    # No more overviews from here (an event's overview would set the server's figures
    # again over the ones this test paints).
    payer.session.stop()
    card = next(iter(payer.home.grant_cards.values()))
    bar = card.month
    # What the server's figures become for a month of ¥10,000.00 with ¥1,234.50 spent, as
    # the home page shows each overview.
    bar.set_values(123_450, 1_000_000, "CNY")
    qtbot.wait(100)
    font = QFont(bar.font())
    font.setPixelSize(14)
    font.setBold(True)
    title_px = QFontMetrics(font).horizontalAdvance("This month")
    first_line = ink_columns(bar, 0, LINE_PX)
    assert first_line.size and first_line.max() <= title_px + 2, (bar.width(), title_px)
    assert ink_columns(bar, LINE_PX, 2 * LINE_PX).size  # the figures, on their own line
    assert bar.height() >= 2 * LINE_PX + 14  # two lines of text and the track under them
