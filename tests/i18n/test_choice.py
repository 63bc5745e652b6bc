"""Choosing the language: each app's setting (saved, used at the next start), `--lang`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QWidget
from pytestqt.qtbot import QtBot

from kinpay import l10n

NAMES = ["English", "简体中文", "繁體中文"]


def test_terminal_settings_save_the_language(qtbot: QtBot, tmp_path: Path) -> None:
    from pos_app import settings_dialog
    from pos_app.settings import Settings
    from pos_app.widgets.dialogs import DialogHost

    host = QWidget()
    qtbot.addWidget(host)
    applied: list[Settings] = []
    dialog = settings_dialog.open_settings(DialogHost(host), Settings(), applied.append)
    combo = dialog.findChild(QComboBox, "set_language")
    assert [combo.itemText(i) for i in range(combo.count())] == NAMES
    combo.setCurrentIndex(combo.findText("繁體中文"))
    save = next(b for b in dialog.findChildren(QWidget) if b.objectName() == "settings_save")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert [s.language for s in applied] == ["zh_TW"]
    applied[0].save(tmp_path)
    assert Settings.load(tmp_path).language == "zh_TW"
    # The next start: the stored choice wins over the system's locale.
    assert l10n.choose(None, Settings.load(tmp_path).language, ["en_US"]) == "zh_TW"


def test_wallet_settings_save_the_language_and_lang_overrides(
        qtbot: QtBot, qapp: QApplication, tmp_path: Path, speak: Any) -> None:
    from wallet_app.app import AppConfig, WalletWindow, install_language
    from wallet_app.settings import DataFolder, Settings

    window = WalletWindow(AppConfig(data_dir=tmp_path, role="payer"))
    qtbot.addWidget(window)
    combo = window.pre_settings.language
    assert [combo.itemText(i) for i in range(combo.count())] == NAMES
    combo.setCurrentIndex(combo.findText("简体中文"))
    window.shutdown()
    assert Settings(DataFolder(tmp_path)).get("language") == "zh_CN"
    assert install_language(qapp, AppConfig(data_dir=tmp_path)) == "zh_CN"
    assert l10n.language() == "zh_CN"
    # `--lang` wins, and is saved for the next start.
    assert install_language(qapp, AppConfig(data_dir=tmp_path, language="zh_TW")) == "zh_TW"
    assert Settings(DataFolder(tmp_path)).get("language") == "zh_TW"


@pytest.mark.parametrize("command", [["pos"], ["wallet"], ["demo"]])
def test_lang_option(command: list[str]) -> None:
    from kinpay.cli import build_parser

    parser = build_parser()
    args = parser.parse_args([*command, "--lang", "zh_TW"])
    assert args.lang == "zh_TW"
    with pytest.raises(SystemExit):
        parser.parse_args([*command, "--lang", "fr"])


def test_demo_passes_the_language_to_every_app(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from kinpay_demo import shop

    started: list[list[str]] = []
    monkeypatch.setattr(shop.Part, "start", lambda part: started.append(list(part.args)))
    demo = shop.Shop(tmp_path, offscreen=True, port=1, lang="zh_CN")
    demo.world = {"payer": {"name": "mei", "password": "x"},
                  "delegate": {"name": "lily", "password": "x"},
                  "merchant": {"terminal_id": "t", "api_key": "k"}}
    demo.start_apps("sim")
    assert len(started) == 3
    for args in started:
        assert args[args.index("--lang") + 1] == "zh_CN", args
