"""`run()`: the till's window in its Qt application, for `kinpay pos`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from kinpay import l10n
from pos_app import i18n
from pos_app.interrupt import Interrupt, close_on_ask

if TYPE_CHECKING:
    from pos_app.app import MainWindow


def run(window_factory: Callable[[], MainWindow], *, language: str = "",
        interrupt: Interrupt | None = None) -> int:
    """Run the window; `language` (the settings', empty: the system's) is set up first.
    `interrupt`: Ctrl+C or SIGTERM noted since `kinpay pos` began (kinpay.interrupt), set
    here if none."""
    interrupt = interrupt or Interrupt().install()
    app = QApplication.instance() or QApplication([])
    i18n.install(app, l10n.choose(None, language, QLocale.system().uiLanguages()))
    window = window_factory()
    # Its window closed, the till ends, at once and every time: Qt's own end at the last
    # window's close is a Quit event posted for later, which any window shown before it is
    # handled takes back (the wallet ran on that way: wallet_app/app.py `run`).
    window.closed.connect(lambda: app.exit(0))
    window.show()
    window.start()
    close_on_ask(interrupt, window)
    code = app.exec()
    return int(code)
