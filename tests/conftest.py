"""Fixtures every test folder shares: real servers on 127.0.0.1 and a seeded world.

`engine` runs a test on SQLite and on PostgreSQL; the PostgreSQL server is started here,
once per session, from the machine's initdb and pg_ctl (make test installs them). It is
never skipped: if it can't start, the tests that need it fail and say why.
"""

from __future__ import annotations

import functools
import itertools
import os
import shutil
import tempfile
import uuid
import weakref
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


# --- no widget shown as a window of its own (tests marked gui) ----------------------------
#
# A widget made with no parent and shown before it is put in its layout is, for that moment,
# a top-level window: on a desktop a small window flashes, and a window shown as the app's
# last window closes takes back Qt's posted Quit (the wallet ran on with no window). Every
# GUI test watches every Show with one app-wide event filter: a plain top-level window that
# is not a QMainWindow or a QDialog fails the test, unless the test made it top-level on
# purpose and said so with qtbot.addWidget (a card or a form tried alone).


@functools.cache
def _stray_watch() -> type:
    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtGui import QShowEvent
    from PySide6.QtWidgets import QDialog, QMainWindow, QWidget

    window = Qt.WindowType.Window

    class StrayWindows(QObject):
        """The widgets shown as plain top-level windows but those registered with
        qtbot.addWidget, before or after they were shown."""

        def __init__(self) -> None:
            super().__init__()
            self.registered: list[weakref.ref[QWidget]] = []
            self.shown: list[tuple[weakref.ref[QWidget], str]] = []

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            # Every event of the app passes here: its class is the cheapest look (a Show is
            # a QShowEvent; event.type() costs a call into Qt, each event).
            if (type(event) is QShowEvent and isinstance(watched, QWidget) and watched.isWindow()
                    and watched.windowType() == window
                    and not isinstance(watched, (QMainWindow, QDialog))
                    and not self.is_registered(watched)):
                text = getattr(watched, "text", None)
                words = f" {text()!r}" if callable(text) else ""
                self.shown.append((weakref.ref(watched), f"{type(watched).__module__}."
                                   f"{type(watched).__qualname__} {watched.objectName()!r}"
                                   f"{words}"))
            return False

        def is_registered(self, widget: QWidget) -> bool:
            return any(r() is widget for r in self.registered)

        def register(self, widget: QWidget) -> None:
            self.registered.append(weakref.ref(widget))
            self.shown = [(r, what) for r, what in self.shown if r() is not widget]

        def strays(self) -> list[str]:
            return list(dict.fromkeys(what for _, what in self.shown))

    return StrayWindows


@pytest.fixture(autouse=True)
def _no_stray_windows(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.node.get_closest_marker("gui") is None:
        yield
        return
    qapp = request.getfixturevalue("qapp")
    qtbot = request.getfixturevalue("qtbot")  # the test's own: the same instance
    watch = _stray_watch()()
    add_widget = qtbot.addWidget

    def register(widget: Any, **kwargs: Any) -> None:
        watch.register(widget)
        add_widget(widget, **kwargs)

    qtbot.addWidget = register
    qapp.installEventFilter(watch)
    try:
        yield
    finally:
        qapp.removeEventFilter(watch)
    strays = watch.strays()
    if strays:
        pytest.fail("shown as a window of its own (a widget with no parent shown before it is"
                    " in its layout; a test's own top-level widget: qtbot.addWidget it): "
                    + "; ".join(strays), pytrace=False)


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
