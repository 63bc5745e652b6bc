"""Smoke test: each benchmark part runs in its tiny mode and gives sane output.

Times are not asserted (the machines are shared and noisy); what is asserted is that
each part measured what it says, found no false reads or errors, and wrote its plots and
its section of the page — here into a temporary folder, never into docs/.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from bench import decode, load, plots, report, scan, wallet

pytestmark = [pytest.mark.slow, pytest.mark.gui]


@pytest.fixture(autouse=True)
def plots_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(plots, "OUT", tmp_path)
    return tmp_path


def _quiet(text: str) -> None:
    pass


def _check_part(part: report.Part, tmp_path: Path) -> None:
    assert part.tables and all(t.rows for t in part.tables)
    assert part.plots and all(p.parent == tmp_path and p.stat().st_size > 1000 for p in part.plots)
    page = report.write_page([part], header="# test", when="now", page=tmp_path / "b.md")
    text = page.read_text(encoding="utf-8")
    assert f"<!-- bench:{part.name}:start -->" in text and part.title in text
    for table in part.tables:
        assert table.rows[0][0] in text


def test_decode(tmp_path: Path) -> None:
    part = decode.run("tiny", log=_quiet)
    _check_part(part, tmp_path)
    by_text = {g.text: g for g in part.goals}
    false_reads = next(g for t, g in by_text.items() if "false reads" in t)
    assert false_reads.met, false_reads.detail
    synthetic = next(t for t in part.tables if t.title.startswith("Synthetic"))
    # One row per condition and size, then the three groups the goals are judged on.
    groups = ["screen-and-close conditions", "counter conditions", "all synthetic"]
    assert len(synthetic.rows) == len(decode.CONDITIONS) * len(decode.SIZES) + len(groups)
    assert [r[0] for r in synthetic.rows[-len(groups):]] == groups
    clean = next(r for r in synthetic.rows if r[0] == "clean 720p")
    assert clean[1] == "1/1"  # kinpay reads a clean frame


def test_scan(tmp_path: Path) -> None:
    part = scan.run("tiny", log=_quiet)
    _check_part(part, tmp_path)
    quiet, table = part.tables
    assert [r[0] for r in quiet.rows] == ["idle (no sale waits)", "armed (a sale waits)"]
    assert all(float(r[1].rstrip(" %")) >= 0 for r in quiet.rows)
    pipeline = table.rows[0]
    # every sale approved and timed; else the outcomes, as the part's note gives them
    assert pipeline[1] == str(scan.SALES["tiny"]), part.notes[:1]
    assert all(not math.isnan(float(cell)) and float(cell) > 0 for cell in pipeline[2:6])


def test_load(tmp_path: Path) -> None:
    part = load.run("tiny", log=_quiet)
    _check_part(part, tmp_path)
    [table] = part.tables
    assert {r[0] for r in table.rows} == {load.LABELS["naive"], load.LABELS["sqlite"]}
    for row in table.rows:
        assert float(row[2].split()[0].replace(",", "")) > 0
        assert int(row[7]) > 0 and row[8] == "0", row  # approved, and no errors
    checks = next(n for n in part.notes if n.startswith("Ledger checks"))
    assert "exit 0" in checks and "naive check ok" in checks


def test_wallet(tmp_path: Path) -> None:
    part = wallet.run("tiny", log=_quiet)
    _check_part(part, tmp_path)
    [table] = part.tables
    assert all(float(r[1]) > 0 for r in table.rows)
