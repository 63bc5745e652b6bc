"""Paint the apps' busiest widgets many times and print how the counts of None, True and
False moved: `python -m tests.qt.paint_refcounts [ROUNDS]`.

It runs in its own process (see tests/qt/test_refcounts.py) because a binding that drops
a reference on each QPainter call makes the interpreter abort (`Fatal Python error:
none_dealloc`) once the count reaches zero; in a child process that is an exit status the
test can report, not a dead pytest. It prints one JSON line: the PySide6 version, the
rounds painted and the change of each count.
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6 import __version__ as pyside_version
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QWidget

from pos_app.settle import Outcome
from pos_app.widgets.preview import Preview
from pos_app.widgets.result import ResultCard
from wallet_app.ui import CountdownRing

SINGLETONS = {"None": None, "True": True, "False": False}


def _frame(i: int) -> QImage:
    image = QImage(640, 480, QImage.Format.Format_RGB888)
    image.fill(QColor(30 + i % 60, 40, 50))
    return image


def _paint_once(i: int, ring: CountdownRing, preview: Preview, card: ResultCard) -> None:
    """One round: each widget in the state it paints most in the apps, rendered once."""
    ring.set_left((i % 30) / 30, 30 - i % 30)
    preview.show_frame(_frame(i))
    preview.show_outline([(200, 140), (440, 140), (440, 380), (200, 380)], ok=i % 2 == 0)
    if i % 3 == 0:
        card.sending(1_250 + i, "CNY")
    else:
        kind = "approved" if i % 3 == 1 else "declined"
        card.show_outcome(Outcome(kind=kind, key=f"k{i}", amount=1_250 + i, currency="CNY",
                                  decline_code=None if kind == "approved" else "code_used"))
    for widget in (ring, preview, card):
        widget.grab()


def counts() -> dict[str, int]:
    return {name: sys.getrefcount(obj) for name, obj in SINGLETONS.items()}


def main(rounds: int) -> dict[str, object]:
    app = QApplication.instance() or QApplication([])
    ring = CountdownRing(diameter_px=120)
    preview = Preview()
    preview.resize(640, 420)
    card = ResultCard()
    card.resize(560, 320)
    keep: list[QWidget] = [ring, preview, card]
    _paint_once(0, ring, preview, card)  # caches, fonts and style sheets are made once
    app.processEvents()
    before = counts()
    for i in range(1, rounds + 1):
        _paint_once(i, ring, preview, card)
        if i % 50 == 0:
            app.processEvents()
    after = counts()
    del keep
    return {
        "pyside6": pyside_version,
        "rounds": rounds,
        "change": {name: after[name] - before[name] for name in SINGLETONS},
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 3_000)), flush=True)
