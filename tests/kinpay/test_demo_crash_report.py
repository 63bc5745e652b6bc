"""Live QA 36 §16: when the demo's server died, the demo quoted "the last lines of its
log", and those were fifteen of its own health checks (`GET /v1/health`, one a second):
nothing about the death. The quote leaves them out, says how many, and keeps the lines
that say something, however far back the checks pushed them."""

from __future__ import annotations

from pathlib import Path

import pytest

from kinpay_demo.watch import report_death

CHECK = 'INFO:     127.0.0.1:42194 - "GET /v1/health HTTP/1.1" 200 OK'
MEANT = ['INFO:     127.0.0.1:50110 - "POST /v1/payments HTTP/1.1" 200 OK',
         "ERROR:    Exception in ASGI application",
         "sqlite3.OperationalError: database is locked"]


def test_the_crash_report_quotes_what_happened_not_the_health_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    log = tmp_path / "server.log"
    log.write_text("\n".join([CHECK] * 50 + MEANT + [CHECK] * 3000) + "\n")
    told: list[str] = []
    report_death("server", -9, log, tell=told.append)
    quoted = [line.removeprefix("    | ") for line in capsys.readouterr().out.splitlines()]
    assert not any("/v1/health" in line and "left out" not in line for line in quoted), \
        f"the report quotes health checks: {quoted[:3]}"
    assert quoted[:3] == MEANT, quoted
    assert quoted[-1] == "(3050 health checks (GET /v1/health) left out)", quoted
    assert "server.log" in told[0]
