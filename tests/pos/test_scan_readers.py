"""A QR reader that can't load is said out loud (issue 14: no silent drop): in the log,
in the terminal's status bar, and by `kinpay scan`, which also says which readers it has."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

import cv2
import pytest

from kinpay.cli import main
from pos_app.scan import synth
from pos_app.scan.camera import open_camera
from pos_app.scan.decoder import PYZBAR, ZXING, make_decoder
from tests.pos.conftest import issue

VGA = synth.PRESETS["vga"]


def _without_pyzbar(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes `import pyzbar` fail, as on a machine without libzbar.
    monkeypatch.setitem(sys.modules, "pyzbar", None)
    monkeypatch.setitem(sys.modules, "pyzbar.pyzbar", None)


def test_a_reader_left_out_is_logged_and_named(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _without_pyzbar(monkeypatch)
    with caplog.at_level(logging.WARNING, logger="pos_app.scan.decoder"):
        decoder = make_decoder()
    assert decoder.names == [ZXING]
    assert [problem.library for problem in decoder.missing] == [PYZBAR]
    (record,) = caplog.records
    assert record.levelno == logging.WARNING and PYZBAR in record.getMessage()
    assert decoder.readers_line().startswith(f"QR readers: {ZXING}; {PYZBAR} left out (")


def test_nothing_is_said_when_every_reader_loads(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="pos_app.scan.decoder"):
        decoder = make_decoder()
    assert decoder.missing == [] and caplog.records == []
    assert decoder.readers_line() == f"QR readers: {ZXING}, {PYZBAR}"


@pytest.mark.parametrize("pyzbar", [True, False], ids=["both", "no-pyzbar"])
def test_kinpay_scan_says_which_readers_it_has(
    pyzbar: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not pyzbar:
        _without_pyzbar(monkeypatch)
    path = tmp_path / "code.png"
    cv2.imwrite(str(path), synth.frame("hello, counter", VGA))
    assert main(["scan", str(path)]) == 0  # without pyzbar it reads on with zxing-cpp
    captured = capsys.readouterr()
    said = (f"kinpay scan: QR readers: {ZXING}, {PYZBAR}\n" if pyzbar
            else f"kinpay scan: QR readers: {ZXING}; {PYZBAR} left out (")
    assert said in captured.err
    assert captured.out.startswith(f"{path}: hello, counter (")


def test_the_terminal_says_a_reader_is_missing_in_its_status_bar(
    terminal: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _without_pyzbar(monkeypatch)
    text = issue().text
    window = terminal(camera=lambda: open_camera("sim@640x480", fps=10, provider=lambda: text))
    note = window.status.notice.text()
    assert note.startswith(f"QR readers: {ZXING}; left out: {PYZBAR} (")
