"""The wallet's language: Qt's translators for kinpay's words and Qt's own.

`install(app, language)` loads `assets/translations/kinpay_<language>.qm` (built by `make`
from the `.ts` sources, see the README "语言 / Languages") and Qt's `qtbase_<language>.qm`
(the standard buttons' words), and sets kinpay.l10n for dates and money. Called before the
first window is built: widgets take their words when they are made, so a change of
language in Settings applies at the next start.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from kinpay import l10n

_installed: list[QTranslator] = []  # kept alive: Qt holds only a pointer


def install(app: QCoreApplication, language: str, *, folder: Path | None = None) -> bool:
    """Speak `language` (one of kinpay.l10n.LANGUAGES) from now on. False, with a line on
    stderr, when its translation file is missing (the words stay English)."""
    l10n.set_language(language)
    QLocale.setDefault(QLocale(l10n.babel_locale().language + "_" +
                               (l10n.babel_locale().territory or "GB")))
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_words = QTranslator(app)
    if language != "en" and qt_words.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qt_words)
        _installed.append(qt_words)
    # English too has a file: the plural forms of "%n sale(s)".
    path = (folder or l10n.TRANSLATIONS_DIR) / f"kinpay_{language}.qm"
    ours = QTranslator(app)
    if not ours.load(str(path)):
        if language != "en":
            print(f"kinpay: no translation {path} (run `make setup`); the words stay English",
                  file=sys.stderr)
        return False
    app.installTranslator(ours)
    _installed.append(ours)
    return True


def language_names() -> list[tuple[str, str]]:
    """(code, name) of each language, for a settings combo: English, 简体中文, 繁體中文."""
    return list(l10n.LANGUAGES.items())
