"""The load page's note on the machine: the load average after the runs counts the runs'
own processes, so the page said "above the core count, other work shared the machine" after
every run on a quiet machine (2.8 before, 4.3 after, of which the bench's own). Only the
load before the runs says whether other work shared the machine."""

from __future__ import annotations

from bench.load import conditions


def test_a_quiet_machine_is_not_said_to_be_shared() -> None:
    said = conditions(2, 0.4, 4.3)
    assert "0.4 before the runs and 4.3 after" in said
    assert "other work shared" not in said


def test_a_busy_machine_before_the_runs_is_said_to_be_shared() -> None:
    said = conditions(2, 2.8, 4.3)
    assert "other work shared the machine" in said
