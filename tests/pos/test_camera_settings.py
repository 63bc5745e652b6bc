"""Choosing cameras in Settings, as a shop owner does (issue 10 §8): the demo's simulated
tablet keeps working and stays in the list, a camera's old problem and old picture go when
another is chosen, and an idle terminal keeps no red message. Real widgets, real frames,
a real server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from PySide6.QtWidgets import QComboBox, QPushButton

from pos_app import cameras
from pos_app.scan import synth
from pos_app.widgets import theme
from tests.pos.conftest import code_frames
from tests.pos.test_screens import child, click
from tests.pos.test_terminal import terminal_payments, type_amount, wait_result

pytestmark = pytest.mark.gui


def _choose(qtbot: Any, window: Any, *, name: str | None = None,
            typed: str | None = None) -> None:
    window.open_settings()
    combo = child(window, QComboBox, "set_camera")
    if name is not None:
        index = combo.findText(name)
        assert index >= 0, [combo.itemText(i) for i in range(combo.count())]
        combo.setCurrentIndex(index)
    else:
        combo.setEditText(str(typed))
    click(qtbot, child(window, QPushButton, "settings_save"))
    assert window.dialog is None


def test_the_simulated_tablet_sells_and_stays_offered(terminal: Any, qtbot: Any,
                                                      tmp_path: Path,
                                                      sqlite_world: dict[str, Any]) -> None:
    sim = f"sim:{sqlite_world['delegate']['device']}"
    window = terminal(camera=cameras.camera_factory(sim))
    window.settings.camera = sim
    window.settings.save(window.data_dir)  # as `kinpay pos --camera sim:…` leaves it
    replay = code_frames("not a payment", tmp_path / "replay", empty=1, with_code=1)
    _choose(qtbot, window, typed=str(replay))
    assert window.settings.camera == str(replay)
    _choose(qtbot, window, name="Simulated tablet (demo)")
    assert window.settings.camera == sim
    type_amount(qtbot, window, "250")
    window.charge()
    wait_result(qtbot, window, "approved")
    assert [p.amount for p in terminal_payments(sqlite_world)] == [250]


def test_switching_cameras_leaves_no_stale_problem_or_picture(terminal: Any, qtbot: Any,
                                                              tmp_path: Path) -> None:
    missing = str(tmp_path / "video9.mp4")  # a camera that is not there
    window = terminal(camera=cameras.camera_factory(missing))
    window.settings.camera = missing
    qtbot.waitUntil(lambda: "video9" in window.status.camera.toolTip(), timeout=10_000)
    replay = code_frames("hello", tmp_path / "replay", empty=2, with_code=0)
    _choose(qtbot, window, typed=str(replay))
    qtbot.waitUntil(lambda: window.preview.frames_shown > 0, timeout=10_000)
    assert window.status.camera.text() == ""
    assert window.preview.image is not None
    _choose(qtbot, window, typed=missing)
    qtbot.waitUntil(lambda: "video9" in window.status.camera.toolTip(), timeout=10_000)
    # The replay's last frame is gone: the preview says there is no picture.
    assert window.preview.image is None
    assert (window.preview.message or "").startswith("No camera picture")


def test_an_idle_terminal_keeps_no_red_message(terminal: Any, qtbot: Any,
                                               tmp_path: Path) -> None:
    folder = tmp_path / "shelf"
    folder.mkdir()
    # A QR that is not a kinpay code (a product's label) stays in view the whole time.
    frame = synth.frame("https://example.com/apples", synth.Conditions(), seed=3)
    cv2.imwrite(str(folder / "f000.png"), np.ascontiguousarray(frame))
    window = terminal(camera=cameras.camera_factory(str(folder)))
    qtbot.waitUntil(lambda: window.prompt.text().startswith("Not a code"), timeout=15_000)
    assert theme.BAD in window.prompt.styleSheet()
    qtbot.waitUntil(lambda: theme.BAD not in window.prompt.styleSheet(), timeout=15_000)
    assert window.prompt.text() == "Type the amount, then press Charge."
