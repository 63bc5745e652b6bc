"""Time windows written in another script's digits (security.md row 61).

A window's times were checked with `\\d`, which takes any Unicode digit. The judge of
"does this change loosen the hours?" read "0٠:00" (an Arabic-Indic zero) with int() as
00:00, an empty window, so no password was asked; the payment rule compared the text, where
"0٠:00" sorts after every "09:59": the window let payments through 00:00-09:59. A stolen
session whose password proof was old widened the child's hours from 16-18 to 00-20.
"""

from __future__ import annotations

import httpx
import pytest
from pydantic import ValidationError

from kinpay import schemas
from tests.security.conftest import post_payment, shop_key, victim
from tests.servers import ServerProcess

MONDAY_0900_UTC = 1796634000  # 2026-12-07 09:00 UTC, a Monday
EVERY_DAY = list(range(7))


def _windows(*spans: tuple[str, str]) -> list[dict[str, object]]:
    return [{"days": EVERY_DAY, "start": a, "end": b} for a, b in spans]


@pytest.mark.parametrize("text", ["0\u0660:00", "1\u0660:00", "\uff11\uff10:00", "0\u0969:30",
                                  "2\u0664:00"])
def test_a_time_in_other_digits_is_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="HH:MM"):
        schemas.TimeWindow(days=[0], start="00:00", end=text)
    with pytest.raises(ValidationError, match="HH:MM"):
        schemas.TimeWindow(days=[0], start=text, end="24:00")


def test_a_stale_session_cannot_open_the_hours_with_other_digits(server: ServerProcess) -> None:
    server.set_clock(MONDAY_0900_UTC)
    try:
        fam = victim(server, timezone="UTC",
                     windows=[schemas.TimeWindow(days=EVERY_DAY, start="16:00", end="18:00")])
        key = shop_key(server)
        at = MONDAY_0900_UTC + 20 * 60  # the session's password proof is 20 minutes old
        server.set_clock(at)
        headers = {"Authorization": f"Bearer {fam.payer.token}"}
        url = f"{server.url}/v1/grants/{fam.grant.id}"
        with httpx.Client(timeout=10) as http:
            honest = http.patch(url, headers=headers,
                                json={"windows": _windows(("16:00", "18:00"), ("09:00", "10:00"))})
            assert honest.status_code == 403, honest.text  # looser: the password again
            sneaky = http.patch(url, headers=headers, json={"windows": _windows(
                ("16:00", "18:00"), ("00:00", "0\u0660:00"), ("10:00", "1\u0660:00"))})
            assert sneaky.status_code == 422, sneaky.text
            assert sneaky.json()["error"]["code"] == "invalid_request"
            assert "HH:MM" in sneaky.json()["error"]["message"]
            now_in_force = fam.payer.grant(fam.grant.id).windows
            assert [(w.start, w.end) for w in now_in_force] == [("16:00", "18:00")]
            for minutes in (21, 5 * 60 + 30, 10 * 60 + 45):  # 09:21, 14:30, 19:45
                t = MONDAY_0900_UTC + minutes * 60
                server.set_clock(t)
                paid = post_payment(http, server.url, key, {
                    "code": fam.device.code_at(t), "amount": 500, "currency": "CNY"})
                assert paid.status_code == 201, paid.text
                body = paid.json()
                assert (body["status"], body["decline_code"]) == ("declined", "outside_hours")
                fam.device.bump(t)
        fam.close()
    finally:
        server.set_clock(None)
