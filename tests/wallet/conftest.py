"""Fixtures for the wallet: real windows on real servers, each with its own data folder."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from wallet_app import style
from wallet_app.app import AppConfig, WalletWindow


class OffsetClock:
    """Real time plus an offset a test moves forward, instead of sleeping.

    `frozen=True` stops the real part at the moment the clock is made, so only the test
    moves time: a test that counts code steps can't see one extra step when real time
    crosses a step boundary while it waits.
    """

    def __init__(self, *, frozen: bool = False) -> None:
        self.offset_s = 0.0
        self._base_s = time.time() if frozen else None

    def __call__(self) -> float:
        base = time.time() if self._base_s is None else self._base_s
        return base + self.offset_s


def pixels_of(image: QImage) -> np.ndarray:
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    stride, height = grey.bytesPerLine(), grey.height()
    buf = np.frombuffer(grey.constBits(), dtype=np.uint8, count=stride * height)
    return buf.reshape(height, stride)[:, : grey.width()].copy()


def read_qr(widget: QWidget) -> list[str]:
    """What a real decoder reads in the widget's rendered pixels."""
    image = widget.grab().toImage()
    results = zxingcpp.read_barcodes(pixels_of(image), formats=zxingcpp.BarcodeFormat.QRCode)
    return [r.text for r in results if r.valid]


@pytest.fixture
def styled(qapp: QApplication) -> QApplication:
    style.apply(qapp)
    return qapp


WindowFactory = Callable[..., WalletWindow]


@pytest.fixture
def make_window(
    qtbot: QtBot, styled: QApplication, tmp_path: Path
) -> Iterator[WindowFactory]:
    made: list[WalletWindow] = []

    def make(
        name: str, *, server_url: str, role: str, clock: OffsetClock | None = None
    ) -> WalletWindow:
        config = AppConfig(
            data_dir=tmp_path / f"wallet-{name}", server_url=server_url, role=role,
            clock=clock or time.time,
        )
        window = WalletWindow(config)
        qtbot.addWidget(window)
        window.show()
        window.start()
        made.append(window)
        return window

    yield make
    for window in made:
        window.shutdown()
