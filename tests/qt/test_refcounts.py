"""The apps' busiest widgets, painted thousands of times, leave the counts of None, True
and False where they were (issue 10 §1).

PySide6 6.12.0 drops a reference to None (or a bool) on each QPainter call; after a few
thousand paints the interpreter aborts with `Fatal Python error: none_dealloc`, which is
how every window of the demo died after 7–9 minutes. The painting runs in a child process
(tests/qt/paint_refcounts.py) so that an abort is reported here with its output, rather
than killing pytest. KINPAY_PAINT_PYTHON names another interpreter to paint with (a venv
with another PySide6), to check a binding before pinning it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 1_000
# A sound binding moves these counts by a few dozen (caches, interned results); a broken
# one lowers them by one or more per paint call: thousands over ROUNDS rounds.
NOISE_REFS = 60


def test_painting_thousands_of_times_keeps_none_true_and_false_counted() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(
        [os.environ.get("KINPAY_PAINT_PYTHON") or sys.executable,
         "-m", "tests.qt.paint_refcounts", str(ROUNDS)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, (
        f"the painting process died with status {run.returncode}"
        f" (an abort such as 'Fatal Python error: none_dealloc' is the binding's defect):\n"
        f"{run.stderr[-3000:]}"
    )
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report["rounds"] == ROUNDS
    for name, change in report["change"].items():
        assert change > -NOISE_REFS, (
            f"sys.getrefcount({name}) fell by {-change} over {ROUNDS} rounds of painting"
            f" on PySide6 {report['pyside6']}: the binding drops references"
        )
