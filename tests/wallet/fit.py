"""Does every label and button on the child's screens show its whole text?

    QT_QPA_PLATFORM=offscreen QT_SCALE_FACTOR=2 python -m tests.wallet.fit SERVER DEVICE TOKEN

`clipped(root)` lists each visible label or button whose size hint (or, for a wrapping
label, its height for the width it has) is larger than the geometry the layout gave it:
text Qt would cut off. Run as a module it opens the tablet on a real server at each size
of `SIZES_PX` and prints a JSON list of what is clipped (empty when all fits), so a test can
run it under another QT_SCALE_FACTOR, which must be set before Qt starts.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import zxingcpp
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from wallet_app import style
from wallet_app.app import AppConfig, WalletWindow
from wallet_app.delegate.window import DelegateShell
from wallet_app.settings import DataFolder

# A screen's code is read by the till's webcam from about three device pixels a module; this
# test's own figure, not the app's. A kinpay code is a version-9 symbol, 53 modules a side.
READABLE_MODULE_PX = 3
CODE_SIDE_MODULES = 53

SIZES_PX = [(544, 800), (544, 1100), (800, 1100), (800, 544),
            (600, 617)]  # the tablets' widths, both ways; the last, the demo's tablet at 1366 x 768


def clipped(root: QWidget) -> list[str]:
    found = []
    shown: list[QLabel | QAbstractButton] = [*root.findChildren(QLabel),
                                             *root.findChildren(QAbstractButton)]
    for w in shown:
        if not w.isVisibleTo(root) or not w.text():
            continue
        hint, size = w.sizeHint(), w.size()
        if isinstance(w, QLabel) and w.wordWrap():
            if w.heightForWidth(size.width()) > size.height():
                found.append(f"{w.text()!r}: needs {w.heightForWidth(size.width())} px high, "
                             f"has {size.height()}")
        elif hint.width() > size.width() or hint.height() > size.height():
            found.append(f"{w.text()!r}: needs {hint.width()}×{hint.height()}, "
                         f"has {size.width()}×{size.height()}")
    return found


def code_problems(window: QWidget, code: str) -> list[str]:
    """Read the window's own pixels as a camera would see the screen: the code must read
    as `code`, whole inside the window, at READABLE_MODULE_PX device pixels a module."""
    image = window.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    stride, height = image.bytesPerLine(), image.height()
    pixels = np.frombuffer(image.constBits(), dtype=np.uint8, count=stride * height)
    pixels = pixels.reshape(height, stride)[:, : image.width()]
    found = [r for r in zxingcpp.read_barcodes(pixels, formats=zxingcpp.BarcodeFormat.QRCode)
             if r.valid and r.text == code]
    if not found:
        return [f"the code does not read from the window's {image.width()}×{height} pixels"]
    pos = found[0].position
    side_px = max(abs(pos.top_right.x - pos.top_left.x), abs(pos.bottom_left.y - pos.top_left.y))
    module_px = side_px / CODE_SIDE_MODULES
    if module_px < READABLE_MODULE_PX - 0.25:  # corners are found to about a pixel
        return [f"the code is drawn {side_px} device px wide, {module_px:.1f} px a module"]
    return []


def settle(seconds: float = 0.25) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def check_tablet(window: WalletWindow, kid: DelegateShell) -> list[str]:
    """Every screen of the child's at every size; what is clipped, with where."""
    found = []
    for width, height in SIZES_PX:
        window.resize(width, height)
        for screen in ("online", "offline", "signed_out", "purchases", "pair"):
            if screen == "signed_out":
                kid.show_code()
                kid.code_screen.show_signed_out()
            elif screen == "pair":
                kid.show_pairing()
            elif screen == "purchases":
                kid.show_purchases()
            else:
                kid.show_code()
                kid._set_online(screen == "online")
            settle()
            page = kid.stack.currentWidget()
            assert page is not None
            problems = clipped(page)
            if screen in ("online", "offline", "signed_out"):
                assert kid.source is not None and kid.source.frame is not None
                problems += code_problems(window, kid.source.frame.code)
            found += [f"{width}×{height} {screen}: {problem}" for problem in problems]
    return found


def main(argv: list[str]) -> int:
    server_url, device, token = argv
    app = QApplication.instance() or QApplication(sys.argv[:1])
    style.apply(app)  # type: ignore[arg-type]
    # The tablet's folder (a copy of its device key, its session) goes when it is done:
    # each run left one in the system's temporary folder.
    with tempfile.TemporaryDirectory(prefix="kinpay-fit-") as tmp:
        folder = DataFolder(Path(tmp))
        shutil.copy(device, folder.device_path)
        folder.write_private(folder.session_path, {"token": token, "name": "lily"})
        window = WalletWindow(AppConfig(data_dir=folder.path, server_url=server_url,
                                        role="delegate"))
        window.show()
        window.start()
        assert window.delegate is not None
        settle(1.0)
        found = check_tablet(window, window.delegate)
        ratio = window.devicePixelRatioF()
        window.shutdown()
    print(json.dumps({"device_pixel_ratio": ratio, "clipped": found}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
