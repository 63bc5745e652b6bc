"""Live 33 §15 (s123): Settings → Save, after setting the manager PIN, closed the dialog
with no word: the cashier could not tell it had been saved. Saved, the till says so under
the camera view and in its status bar, and names what takes effect how (a new PIN now,
a language at the next start), in each language; a refused form still says nothing of
saving. Real window, real dialog, real Save."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton

from tests.pos.conftest import settle
from tests.pos.test_layout import (
    language,  # noqa: F401 - a fixture
    resize,
)
from tests.pos.test_screens import child, click

pytestmark = pytest.mark.gui


def said(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


@pytest.mark.parametrize("lang", ["en", "zh_CN", "zh_TW"])
def test_save_says_the_settings_were_saved(
        lang: str, language: Callable[[str], None],  # noqa: F811 - the fixture
        terminal: Any, qtbot: Any) -> None:
    language(lang)
    window = terminal()
    for width, height in [(1366, 768), (1024, 736)]:
        resize(qtbot, window, width, height)
        before = window.prompt.text()
        window.open_settings()
        child(window, QLineEdit, "set_pin").setText("2468")
        child(window, QLineEdit, "set_pin_again").setText("2469")  # a slip: refused
        click(qtbot, child(window, QPushButton, "settings_save"))
        assert window.dialog is not None and window.prompt.text() == before
        for name in ("set_pin", "set_pin_again"):
            child(window, QLineEdit, name).setText("2468")
        if width == 1024:  # and another language, for the next start
            combo = child(window, QComboBox, "set_language")
            combo.setCurrentIndex((combo.currentIndex() + 1) % combo.count())
        click(qtbot, child(window, QPushButton, "settings_save"))
        settle()
        assert window.dialog is None  # closed, as before
        assert window.prompt.text().startswith(said("Settings saved.")), (lang, width)
        assert said("The new manager PIN is in force.") in window.prompt.text()
        assert (said("The language changes at the next start.") in window.prompt.text()) == (
            width == 1024)
        assert window.status.notice.text() == window.prompt.text()
        if os.environ.get("KINPAY_SHOTS_DIR"):
            window.grab().save(str(Path(os.environ["KINPAY_SHOTS_DIR"])
                                   / f"saved-{lang}-{width}x{height}.png"))
        window.settings.manager_pin_hash = ""  # no PIN asked for the next round
