"""Seeding a demo database again resets the demo passwords: the sessions the old ones
started end with them (attack review 35, finding 7: they were kept, so whoever had signed
in with an old password, or held an old session, stayed in)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from tests.servers import ServerProcess, run_kinpay


def test_seeding_again_ends_the_demo_accounts_old_sessions(
    server: ServerProcess, tmp_path: Path
) -> None:
    first = json.loads(run_kinpay("seed", "--db", server.db, "--devices", str(tmp_path),
                                  "--no-grant").stdout)
    with httpx.Client(base_url=server.url, timeout=30) as http:
        signed = http.post("/v1/sessions", json={"name": first["payer"]["name"],
                                                 "password": first["payer"]["password"]})
        assert signed.status_code in (200, 201), signed.text
        held = [signed.json()["token"], first["payer"]["token"], first["delegate"]["token"]]
        # seed again (a demo database: everything in it is seed's)
        second = run_kinpay("seed", "--db", server.db, "--devices", str(tmp_path), "--no-grant",
                            check=False)
        assert second.returncode == 0, second.stderr
        for token in held:
            r = http.get("/v1/me", headers={"Authorization": f"Bearer {token}"})
            assert r.status_code == 401, r.text
            assert r.json()["error"]["code"] == "password_reset"
        fresh = json.loads(second.stdout)["payer"]["token"]
        assert http.get("/v1/me", headers={"Authorization": f"Bearer {fresh}"}).status_code == 200
