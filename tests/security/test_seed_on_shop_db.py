"""`kinpay seed` run on a shop's database (attack review 35, finding 7). Anyone may sign up
first as the demo's fixed names "mei" and "lily"; seed took those accounts over: it reset
their passwords but kept their sessions, and funded "mei" with 1,000.00 CNY that no
`kinpay fund` meant for anyone. Now seed refuses a database that holds accounts or shops it
didn't make (exit 2, a clear message, no traceback) unless the operator says `--demo-db`,
and a password it resets ends that account's sessions."""

from __future__ import annotations

from pathlib import Path

import httpx

from server_stub import seed as demo
from tests.security.conftest import balance_of
from tests.server.helpers import PASSWORD, user
from tests.servers import ServerProcess, run_kinpay


def test_seed_refuses_a_shop_database_with_squatters_on_the_demo_names(
    server: ServerProcess, tmp_path: Path
) -> None:
    mei = user(server.url, "payer", name=demo.PAYER)  # the squatters, before the operator
    lily = user(server.url, "delegate", name=demo.DELEGATE)
    out = run_kinpay("seed", "--db", server.db, "--devices", str(tmp_path), check=False)
    assert out.returncode == 2, (out.stdout, out.stderr)
    assert "demo database only" in out.stderr and "--demo-db" in out.stderr, out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""
    assert balance_of(mei) == 0  # no money for the squatter
    with httpx.Client(base_url=server.url, timeout=30) as http:  # passwords as they were
        again = http.post("/v1/sessions", json={"name": demo.PAYER, "password": PASSWORD})
        assert again.status_code in (200, 201), again.text
    # The operator says it is a demo database: seed takes the names over, and the sessions
    # the old passwords started end with them.
    out = run_kinpay("seed", "--db", server.db, "--devices", str(tmp_path), "--demo-db",
                     "--no-grant", check=False)
    assert out.returncode == 0, out.stderr
    with httpx.Client(base_url=server.url, timeout=30) as http:
        for old in (mei, lily):
            r = http.get("/v1/me", headers={"Authorization": f"Bearer {old.token}"})
            assert r.status_code == 401, r.text
            assert r.json()["error"]["code"] == "password_reset"
    mei.close()
    lily.close()
