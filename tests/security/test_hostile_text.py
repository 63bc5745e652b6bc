"""Text a database can't hold, sent by anyone: the NUL character (JSON's "\\u0000", or
%00 in a path). PostgreSQL refuses NUL in text, so on PostgreSQL a name, a delegate, an
approval's payment id or a path id holding one answered 500 or 503 with the database's
own words; SQLite stored it. Bound: every route refuses it at the front door (400
`bad_request`) on both engines, before any route or storage sees it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from tests.security.conftest import Victim, shop_key, victim
from tests.server.helpers import now
from tests.server.test_payments import fresh
from tests.servers import ServerProcess

NUL = "a\u0000b"


@pytest.fixture(scope="module")
def family(server: ServerProcess) -> Iterator[Victim]:
    v = victim(server)
    yield v
    v.close()


def test_nul_in_any_text_is_refused_at_the_door_on_every_engine(
    server: ServerProcess, family: Victim
) -> None:
    key = shop_key(server)
    till = {"Authorization": f"Bearer {key}"}
    payer = {"Authorization": f"Bearer {family.payer.token}"}
    code = fresh(family.device, now())
    sale = {"code": code, "amount": 100, "currency": "CNY"}
    attempts: list[tuple[str, str, dict[str, str], object]] = [
        ("POST", "/v1/users", {}, {"name": "n" + uuid.uuid4().hex[:6] + NUL,
                                   "password": "long enough", "role": "payer"}),
        ("POST", "/v1/sessions", {}, {"name": NUL, "password": "long enough"}),
        ("POST", "/v1/grants", payer, {"delegate": NUL, "limits": {
            "per_payment": 1, "daily": 1, "monthly": 1}}),
        ("POST", "/v1/approvals", till, {"payment_id": NUL}),
        ("POST", "/v1/payments", {**till, "Idempotency-Key": uuid.uuid4().hex},
         {**sale, "reference": NUL}),
        ("POST", "/v1/payments", {**till, "Idempotency-Key": uuid.uuid4().hex},
         {**sale, "items": [{"name": NUL, "unit_amount": 100}]}),
        ("GET", "/v1/grants/a%00b", payer, None),
        ("GET", "/v1/grants/a%00b/payments", payer, None),
        ("POST", "/v1/grants/a%00b/revoke", payer, None),
        ("GET", "/v1/payments/a%00b", till, None),
        ("POST", "/v1/payments/a%00b/rest", till, {"how": "cash"}),
        ("GET", "/v1/approvals/a%00b", till, None),
    ]
    with httpx.Client(base_url=server.url, timeout=10) as http:
        for method, path, headers, body in attempts:
            r = http.request(method, path, headers=headers, json=body)
            assert (r.status_code, r.json()["error"]["code"]) == (400, "bad_request"), (
                method, path, r.status_code, r.text)
            assert "PostgreSQL" not in r.text and "NUL (0x00)" not in r.text
        # The text "\u0000" (an escaped backslash, then u0000) is no NUL: it pays.
        r = http.post("/v1/payments", json={**sale, "reference": "\\u0000"},
                      headers={**till, "Idempotency-Key": uuid.uuid4().hex})
        assert (r.status_code, r.json()["status"]) == (201, "approved"), r.text
        assert r.json()["reference"] == "\\u0000"
        assert http.get("/v1/health").status_code == 200


def test_a_new_name_cant_look_like_another_by_what_cant_be_seen(server: ServerProcess) -> None:
    """Someone signs up as a child's name with a zero-width space in it, a right-to-left
    override, a trailing space or the same letters decomposed ("é" as e + accent): on a
    parent's screen it reads as the child's. Each is refused (422) with the reason; a name
    in any script is taken as it is, and a name in another case ("Lily" beside "lily") is
    taken."""
    base = "kid" + uuid.uuid4().hex[:6]
    with httpx.Client(base_url=server.url, timeout=20) as http:
        def sign_up(name: str) -> httpx.Response:
            return http.post("/v1/users", json={"name": name, "password": "long enough",
                                                "role": "delegate"})

        for name, reason in [
            (base + "\u200b", "invisible"), ("\u202e" + base, "invisible"),
            (base + "\u2060", "invisible"), ("Zoe\u0301" + base, "NFC"),
            (base + "\u2028x", "invisible"),
        ]:
            answer = sign_up(name)
            assert answer.status_code == 422, (name, answer.text)
            assert reason in answer.json()["error"]["message"], (name, answer.text)
        for name in ("莉莉" + base[-6:], "Zoé" + base[-6:], "Mary Ann " + base[-6:]):
            assert sign_up(name).status_code == 201, name
        made = sign_up(" " + base + " ")  # its spaces at the ends are not part of it
        assert made.status_code == 201 and made.json()["name"] == base
        assert sign_up(base).status_code == 409
        # The same letters in another case are the same name to a reader: taken.
        assert sign_up(base.upper()).status_code == 409
        assert sign_up(base.capitalize()).status_code == 409
