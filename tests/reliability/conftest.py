"""Reliability tests: every module here is marked `soak` (so `make soak` selects them) and
also runs in `make test`, in its quick form (see kit.py)."""

from __future__ import annotations

import pytest

from tests.reliability import kit


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not kit.reported:
        return
    terminalreporter.section(f"reliability figures ({kit.FORM} form) -> {kit.OUT}")
    for item, name, value in kit.reported:
        terminalreporter.write_line(f"item {item}: {name} = {value}")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if kit.reported:
        failed = int(session.testsfailed)
        kit.mark_run(exitstatus == 0 and failed == 0, int(exitstatus),
                     int(session.testscollected), failed)
