"""`kinpay scan`: the terminal's decoder on image files and folders, from the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import cv2
import pytest

from kinpay.cli import build_parser, main
from pos_app.scan import synth
from tests.pos.conftest import Issued, issue

KINPAY = Path(sys.executable).parent / "kinpay"
VGA = synth.PRESETS["vga"]


@pytest.fixture
def folder(tmp_path: Path) -> tuple[Path, dict[str, list[str]]]:
    """A folder of images, one in a subfolder, and the codes each holds."""
    first, second = issue(), issue()
    images = {
        "a-first.png": (synth.frame(first.text, VGA), [first.text]),
        "b-hello.jpg": (synth.frame("hello, counter", VGA), ["hello, counter"]),
        "c-nothing.png": (synth.empty_frame(VGA), []),
        "sub/d-second.bmp": (synth.frame(second.text, synth.PRESETS["tilted"]), [second.text]),
    }
    expected = {}
    for name, (image, texts) in images.items():
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        assert cv2.imwrite(str(path), image)
        expected[str(path)] = texts
    (tmp_path / "notes.txt").write_text("not an image: not scanned")
    return tmp_path, expected


def test_scan_json_prints_one_line_per_image(folder: tuple[Path, dict[str, list[str]]]) -> None:
    root, expected = folder
    done = subprocess.run(
        [str(KINPAY), "scan", "--json", str(root)],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert {r["file"]: r["codes"] for r in records} == expected
    assert all(isinstance(r["ms"], float) and r["ms"] >= 0 for r in records)


def test_scan_kinpay_only_drops_other_texts(
    folder: tuple[Path, dict[str, list[str]]], capsys: pytest.CaptureFixture[str]
) -> None:
    root, expected = folder
    assert main(["scan", "--json", "--kinpay-only", str(root)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    got = {r["file"]: r["codes"] for r in records}
    kinpay_only = {
        path: [t for t in texts if t.startswith("KP1:")] for path, texts in expected.items()
    }
    assert got == kinpay_only


def test_scan_readable_output(
    tmp_path: Path, issued: Issued, capsys: pytest.CaptureFixture[str]
) -> None:
    code = tmp_path / "code.png"
    cv2.imwrite(str(code), synth.frame(issued.text, VGA))
    empty = tmp_path / "empty.png"
    cv2.imwrite(str(empty), synth.empty_frame(VGA))
    assert main(["scan", str(code), str(empty)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{code}: {issued.text} (") and lines[0].endswith(" ms)")
    assert lines[1].startswith(f"{empty}: no code (")


def test_scan_unreadable_file_is_reported_not_fatal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not a png")
    assert main(["scan", "--json", str(broken)]) == 1  # a refused file: non-zero exit
    (record,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert record["codes"] == [] and "error" in record


def test_scan_missing_path_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere"
    assert main(["scan", "--json", str(missing)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"no such file or folder: {missing}" in captured.err


def test_scan_keeps_non_ascii_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "支付.png"
    cv2.imencode(".png", synth.frame("收银台 テスト", VGA))[1].tofile(path)
    assert main(["scan", "--json", str(path)]) == 0
    (record,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert record == {"file": str(path), "codes": ["收银台 テスト"], "ms": record["ms"]}


def test_scan_is_a_registered_subcommand() -> None:
    args = build_parser().parse_args(["scan", "--json", "x.png"])
    assert args.command == "scan" and args.json and args.paths == ["x.png"]
