"""Fixtures for the language tests: the .qm files built from the committed .ts sources
(into a temporary folder, so a stale build never passes for the sources), and a language
installed for one test, English again after it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from kinpay import l10n
from scripts import translations
from tests.servers import ServerProcess, seed

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def qm_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("qm")
    translations.release(out=out, force=True)
    for lang in ("en", "zh_CN", "zh_TW"):
        assert (out / f"kinpay_{lang}.qm").stat().st_size > 0, lang
    return out


@pytest.fixture
def speak(qapp: QApplication, qm_dir: Path) -> Iterator[Callable[[str], None]]:
    """`speak("zh_TW")`: both apps' translators and kinpay.l10n in that language."""
    from pos_app import i18n as pos_i18n
    from wallet_app import i18n as wallet_i18n

    def install(language: str) -> None:
        assert pos_i18n.install(qapp, language, folder=qm_dir)
        assert wallet_i18n.install(qapp, language, folder=qm_dir)

    yield install
    pos_i18n.install(qapp, "en", folder=qm_dir)
    wallet_i18n.install(qapp, "en", folder=qm_dir)
    l10n.set_language("en")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One server for a module: the seeded grant stays active (payments use it); what
    a test stops is its own."""
    folder = tmp_path_factory.mktemp("i18n-server")
    proc = ServerProcess(db=str(folder / "kinpay.db"), log_path=folder / "server.log")
    proc.start()
    try:
        data = seed(proc.db, folder / "devices", proc.url)
        data["server_url"] = proc.url
        yield data
    finally:
        proc.stop()


@pytest.fixture
def payer_window(speak: Callable[[str], None], qapp: QApplication, qtbot: Any,
                 tmp_path: Path, world: dict[str, Any]) -> Callable[[str], Any]:
    """`payer_window(lang)`: the parent's wallet, styled, in `lang`, on the module's
    server, started at sign-in (the test shuts it down)."""
    from wallet_app import style
    from wallet_app.app import AppConfig, WalletWindow

    def make(lang: str) -> WalletWindow:
        speak(lang)
        style.apply(qapp)
        window = WalletWindow(AppConfig(data_dir=tmp_path / "payer",
                                        server_url=world["server_url"], role="payer"))
        qtbot.addWidget(window)
        window.show()
        window.start()
        return window

    return make
