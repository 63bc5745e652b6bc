"""Fixtures every test folder shares: real servers on 127.0.0.1 and a seeded world.

`engine` runs a test on SQLite and on PostgreSQL; the PostgreSQL server is started here,
once per session, from the machine's initdb and pg_ctl (make test installs them). It is
never skipped: if it can't start, the tests that need it fail and say why.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.servers import FORKSERVER_ENV
from kinpay import collector
from tests.servers import Postgres, ServerProcess, seed

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# One id for this pytest run, set before pytest-xdist starts its workers (they inherit it):
# the reliability figures of every worker go to one section (tests/reliability/kit.py).
os.environ.setdefault("KINPAY_TEST_RUN", uuid.uuid4().hex)
# `kinpay server` and the short `kinpay` commands start as children of a fork server that
# has done Python's start-up and imports once per worker (bench/forkserver.py): each is
# still a process of its own, and the suite spends its CPU on the tests, not on imports.
os.environ.setdefault(FORKSERVER_ENV, "1")
_db_names = itertools.count(1)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    # Not under pytest's own temp folder: that one is private to root (0700), and the
    # cluster runs as the postgres user.
    base = Path(tempfile.mkdtemp(prefix="kinpay-pg-"))
    pg = Postgres(base).start()
    try:
        yield pg
    finally:
        pg.stop()
        shutil.rmtree(base, ignore_errors=True)


# One server per test module and engine: tests make their own families and terminals, so
# they don't see each other's money, and a server start is paid once per module.
@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def db_url(
    engine: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> str:
    if engine == "sqlite":
        return str(tmp_path_factory.mktemp("sqlite") / "kinpay.db")
    pg: Postgres = request.getfixturevalue("postgres")
    return pg.create_db(f"t{os.getpid()}_{next(_db_names)}")


@pytest.fixture(scope="module")
def server(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    log = tmp_path_factory.mktemp("server") / "server.log"
    proc = ServerProcess(db=db_url, log_path=log).start()
    try:
        yield proc
    finally:
        proc.stop()


@pytest.fixture
def world(server: ServerProcess, db_url: str, tmp_path: Path) -> dict[str, Any]:
    """The seeded demo world (payer, delegate with a device file, terminal, grant)."""
    data = seed(db_url, tmp_path / "devices", server.url)
    data["server_url"] = server.url
    data["db"] = db_url
    return data


@pytest.fixture
def sqlite_server(tmp_path: Path) -> Iterator[ServerProcess]:
    """A server on SQLite only, for app tests that need one engine."""
    proc = ServerProcess(db=str(tmp_path / "kinpay.db"), log_path=tmp_path / "server.log")
    proc.start()
    try:
        yield proc
    finally:
        proc.stop()


@pytest.fixture
def sqlite_world(sqlite_server: ServerProcess, tmp_path: Path) -> dict[str, Any]:
    data = seed(sqlite_server.db, tmp_path / "devices", sqlite_server.url)
    data["server_url"] = sqlite_server.url
    data["db"] = sqlite_server.db
    return data


# --- the reliability figures, printed and marked once per run (tests/reliability/kit.py) --


def pytest_runtest_teardown(item: pytest.Item) -> None:
    """A window of either app switches Python's automatic collector off for the process
    (kinpay/collector.py: it collects on the GUI thread, from a timer that runs only while
    Qt's events are); this process's tests without a window collect between tests, here."""
    collector.collect_due()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    from tests.reliability import kit

    figures = kit.this_runs_figures()
    if not figures:
        return
    terminalreporter.section(f"reliability figures ({kit.FORM} form) -> {kit.OUT}")
    for item, name, value in figures:
        terminalreporter.write_line(f"item {item}: {name} = {value}")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if hasattr(session.config, "workerinput"):
        return  # a pytest-xdist worker: the controller marks the whole run
    from tests.reliability import kit

    failed = int(session.testsfailed)
    kit.mark_run(exitstatus == 0 and failed == 0, int(exitstatus),
                 int(session.testscollected), failed)
