"""The tablet's code as the benchmark chose it (issue 13 §3, docs/benchmarks.md "The code
as shown"): error correction L, read back from the code itself, and the 4-module quiet
zone kept on screen."""

from __future__ import annotations

import numpy as np
import pytest
import zxingcpp
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kinpay import codes
from kinpay.device import new_device_key
from tests.wallet.conftest import pixels_of
from wallet_app import qr

pytestmark = pytest.mark.gui
LEVEL = "L"  # what the figures chose
QUIET = 4  # modules: the QR standard's quiet zone
SCALE = 4  # pixels per module when read back


def _kinpay_code() -> str:
    server, key = new_device_key(), new_device_key()
    cert = codes.Certificate(
        key_id=b"", cert_id=b"12345678", grant_id="0" * 32,
        device_public_key=codes.raw_public(key.public_key()), offline_cap_minor=2000,
        currency="CNY", rotate_s=30, expires_s=2**31,
    ).signed_by(server)
    return codes.build_code(cert, key, now_s=1_767_225_600)


@pytest.mark.parametrize("encoder", ["zxing-cpp", "segno"])
def test_the_code_is_made_at_level_l_and_reads_back(
    encoder: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if encoder == "segno":  # the fallback, where zxing-cpp has no encoder
        monkeypatch.setattr(qr, "_HAVE_ZXING", False)
    text = _kinpay_code()
    modules = qr.qr_modules(text)
    image = np.kron(modules, np.ones((SCALE, SCALE), np.uint8))
    (found,) = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert found.text == text
    assert found.ec_level == LEVEL
    # The symbol's side: version 9 (53 modules) holds a kinpay code at L; M needs 61.
    assert modules.shape[0] - 2 * QUIET == 53


def test_the_code_screen_keeps_the_quiet_zone(qtbot: QtBot, styled: QApplication) -> None:
    view = qr.QrView()
    qtbot.addWidget(view)
    view.resize(420, 300)  # wider than tall, as the tablet's code column
    modules = qr.qr_modules(_kinpay_code())
    view.set_image(qr.qr_image(_kinpay_code()))
    view.show()
    qtbot.waitExposed(view)
    pixels = pixels_of(view.grab().toImage())
    rect = view.symbol_rect()
    assert rect.top() >= 0 and rect.bottom() < pixels.shape[0]
    scale = rect.width() // modules.shape[1]
    assert scale >= 1
    symbol = pixels[rect.top() : rect.bottom() + 1, rect.left() : rect.right() + 1]
    band = QUIET * scale
    for edge in (symbol[:band], symbol[-band:], symbol[:, :band], symbol[:, -band:]):
        assert (edge > 200).all()  # white all round, four modules deep
    assert symbol[band, band] < 60  # the finder pattern starts right after it
