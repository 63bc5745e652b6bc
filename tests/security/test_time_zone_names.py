"""A time zone that names a folder of the zone database.

Anyone, with no account, signed up with `"timezone": "Asia"` (or "America", "Etc", …):
Python's ZoneInfo raises IsADirectoryError for a folder, which the server did not catch, so
each such request was a 500 that wrote about 9 KB of traceback to the server's log, even
with --quiet, and no limit applied to it (no session to count): one client filled the log
at about 1 GB an hour. A parent's new allowance with such a zone was a 503 "storage failed
… retry", and every retry failed alike. Bound: every name the server can't use as a zone is
400 `bad_timezone`, before anything is written; nothing reaches the log as a traceback.
"""

from __future__ import annotations

import secrets

import httpx
import pytest

from tests.server.helpers import PASSWORD, user
from tests.servers import ServerProcess

NOT_ZONES = ["Asia", "America", "Etc", "Europe", "America/Argentina", "Asia/", "/Asia",
             "Europe/../Asia", ".", "..", "zone.tab", "tzdata.zi", "Nowhere/City"]


@pytest.mark.parametrize("name", NOT_ZONES)
def test_a_sign_up_with_a_folder_for_a_zone_is_refused_plainly(
        server: ServerProcess, name: str) -> None:
    r = httpx.post(f"{server.url}/v1/users", timeout=20, json={
        "name": f"tz-{secrets.token_hex(4)}", "password": PASSWORD, "role": "payer",
        "timezone": name})
    assert r.status_code in (400, 422), r.text
    if r.status_code == 400:
        assert r.json()["error"]["code"] == "bad_timezone"


def test_an_allowance_in_a_folder_zone_is_refused_and_nothing_is_logged(
        server: ServerProcess) -> None:
    payer = user(server.url, "payer")
    child = user(server.url, "delegate")
    body = {"delegate": child.me().name, "timezone": "Asia",
            "limits": {"per_payment": 1_000, "daily": 2_000, "monthly": 10_000}}
    with httpx.Client(base_url=server.url, timeout=20,
                      headers={"Authorization": f"Bearer {payer.token}"}) as http:
        answers = [http.post("/v1/grants", json=body) for _ in range(2)]
        fine = http.post("/v1/users", json={"name": f"tz-{secrets.token_hex(4)}",
                                            "password": PASSWORD, "role": "payer",
                                            "timezone": "Europe/London"})
    assert [(a.status_code, a.json()["error"]["code"]) for a in answers] == [
        (400, "bad_timezone")] * 2
    assert fine.status_code == 201
    assert payer.grants() == []
    assert server.log_path is not None
    log = server.log_path.read_text(errors="replace")
    assert "Traceback" not in log and "IsADirectoryError" not in log
    payer.close()
    child.close()
