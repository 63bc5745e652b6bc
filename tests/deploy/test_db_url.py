"""§3 The database password never on a command line: a file (0600) or the environment."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from tests.servers import Postgres, run_kinpay

pytestmark = pytest.mark.postgres


def _with_password(url: str) -> str:
    # The throwaway cluster trusts 127.0.0.1, so any password connects: what matters here
    # is where the URL may come from.
    return url.replace("postgresql://kinpay@", "postgresql://kinpay:s3cret-pw@")


def test_a_password_comes_from_a_file_or_the_environment_only(
    postgres: Postgres, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = _with_password(postgres.create_db("dburl"))
    for command in (["check"], ["fund", "--payer", "mum", "--amount", "1.00", "--reason", "r"]):
        on_argv = run_kinpay(*command, "--db", url, check=False)
        assert on_argv.returncode == 2 and "--db-url-file" in on_argv.stderr, command
        assert "s3cret-pw" not in on_argv.stderr + on_argv.stdout, command

    url_file = tmp_path / "db-url"
    url_file.write_text(url + "\n")
    url_file.chmod(0o644)
    loose = run_kinpay("check", "--db-url-file", str(url_file), check=False)
    assert loose.returncode == 2 and "chmod 600" in loose.stderr

    url_file.chmod(0o600)
    # The database is still empty: `check` says so and makes nothing in it.
    empty = run_kinpay("check", "--db-url-file", str(url_file), "--json", check=False)
    assert empty.returncode == 2 and "holds no kinpay ledger" in empty.stderr
    with psycopg.connect(url) as conn:
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        assert tables.fetchone() == (0,)

    monkeypatch.setenv("KINPAY_DB_URL", url)
    from_env = run_kinpay("terminal", "add", "--merchant", "Env Shop", "--category", "toys")
    monkeypatch.delenv("KINPAY_DB_URL")
    assert json.loads(from_env.stdout)["api_key"]
    from_file = run_kinpay("check", "--db-url-file", str(url_file), "--json")
    assert json.loads(from_file.stdout)["ok"] is True
    listed = json.loads(run_kinpay("terminal", "list", "--db-url-file", str(url_file)).stdout)
    assert [t["merchant"] for t in listed["terminals"]] == ["Env Shop"]
