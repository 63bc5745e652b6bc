"""The server's shape, as issue 14 asks it: one exception tree, routes without SQL, no
module over 500 lines and no function over 70 (server_stub and bench), one transaction per
request (a grant and its event), and bench needing nothing from tests/."""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import pkgutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import server_stub
from server_stub.app import create_app
from server_stub.errors import ServerStubError
from tests.server.helpers import PASSWORD
from tests.servers import ROOT, app_in_process

MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 70
SQL_WORDS = ("SELECT ", "INSERT ", "UPDATE ", "DELETE FROM", ".execute(", ".all(", ".one(")


def _modules() -> list[str]:
    found = ["server_stub"]
    for info in pkgutil.walk_packages(server_stub.__path__, "server_stub."):
        # alembic runs these inside its own context; they define no exceptions
        if ".migrations.versions." not in info.name and not info.name.endswith(".env"):
            found.append(info.name)
    return found


def test_every_exception_the_server_defines_is_rooted_in_one_tree() -> None:
    strays = []
    for name in _modules():
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != name or not issubclass(cls, BaseException):
                continue
            if not issubclass(cls, ServerStubError):
                strays.append(f"{name}.{cls.__name__}")
    assert strays == []
    # The ones the operator's commands catch as they always did.
    from server_stub.dburl import DbUrlRefused
    from server_stub.integrity import StorageDamaged

    assert issubclass(StorageDamaged, ServerStubError)
    assert issubclass(DbUrlRefused, ValueError)


def _python_files(*folders: str) -> Iterator[Path]:
    for folder in folders:
        yield from sorted((ROOT / folder).rglob("*.py"))


def test_no_module_over_500_lines_and_no_function_over_70() -> None:
    too_big = []
    for path in _python_files("server_stub", "bench"):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MAX_MODULE_LINES:
            too_big.append(f"{path.relative_to(ROOT)}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    too_big.append(f"{path.relative_to(ROOT)}:{node.name}: {lines} lines")
    assert too_big == []


def test_routes_hold_no_sql() -> None:
    # The app and its routers: where a route is declared, none may hold SQL.
    where = [ROOT / "server_stub" / "app.py", *_python_files("server_stub/routes")]
    with_sql = [
        f"{path.name}: {word.strip()}"
        for path in where
        for word in SQL_WORDS
        if word in path.read_text(encoding="utf-8")
    ]
    assert with_sql == []
    assert len(where) > 1  # the routers were found


def test_bench_imports_nothing_from_tests() -> None:
    found = []
    for path in _python_files("bench"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "tests"]
    assert found == []


@pytest.fixture
def in_process(tmp_path: Path) -> Iterator[tuple[str, list[str], Path]]:
    """The real app under uvicorn on 127.0.0.1, in this process, so that the test can
    count the writer's transactions; yields its URL and the list they are counted in."""
    db = tmp_path / "kinpay.db"
    app = create_app(str(db), demo=True)
    jobs: list[str] = []
    with app_in_process(app) as url:
        writer = app.state.kinpay.writer
        submit: Callable[..., Any] = writer.submit
        submit_async: Callable[..., Any] = writer.submit_async

        def counted(job: Any) -> Any:
            jobs.append(getattr(job, "__qualname__", "?"))
            return submit(job)

        def counted_async(job: Any) -> Any:
            jobs.append(getattr(job, "__qualname__", "?"))
            return submit_async(job)

        writer.submit = counted
        writer.submit_async = counted_async
        yield url, jobs, db


def _signed_in(http: httpx.Client, url: str, name: str, role: str) -> dict[str, str]:
    made = http.post(f"{url}/v1/users", json={"name": name, "password": PASSWORD, "role": role})
    assert made.status_code == 201, made.text
    session = http.post(f"{url}/v1/sessions", json={"name": name, "password": PASSWORD})
    assert session.status_code == 201, session.text
    return {"Authorization": f"Bearer {session.json()['token']}"}


def test_a_grant_and_its_event_are_one_transaction(
    in_process: tuple[str, list[str], Path],
) -> None:
    url, jobs, db = in_process
    with httpx.Client(timeout=10) as http:
        payer = _signed_in(http, url, "structure-payer", "payer")
        _signed_in(http, url, "structure-kid", "delegate")  # the child the grant names
        before = len(jobs)
        grant = http.post(f"{url}/v1/grants", headers=payer, json={
            "delegate": "structure-kid",
            "limits": {"per_payment": 500, "daily": 1000, "monthly": 5000},
        })
        assert grant.status_code == 201, grant.text
        assert len(jobs) - before == 1, jobs[before:]
        payer_id = http.get(f"{url}/v1/me", headers=payer).json()["id"]
    # And the event is there for its payer, written with the grant (an offer is not the
    # child's news until the child pairs it: docs/security.md row 77).
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT user_id, data FROM events WHERE type = 'grant'").fetchall()
    created = {user for user, data in rows if json.loads(data)["kind"] == "created"}
    assert created == {payer_id}
