"""This device's time zone, as the server names zones (IANA, e.g. "Europe/London").

An account and each allowance keep a zone: it is where "today" ends for the daily limit and
what the hours a parent sets mean. Sign-up sent none, so the client's default made every
account Asia/Shanghai's: a parent in London who allowed 07:00–20:00 had the child refused at
17:31 their time (01:31 in Shanghai), and the day's limit ended at 16:00 (live test 34).
"""

from __future__ import annotations

import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QCoreApplication, QTimeZone

FALLBACK = "UTC"


def _known(name: str) -> bool:
    if not name or name.startswith("/") or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def device_zone() -> str:
    """The zone this device is set to, by name; UTC when it can't be named (a zone the
    zone database doesn't know would make the server refuse the sign-up)."""
    candidates = [bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "replace"),
                  os.environ.get("TZ", "").lstrip(":")]
    try:
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    except OSError:
        pass
    return next((c for c in candidates if _known(c)), FALLBACK)


def zone_words(name: str) -> str:
    """A zone as a reader of the app's language says it: "China (Shanghai) Time",
    "中国（上海）时间"; UTC by its name in the app's language (CLDR has no place for it)."""
    from babel.dates import get_timezone, get_timezone_location

    from kinpay import l10n

    if name in ("UTC", "Etc/UTC", "Etc/GMT", "GMT", "Etc/Universal", "Universal", "Zulu"):
        return QCoreApplication.translate("Zone", "UTC")  # 协调世界时, 世界標準時間
    try:
        return str(get_timezone_location(get_timezone(name), locale=l10n.babel_locale()))
    except LookupError:
        return name
