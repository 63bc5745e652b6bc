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

from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from wallet_app import style
from wallet_app.app import AppConfig, WalletWindow
from wallet_app.delegate.window import DelegateShell
from wallet_app.settings import DataFolder

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
            for problem in clipped(page):
                found.append(f"{width}×{height} {screen}: {problem}")
    return found


def main(argv: list[str]) -> int:
    server_url, device, token = argv
    app = QApplication.instance() or QApplication(sys.argv[:1])
    style.apply(app)  # type: ignore[arg-type]
    folder = DataFolder(Path(tempfile.mkdtemp(prefix="kinpay-fit-")))
    shutil.copy(device, folder.device_path)
    folder.write_private(folder.session_path, {"token": token, "name": "lily"})
    window = WalletWindow(AppConfig(data_dir=folder.path, server_url=server_url,
                                    role="delegate"))
    window.show()
    window.start()
    assert window.delegate is not None
    settle(1.0)
    found = check_tablet(window, window.delegate)
    ratio = window.devicePixelRatio()
    window.shutdown()
    print(json.dumps({"device_pixel_ratio": ratio, "clipped": found}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
