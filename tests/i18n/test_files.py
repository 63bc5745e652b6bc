"""The translation sources: complete, current, regional; plural forms, money and dates."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kinpay import l10n
from kinpay.money import format_minor
from scripts import translations
from tests.i18n.texts import english

LANGS = ("zh_CN", "zh_TW")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%n")
# Words a translation may keep from English: the product, formats, keys, "App" (Taiwan).
FORMATS = {"d MMM yyyy"}  # Qt date formats: their letters are codes, not words
KEPT = {"ID", "lily"}  # lily: an example of a user name, which is Latin letters

# Each language's own words for the things kinpay talks about (the brief's glossary): a
# translation that is the other region's text, character-converted, fails here.
MUST_USE = {
    "zh_CN": ["金额", "收款", "退款", "日结", "零花钱", "每日限额", "设置", "账户", "网络",
              "登录", "密码", "屏幕", "扫码", "小票", "商户"],
    "zh_TW": ["金額", "收款", "退款", "日結", "零用錢", "每日上限", "設定", "帳戶", "網路",
              "登入", "密碼", "螢幕", "掃描", "收據", "店家"],
}
MUST_NOT_USE = {
    # mainland words a Taiwanese reader would not use, in either script
    "zh_TW": ["設置", "设置", "賬戶", "账户", "網絡", "网络", "登錄", "登录", "屏幕", "零花錢",
              "信息", "視頻", "軟件", "默認", "服務器", "攝像頭", "小票", "商戶", "扫码",
              "掃碼", "每日限額", "日结", "充值"],
    # Taiwan's words, and traditional characters, in the mainland file
    "zh_CN": ["設定", "帳戶", "網路", "登入", "螢幕", "零用錢", "零用钱", "伺服器", "收據",
              "店家", "每日上限", "儲值", "連線"],
}


def translated(lang: str) -> list[tuple[str, str, str]]:
    """(context, source, translation) of every message of `lang`'s .ts (each plural form)."""
    out = []
    for (context, source), message in translations.messages(translations.ts_path(lang)).items():
        tr = message.find("translation")
        assert tr is not None
        forms = [f.text or "" for f in tr.iter("numerusform")] or [tr.text or ""]
        out.extend((context, source, form) for form in forms)
    return out


def test_every_source_string_is_in_the_files_and_translated(tmp_path: Path) -> None:
    """lupdate over today's sources, into copies: nothing new, nothing unfinished, and no
    message the code still uses is marked obsolete."""
    for lang in (*LANGS, "en"):
        shutil.copy(translations.ts_path(lang), tmp_path / f"kinpay_{lang}.ts")
    translations.lupdate(tmp_path)
    for lang in LANGS:
        committed = translations.messages(translations.ts_path(lang))
        fresh = translations.messages(translations.ts_path(lang, tmp_path))
        used = {key for key, m in fresh.items()
                if (t := m.find("translation")) is not None
                and t.get("type") not in ("vanished", "obsolete")}
        assert used, lang
        assert not used - set(committed), f"{lang}: not in the .ts (run make translations)"
        assert translations.unfinished(translations.ts_path(lang, tmp_path)) == [], lang
        stale = [key for key in used
                 if (t := committed[key].find("translation")) is not None
                 and t.get("type") in ("vanished", "obsolete")]
        assert stale == [], f"{lang}: used in the code but obsolete in the .ts: {stale}"
    plurals = translations.messages(translations.ts_path("en", tmp_path))
    assert set(plurals) == set(translations.messages(translations.ts_path("en")))
    assert all(m.get("numerus") == "yes" for m in plurals.values())


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_every_placeholder_and_leave_no_english(lang: str) -> None:
    for context, source, text in translated(lang):
        assert text.strip() or not source.strip(), (context, source)
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), (
            context, source, text)
        if source in FORMATS:
            continue
        # What a placeholder stands for is data; the words around it are the translation.
        assert english([PLACEHOLDER.sub("", text)], KEPT) == [], (context, source, text)


@pytest.mark.parametrize("lang", LANGS)
def test_regional_vocabulary(lang: str) -> None:
    everything = "\n".join(text for _c, _s, text in translated(lang))
    missing = [word for word in MUST_USE[lang] if word not in everything]
    assert missing == [], f"{lang} never says {missing}"
    foreign = [word for word in MUST_NOT_USE[lang] if word in everything]
    assert foreign == [], f"{lang} says {foreign}, the other region's words"


def test_plural_forms_through_qt(speak: Callable[[str], None]) -> None:
    from PySide6.QtCore import QCoreApplication

    from pos_app.words import counts
    from wallet_app.delegate.code_screen import CodeScreen

    speak("en")
    # Qt's own plural forms, from kinpay_en.qm (not the fallback for a missing file).
    assert [QCoreApplication.translate("Counts", "%n sale(s)", "", n) for n in (0, 1, 2)] == [
        "0 sales", "1 sale", "2 sales"]
    assert [counts.sales(n) for n in (0, 1, 2)] == ["0 sales", "1 sale", "2 sales"]
    screen = CodeScreen()
    screen.show_tick(0.5, 1)
    assert screen.next_note.text() == "New code in 1 second"
    screen.show_tick(0.5, 12)
    assert screen.next_note.text() == "New code in 12 seconds"
    speak("zh_CN")
    assert counts.sales(2) == "2 笔交易"
    speak("zh_TW")
    assert counts.sales(1) == "1 筆交易"


def test_money_and_dates_in_each_locale(speak: Callable[[str], None]) -> None:
    # 2026-03-07 14:05:09 local time, whatever the machine's zone.
    at = time.mktime((2026, 3, 7, 14, 5, 9, 0, 0, -1))
    for lang, date, when, money in (
        ("en", "7 Mar 2026", "7 Mar, 14:05", "¥1,234.56"),
        ("zh_CN", "2026年3月7日", "3月7日 14:05", "¥1,234.56"),
        ("zh_TW", "2026年3月7日", "3月7日 14:05", "¥1,234.56"),
    ):
        speak(lang)
        assert l10n.format_date(at) == date
        assert l10n.format_datetime(at) == when
        assert l10n.format_time(at, seconds=True) == "14:05:09"
        assert format_minor(123456, "CNY") == money
        assert format_minor(-5, "CNY") == "-¥0.05"
        assert format_minor(1200, "JPY") == "¥1,200"
        assert format_minor(123456, "CNY", symbol=False) == "1,234.56"


@pytest.mark.parametrize(("tag", "language"), [
    ("zh_CN", "zh_CN"), ("zh_SG", "zh_CN"), ("zh-Hans", "zh_CN"), ("zh_Hans_HK", "zh_CN"),
    ("zh_TW", "zh_TW"), ("zh_HK.UTF-8", "zh_TW"), ("zh-MO", "zh_TW"), ("zh-Hant", "zh_TW"),
    ("zh-Hant-CN", "zh_TW"), ("en_US.UTF-8", "en"), ("de_DE", "en"), ("ja", "en"),
])
def test_system_locale_chooses_the_language(tag: str, language: str) -> None:
    assert l10n.resolve(tag) == language
    assert l10n.choose(None, "", [tag]) == language
    assert l10n.choose("en", "", [tag]) == "en"  # --lang wins
    assert l10n.choose(None, "zh_TW", [tag]) == "zh_TW"  # then the saved setting


def test_english_words_are_found_and_ids_are_not() -> None:
    found = english(["已登录 Sign in.", "pay_3f9a0c", "kinpay 钱包", "http://127.0.0.1:8400",
                     "Wi-Fi", "Corner Shop"], {"Corner", "Shop"})
    assert found == ["'Sign' in '已登录 Sign in.'", "'in' in '已登录 Sign in.'"]


def test_every_decline_code_is_worded_for_each_reader() -> None:
    """A decline code the server can send (kinpay.schemas) has the cashier's, the parent's
    and the child's words: a new code added to the server fails here until it has."""
    from kinpay import schemas
    from pos_app.words import DECLINES
    from wallet_app.delegate.pages import CHILD_DECLINE_TEXT
    from wallet_app.payer.activity import PARENT_DECLINE_TEXT

    for table in (DECLINES, PARENT_DECLINE_TEXT, CHILD_DECLINE_TEXT):
        assert sorted(set(schemas.DECLINE_CODES) - set(table)) == []
