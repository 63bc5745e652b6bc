"""Where `kinpay demo` keeps its data. The script (`make demo` with no display) plays in a
world of its own beside its screenshots, started over every time: a second run in the same
clone found the first one's sales in the till's day and failed its report step."""

from __future__ import annotations

from pathlib import Path

import pytest

from kinpay_demo.shop import Shop, data_folder


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


def test_the_windows_world_made_by_an_older_kinpay_is_upgraded_not_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found with `make demo` after a schema revision: the windows' world (kept between
    runs) was at the revision before, `kinpay server` refused it ("older schema … back it
    up, then run kinpay db upgrade") and the demo ended at once. Its own data is upgraded
    now; an upgraded world says so, one already current says nothing."""
    from server_stub.db import SCHEMA_HEAD, Database, DbUrl, schema_revision
    from server_stub.migrations import upgrade

    data = tmp_path / "demo"
    data.mkdir()
    shop = Shop(data, offscreen=True)
    upgrade(DbUrl.parse(shop.db), to="0007")
    shop.upgrade_data()
    conn = Database(shop.db).connect()
    try:
        assert schema_revision(conn) == SCHEMA_HEAD != "0007"
    finally:
        conn.close()
    assert f"upgraded from schema 0007 to {SCHEMA_HEAD}" in capsys.readouterr().out
    shop.upgrade_data()
    assert capsys.readouterr().out == ""


def test_no_world_yet_is_left_for_the_server_to_make(tmp_path: Path) -> None:
    shop = Shop(tmp_path, offscreen=True)
    shop.upgrade_data()
    assert not Path(shop.db).exists()
