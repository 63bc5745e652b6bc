"""The language a process speaks, and dates and times in its locale (Babel). No Qt.

kinpay speaks English, 简体中文 (zh_CN) and 繁體中文 (zh_TW). Each app chooses one at start
(its settings, its `--lang` option, or the system's locale) and tells this module, which
then formats dates, times and (through kinpay.money) money for that locale. The words
themselves are Qt's business: each app loads `assets/translations/kinpay_<lang>.qm`
(built from the `.ts` sources beside it by `make`, see the README).

One language per process: a till or a tablet shows one language at a time.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

from babel import Locale
from babel import dates as _dates
from babel import numbers as _numbers

# The languages kinpay speaks, each named in itself (what a settings combo shows).
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文", "zh_TW": "繁體中文"}
DEFAULT = "en"
TRANSLATIONS_DIR = Path(__file__).resolve().parents[1] / "assets" / "translations"

# The Babel locale behind each language. English dates read as a shop till's ("1 Dec
# 14:05", 24-hour clock): en_GB.
_BABEL: dict[str, str] = {"en": "en_GB", "zh_CN": "zh_Hans_CN", "zh_TW": "zh_Hant_TW"}
_HANT_REGIONS = ("TW", "HK", "MO")

_language = DEFAULT
_locale = Locale.parse(_BABEL[DEFAULT])


def _warm(locale: Locale) -> None:
    """Load the locale's data now (Babel reads it from disk on first use, tens of
    milliseconds): a screen that formats its first date or amount must not wait for it."""
    _dates.format_skeleton("yMMMd", _dt.datetime(2000, 1, 1), locale=locale)
    _numbers.format_currency(0, "CNY", locale=locale)


_warm(_locale)


def resolve(tag: str | None) -> str | None:
    """One of LANGUAGES for a locale tag ("zh_TW", "zh-Hant-HK", "zh_SG.UTF-8", "en_US"),
    None for an empty tag. Chinese of Taiwan, Hong Kong and Macau, or written Hant, is
    繁體中文; any other Chinese is 简体中文; anything else is English."""
    if not tag:
        return None
    parts = tag.split(".")[0].split("@")[0].replace("-", "_").split("_")
    if parts[0].lower() != "zh":
        return "en" if parts[0] else None
    rest = [p.upper() for p in parts[1:]]
    if "HANS" in rest:
        return "zh_CN"
    if "HANT" in rest or any(r in _HANT_REGIONS for r in rest):
        return "zh_TW"
    return "zh_CN"


def system_language(ui_languages: list[str] | None = None) -> str:
    """The language the system asks for: the first of `ui_languages` (Qt's
    QLocale.system().uiLanguages()), else LC_ALL / LC_MESSAGES / LANG; English if none."""
    for tag in ui_languages or []:
        found = resolve(tag)
        if found:
            return found
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        found = resolve(os.environ.get(var, "").strip() or None)
        if found and os.environ.get(var) not in ("C", "POSIX"):
            return found
    return DEFAULT


def choose(option: str | None, stored: str | None, ui_languages: list[str] | None = None) -> str:
    """The language to use: the command line's, else the stored setting, else the system's.
    An option or setting that is not one of LANGUAGES counts as a locale tag."""
    for given in (option, stored):
        if given:
            return given if given in LANGUAGES else (resolve(given) or DEFAULT)
    return system_language(ui_languages)


def set_language(language: str) -> None:
    """Make `language` (one of LANGUAGES) the one this process formats for."""
    global _language, _locale
    if language not in LANGUAGES:
        raise ValueError(f"kinpay speaks {', '.join(LANGUAGES)}, not {language!r}")
    _language = language
    _locale = Locale.parse(_BABEL[language])
    _warm(_locale)


def language() -> str:
    return _language


def babel_locale() -> Locale:
    """The Babel locale of this process's language."""
    return _locale


def qm_path(language: str) -> Path:
    """Where the compiled translation of `language` is (built by `make`)."""
    return TRANSLATIONS_DIR / f"kinpay_{language}.qm"


def _when(unix_s: float) -> _dt.datetime:
    return _dt.datetime.fromtimestamp(unix_s)


def format_date(unix_s: float, *, year: bool = True) -> str:
    """"1 Dec 2026" / "2026年12月1日"; without the year "1 Dec" / "12月1日"."""
    return str(_dates.format_skeleton("yMMMd" if year else "MMMd", _when(unix_s),
                                      locale=_locale))


def format_time(unix_s: float, *, seconds: bool = False) -> str:
    """"14:05" or "14:05:09", 24-hour in every language (a till's clock)."""
    return str(_dates.format_skeleton("Hms" if seconds else "Hm", _when(unix_s),
                                      locale=_locale))


def format_datetime(unix_s: float, *, year: bool = False, seconds: bool = False) -> str:
    """A date and a time joined the locale's way: "1 Dec, 14:05" / "12月1日 14:05"."""
    pattern = _locale.datetime_formats.get("medium", "{1} {0}")
    return str(pattern).replace("{1}", format_date(unix_s, year=year)).replace(
        "{0}", format_time(unix_s, seconds=seconds))


def format_day(unix_s: float) -> str:
    """The day of a report in a numeric form that sorts: "2026-12-01" in every language
    (a file name and a CSV column, read by programs as well as people)."""
    return _when(unix_s).strftime("%Y-%m-%d")


def font_families(*, mono: bool = False) -> list[str]:
    """Font families for printed text (receipt and report PDFs), first choice first. In
    Chinese the CJK face of the language's glyph forms comes first (fonts-noto-cjk, which
    the set-up installs; its Latin letters are fine too); in English a Latin face, with the
    CJK one for a name in Chinese. No character falls back to an empty box, and a
    traditional-Chinese receipt never borrows simplified glyph forms."""
    cjk = "Noto Sans CJK TC" if _language == "zh_TW" else "Noto Sans CJK SC"
    if mono:
        return ["DejaVu Sans Mono", cjk.replace("Sans", "Sans Mono")]
    return [cjk, "DejaVu Sans"] if _language != "en" else ["DejaVu Sans", cjk]
