"""A .qm built again while an app runs: the app keeps reading the translations it loaded.

Found live: a `make test` (whose set-up builds the .qm files when a .ts is newer) while the
demo ran left the till's status bar and the tablet's countdown in English ("Offline queue",
"New code in 20 seconds") in a zh_TW demo: Qt maps a loaded .qm, and lrelease rewrote the
file under it. Real lrelease, a real QTranslator."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from scripts import translations

# Strings the running apps had loaded, with their zh_TW words (written here).
LOADED = {
    ("StatusBar", "Offline queue: {count}"): "離線待上傳：{count}",
    ("StatusBar", "● Offline"): "● 離線",
    ("CodeScreen", "New code in %n second(s)"): "%n 秒後換新碼",
}

# A context put first in the new source: every message after it moves in the new .qm.
NEW_CONTEXT = "<context>\n    <name>AaaNewScreen</name>\n" + "".join(
    f"    <message>\n        <source>New line {n}</source>\n"
    f"        <translation>新的一行 {n}</translation>\n    </message>\n"
    for n in range(200)) + "</context>\n"


def test_a_running_apps_translations_survive_a_new_build(
    qapp: QApplication, tmp_path: Path
) -> None:
    for lang in ("zh_CN", "zh_TW", "en"):
        shutil.copy(translations.ts_path(lang), tmp_path / f"kinpay_{lang}.ts")
    translations.release(tmp_path, force=True)
    qm = tmp_path / "kinpay_zh_TW.qm"
    running = QTranslator()
    assert running.load(str(qm))
    assert {key: running.translate(*key) for key in LOADED} == LOADED

    # The source gains strings (a new screen) and is built again, as set-up does.
    ts = tmp_path / "kinpay_zh_TW.ts"
    text = ts.read_text(encoding="utf-8")
    ts.write_text(text.replace("<context>", NEW_CONTEXT + "<context>", 1), encoding="utf-8")
    translations.release(tmp_path, force=True)

    assert {key: running.translate(*key) for key in LOADED} == LOADED
    fresh = QTranslator()
    assert fresh.load(str(qm))
    assert fresh.translate("AaaNewScreen", "New line 7") == "新的一行 7"
    assert {key: fresh.translate(*key) for key in LOADED} == LOADED
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"kinpay_{lang}.{ext}" for lang in ("zh_CN", "zh_TW", "en") for ext in ("ts", "qm"))
