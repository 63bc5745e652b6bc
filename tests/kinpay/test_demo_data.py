"""Where `kinpay demo` keeps its data. The script (`make demo` with no display) plays in a
world of its own beside its screenshots, started over every time: a second run in the same
clone found the first one's sales in the till's day and failed its report step."""

from __future__ import annotations

from pathlib import Path

from kinpay_demo.shop import data_folder


def test_the_script_plays_in_a_new_world_beside_its_screenshots(tmp_path: Path) -> None:
    out = tmp_path / "shots"
    assert data_folder(None, script=True, out=out, fresh=False) == (out / "data", True)


def test_a_folder_named_by_hand_is_kept_unless_fresh_is_asked(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    out = tmp_path / "shots"
    assert data_folder(str(mine), script=True, out=out, fresh=False) == (mine, False)
    assert data_folder(str(mine), script=True, out=out, fresh=True) == (mine, True)
    assert data_folder(str(mine), script=False, out=out, fresh=False) == (mine, False)


def test_the_windows_keep_their_world_between_runs(tmp_path: Path) -> None:
    folder, start_over = data_folder(None, script=False, out=tmp_path, fresh=False)
    assert (folder, start_over) == (Path("kinpay-data/demo").resolve(), False)
