"""The payment fast path and the FastAPI route are one front door (issue 11, item 5): the
same requests, good and hostile, sent to a server with the fast path and to one without it,
get the same answers (status, error code and message, decline, replay header)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.security.conftest import Victim, shop_key, victim
from tests.server.helpers import now
from tests.server.test_payments import fresh
from tests.servers import ServerProcess


@pytest.fixture(scope="module")
def engine() -> str:
    return "sqlite"  # the door, not storage


@dataclass
class Side:
    server: ServerProcess
    key: str
    fam: Victim


@pytest.fixture(scope="module")
def sides(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Side]]:
    made: dict[str, Side] = {}
    for name, fast in (("fast", "1"), ("route", "0")):
        folder: Path = tmp_path_factory.mktemp(name)
        server = ServerProcess(db=str(folder / "k.db"), log_path=folder / "s.log", demo=False,
                               env={"KINPAY_FAST_PATH": fast}).start()
        made[name] = Side(server=server, key=shop_key(server), fam=victim(server))
    yield made
    for side in made.values():
        side.fam.close()
        side.server.stop()


Request = Callable[[Side], dict[str, Any]]  # httpx.request keyword arguments


def payment(side: Side, **change: Any) -> dict[str, Any]:
    body = {"code": fresh(side.fam.device, now()), "amount": 100, "currency": "CNY"}
    return {**body, **change}


def auth(side: Side, key: str | bytes | None = "fresh", **more: str) -> dict[str, Any]:
    headers: dict[str, Any] = {"Authorization": f"Bearer {side.key}",
                               "Content-Type": "application/json", **more}
    if key is not None:
        headers["Idempotency-Key"] = uuid.uuid4().hex if key == "fresh" else key
    return headers


CASES: dict[str, Request] = {
    "good": lambda s: {"json": payment(s), "headers": auth(s)},
    "good with items": lambda s: {"json": payment(s, items=[
        {"name": "pen", "unit_amount": 60}, {"name": "ink", "unit_amount": 40}]),
        "headers": auth(s)},
    "good, JSON with a charset": lambda s: {"content": json.dumps(payment(s)), "headers": auth(
        s, **{"Content-Type": "application/json; charset=utf-8"})},
    "a code that is no code": lambda s: {"json": payment(s, code="KP1:NOPE"),
                                         "headers": auth(s)},
    "numeric that is wrong": lambda s: {"json": payment(s, code="1" * 23), "headers": auth(s)},
    "no Authorization": lambda s: {"json": payment(s), "headers": {
        k: v for k, v in auth(s).items() if k != "Authorization"}},
    "an unknown key": lambda s: {"json": payment(s), "headers": auth(
        s, Authorization="Bearer kpt_nobody")},
    "Basic, not Bearer": lambda s: {"json": payment(s), "headers": auth(
        s, Authorization="Basic a3A6eA==")},
    "a payer's session": lambda s: {"json": payment(s), "headers": auth(
        s, Authorization=f"Bearer {s.fam.payer.token}")},
    "text/plain": lambda s: {"content": json.dumps(payment(s)), "headers": auth(
        s, **{"Content-Type": "text/plain"})},
    "no content type": lambda s: {"content": json.dumps(payment(s)).encode(), "headers": {
        k: v for k, v in auth(s).items() if k != "Content-Type"}},
    "no Idempotency-Key": lambda s: {"json": payment(s), "headers": auth(s, key=None)},
    "non-ASCII Idempotency-Key": lambda s: {"json": payment(s), "headers": auth(
        s, key="clé".encode())},
    "a 256-character key": lambda s: {"json": payment(s), "headers": auth(s, key="k" * 256)},
    "amount true": lambda s: {"json": payment(s, amount=True), "headers": auth(s)},
    "amount as text": lambda s: {"json": payment(s, amount="100"), "headers": auth(s)},
    "amount 100.0": lambda s: {"content": json.dumps(payment(s)).replace(
        '"amount": 100', '"amount": 100.0'), "headers": auth(s)},
    "amount zero": lambda s: {"json": payment(s, amount=0), "headers": auth(s)},
    "an extra field": lambda s: {"json": payment(s, payer="me"), "headers": auth(s)},
    "items that don't add up": lambda s: {"json": payment(s, items=[
        {"name": "pen", "unit_amount": 1}]), "headers": auth(s)},
    "broken JSON": lambda s: {"content": b'{"code": ', "headers": auth(s)},
    "not UTF-8": lambda s: {"content": b'{"code": "\xff\xfe", "amount": 1}',
                            "headers": auth(s)},
    "an empty body": lambda s: {"content": b"", "headers": auth(s)},
    "a JSON list": lambda s: {"json": [payment(s)], "headers": auth(s)},
    "nested 10,000 deep": lambda s: {"content": "[" * 10_000 + "]" * 10_000,
                                     "headers": auth(s)},
    "a 100 KB body": lambda s: {"json": payment(s, reference="x" * 100_000),
                                "headers": auth(s)},
    "an unknown currency": lambda s: {"json": payment(s, currency="XXX"), "headers": auth(s)},
}


def essence(r: httpx.Response) -> tuple[Any, ...]:
    """What must match: status, the error (code and message) or the decision, the replay
    and Retry-After headers. Ids, names and times differ between the two servers."""
    body = r.json()
    decided = (body.get("status"), body.get("decline_code"), body.get("amount"))
    return (r.status_code, body.get("error") or decided,
            r.headers.get("Idempotent-Replayed"), "Retry-After" in r.headers)


@pytest.mark.parametrize("case", list(CASES))
def test_the_fast_path_and_the_route_answer_alike(sides: dict[str, Side], case: str) -> None:
    answers = {}
    for name, side in sides.items():
        answers[name] = essence(httpx.post(f"{side.server.url}/v1/payments", timeout=10,
                                           **CASES[case](side)))
    assert answers["fast"] == answers["route"]
    assert answers["fast"][0] != 500


def test_replays_and_conflicts_alike(sides: dict[str, Side]) -> None:
    answers: dict[str, list[tuple[Any, ...]]] = {}
    for name, side in sides.items():
        body, headers = payment(side), auth(side, key="replay-1")
        url = f"{side.server.url}/v1/payments"
        answers[name] = [essence(httpx.post(url, json=body, headers=headers)),
                         essence(httpx.post(url, json=body, headers=headers)),
                         essence(httpx.post(url, json={**body, "amount": 101},
                                            headers=headers))]
    assert answers["fast"] == answers["route"]
    assert [a[0] for a in answers["fast"]] == [201, 201, 409]
    assert answers["fast"][1][2] == "true"
