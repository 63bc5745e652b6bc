"""What a shop owner's `kinpay` commands say, found in live test 34: `kinpay db status`
against a PostgreSQL server it couldn't reach (a missing role, a stopped server) printed a
Python traceback, and against a mistyped SQLite path it made that folder and an empty
database; `kinpay seed` the same traceback; `kinpay terminal list` showed a shop called
王记小卖部 as "\\u738b\\u8bb0…". Real CLI, real files; the unreachable server is a closed
port on 127.0.0.1."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from tests.servers import free_port, run_kinpay


@pytest.mark.parametrize("command", [["db", "status"], ["seed"], ["check"],
                                     ["terminal", "list"], ["keys", "list"]])
def test_an_unreachable_database_is_said_in_words(
        command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KINPAY_DB_URL",
                       f"postgresql://nobody:not-a-password@127.0.0.1:{free_port()}/shop")
    done = run_kinpay(*command, check=False)
    said = done.stderr + done.stdout  # `check` reports its problems on standard output
    assert done.returncode != 0
    assert "Traceback" not in said and "Connection refused" in said
    assert "not-a-password" not in said


def test_db_status_of_a_mistyped_path_makes_nothing(tmp_path: Path) -> None:
    typo = tmp_path / "no-such-folder" / "kinpay.db"
    done = run_kinpay("db", "status", "--db", str(typo), check=False)
    assert done.returncode == 2
    assert done.stderr.strip() == (f"kinpay db status: there is no database at {typo}; "
                                   "nothing was read or created")
    assert not typo.parent.exists()


def test_a_shop_name_is_listed_as_typed(tmp_path: Path) -> None:
    db = str(tmp_path / "data" / "kinpay.db")
    added = run_kinpay("terminal", "add", "--merchant", "王记小卖部", "--category", "grocery",
                       "--db", db)
    assert json.loads(added.stdout)["api_key"]
    listed = run_kinpay("terminal", "list", "--db", db).stdout
    assert '"merchant": "王记小卖部"' in listed and "\\u" not in listed
    status = json.loads(run_kinpay("db", "status", "--db", db).stdout)
    assert status["current"] is True


@pytest.mark.parametrize(("args", "said"), [
    (["--port", "99999"], "argument --port: a port is 1 to 65535, not 99999"),
    (["--port", "0"], "argument --port: a port is 1 to 65535, not 0"),
    (["--port", "http"], "argument --port: 'http' is not a whole number"),
    (["--workers", "0"], "argument --workers: a number of workers is 1 to 64, not 0"),
])
def test_a_port_or_a_number_of_workers_out_of_range_is_refused_in_words(
        tmp_path: Path, args: list[str], said: str) -> None:
    """Operations review 37: `--port 99999` hung (uvicorn never bound, nothing said) and
    `--workers 0` started; each is refused at once, nothing made."""
    db = tmp_path / "kinpay.db"
    done = run_kinpay("server", "--db", str(db), *args, check=False, timeout_s=60)
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert done.stderr.strip().splitlines()[-1] == f"kinpay server: error: {said}"
    assert not db.exists()


def test_the_demos_port_out_of_range_is_refused_in_words() -> None:
    done = run_kinpay("demo", "--port", "70000", check=False, timeout_s=60)
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert done.stderr.strip().splitlines()[-1] == (
        "kinpay demo: error: argument --port: a port is 1 to 65535, not 70000")


def test_db_upgrade_of_a_mistyped_path_makes_nothing(tmp_path: Path) -> None:
    """Operations review 37 (M3): `kinpay db upgrade` on a mistyped path made a new, empty
    database (and its folder) and said it upgraded it from nothing."""
    typo = tmp_path / "kinpay-dta" / "kinpay.db"
    done = run_kinpay("db", "upgrade", "--db", str(typo), check=False)
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert done.stderr.strip() == (f"kinpay db upgrade: there is no database at {typo}; nothing"
                                   " was created (`kinpay server` makes a new one)")
    assert not typo.parent.exists()


def test_a_port_in_use_is_refused_in_words_before_anything_is_made(tmp_path: Path) -> None:
    """A port another program holds: said in one line before the database and its keys
    are made (uvicorn said "[Errno 98] error while attempting to bind" after making them)."""
    db = tmp_path / "kinpay.db"
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        done = run_kinpay("server", "--db", str(db), "--port", str(port), check=False,
                          timeout_s=60)
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert done.stderr.strip().splitlines()[-1] == (
        f"kinpay server: port {port} on 127.0.0.1 is in use (another kinpay server, or another"
        " program): stop it, or give another --port")
    assert sorted(p.name for p in tmp_path.iterdir()) == []
