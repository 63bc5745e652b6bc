"""The settlement client against a real server: errors mapped, retries keep the key."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import ValidationError

from kinpay import schemas
from kinpay.client import MAX_RETRIES, Client, new_idempotency_key
from kinpay.device import Device
from kinpay.errors import (
    BadResponse,
    ClientArgumentError,
    NotFound,
    OutcomeUnknown,
    ServerUnreachable,
    Unauthorized,
)
from tests.kinpay.canned import Canned
from tests.proxy import HoldingProxy
from tests.server.helpers import check_ledger, now
from tests.servers import free_port


def test_nothing_listening_is_unreachable() -> None:
    with Client(f"http://127.0.0.1:{free_port()}", retries=1, backoff_s=0.01) as client:
        with pytest.raises(ServerUnreachable):
            client.health()


def test_statuses_become_kinpay_errors(sqlite_world: dict[str, Any]) -> None:
    with Client(sqlite_world["server_url"], token="kpt_wrong") as client:
        with pytest.raises(Unauthorized) as err:
            client.terminal()
        assert err.value.status == 401 and err.value.code == "unauthorized"
    with Client(sqlite_world["server_url"], token=sqlite_world["merchant"]["api_key"]) as t:
        with pytest.raises(NotFound):
            t.payment("0" * 32)


def test_a_lost_answer_then_a_retry_charges_once(sqlite_world: dict[str, Any]) -> None:
    port = int(sqlite_world["server_url"].rsplit(":", 1)[1])
    proxy = HoldingProxy(target_port=port, hold_s=1.5, hold_next=1).start()
    device = Device.load(sqlite_world["delegate"]["device"])
    key = new_idempotency_key()
    code = device.code_at(now())
    api_key = sqlite_world["merchant"]["api_key"]
    try:
        with Client(proxy.url, token=api_key, timeout_s=0.5, retries=0) as impatient:
            with pytest.raises(OutcomeUnknown):
                impatient.pay(code, 800, "CNY", idempotency_key=key)
            first, replayed = impatient.pay(code, 800, "CNY", idempotency_key=key)
        assert replayed and first.status == "approved"
        # The client's own retries do the same without being asked.
        proxy.hold_next = 1
        device.bump(now())
        key2 = new_idempotency_key()
        with Client(proxy.url, token=api_key, timeout_s=0.5, retries=3) as patient:
            second, replayed2 = patient.pay(device.code_at(now()), 900, "CNY",
                                            idempotency_key=key2)
        assert second.status == "approved" and replayed2
    finally:
        proxy.stop()
    with Client(sqlite_world["server_url"], token=api_key) as term:
        mine = [p for p in term.payments() if p.id in (first.id, second.id)]
    assert sorted(p.amount for p in mine) == [800, 900]
    assert check_ledger(sqlite_world["db"])["ok"]


def test_a_lost_answer_then_a_refused_connection_is_an_unknown_outcome(
    sqlite_world: dict[str, Any],
) -> None:
    """Found by attack review 33: the payment reached the server and was paid, its answer
    was lost, and the retries found the server refusing connections (restarting). The last
    failure alone said "nothing was sent": ServerUnreachable, and the till took the sale
    offline under the key the server had already used. Any attempt that may have been sent
    makes the outcome unknown."""
    port = int(sqlite_world["server_url"].rsplit(":", 1)[1])
    proxy = HoldingProxy(target_port=port, hold_s=3.0, hold_next=1, refuse_after=1).start()
    device = Device.load(sqlite_world["delegate"]["device"])
    key, code = new_idempotency_key(), device.code_at(now())
    api_key = sqlite_world["merchant"]["api_key"]
    try:
        with Client(proxy.url, token=api_key, timeout_s=0.5, retries=2,
                    backoff_s=0.05) as client:
            with pytest.raises(OutcomeUnknown):
                client.pay(code, 700, "CNY", idempotency_key=key)
    finally:
        proxy.stop()
    # It was sent: the server paid it, and the key answers with that payment.
    with Client(sqlite_world["server_url"], token=api_key) as term:
        paid, replayed = term.pay(code, 700, "CNY", idempotency_key=key)
    assert replayed and paid.status == "approved" and paid.amount == 700


# --- what the library raises never escapes: it becomes a kinpay error ------------------------


def test_a_success_answer_that_is_not_json_is_a_bad_response() -> None:
    html = b"<html><body>Welcome to the hotel Wi-Fi</body></html>"
    with Canned(body=html, content_type="text/html") as server:
        with Client(server.url, retries=0) as client:
            with pytest.raises(BadResponse) as err:
                client.me()
    assert not isinstance(err.value, ValueError)
    assert isinstance(err.value.__cause__, json.JSONDecodeError)  # the cause is chained
    assert "GET /v1/me" in str(err.value) and "not JSON" in str(err.value)
    assert server.paths == ["GET /v1/me"]


def test_json_of_the_wrong_shape_is_a_bad_response_that_never_repeats_the_body() -> None:
    # A session whose token is a list: pydantic would quote the input in its message.
    body = {"token": ["kpt_do_not_print_me"], "expires_at": "soon", "user": {"id": "u1"}}
    with Canned(body=json.dumps(body).encode()) as server:
        with Client(server.url, retries=0) as client:
            with pytest.raises(BadResponse) as err:
                client.sign_in("amy", "correct horse")
            assert client.token is None  # a bad answer signs nobody in
    assert isinstance(err.value.__cause__, ValidationError)
    message = str(err.value)
    assert "kpt_do_not_print_me" not in message and "soon" not in message
    assert "POST /v1/sessions" in message and "token" in message and "expires_at" in message


@pytest.mark.parametrize(
    ("call", "body"),
    [
        (lambda c: c.pay("x", 100, "CNY", idempotency_key="k1"), {"id": 7}),
        (lambda c: c.grants(), {"grants": [{"id": "g"}]}),
        (lambda c: c.change_grant("g1", schemas.GrantChange()), []),
        (lambda c: c.account(), None),
    ],
    ids=["pay", "grants", "change_grant", "account"],
)
def test_every_kind_of_call_reports_a_bad_answer_the_same_way(
    call: Callable[[Client], object], body: object
) -> None:
    with Canned(body=json.dumps(body).encode()) as server:
        with Client(server.url, retries=0) as client:
            with pytest.raises(BadResponse):
                call(client)


def test_a_malformed_event_is_passed_over_and_its_position_kept() -> None:
    """It was a BadResponse, which ended a wallet's event thread for good (attack review
    36c; tests/kinpay/test_hostile_streams.py): now the stream reads on past it, and its
    `id:` still moves the position a reconnect resumes from."""
    for data in (b"{not json", b'{"id": "one", "type": "payment"}'):
        stream = b"id: 5\ndata: " + data + b"\n\n"
        positions: list[int] = []
        with Canned(body=stream, content_type="text/event-stream") as server:
            with Client(server.url, retries=0) as client:
                got = list(client.events(read_timeout_s=2.0, on_position=positions.append))
        assert (got, positions) == ([], [5])


def test_a_pairing_answer_with_a_broken_certificate_is_a_bad_response(
    sqlite_world: dict[str, Any],
) -> None:
    # Every field of the right type (a real grant from a real server); only the bytes are bad.
    with Client(sqlite_world["server_url"], token=sqlite_world["payer"]["token"]) as payer:
        grant = payer.grants()[0].model_dump(mode="json")
    for certificate, otp_secret in (("bm90IGEgY2VydA==", "AAAA"), ("not base64!", "AAAA")):
        body = {"device_no": 1, "certificate": certificate, "otp_secret": otp_secret,
                "server_keys": [], "grant": grant}
        with Canned(body=json.dumps(body).encode()) as server:
            with Client(server.url, retries=0) as client:
                with pytest.raises(BadResponse) as err:
                    client.pair("ABCD-EFGH-JKLM")
        assert "pairing answer" in str(err.value)


def test_bad_arguments_are_kinpay_errors_and_nothing_is_sent() -> None:
    with Canned(body=b"{}") as server:
        for make in (
            lambda: Client("ftp://127.0.0.1:21"),
            lambda: Client("http://192.0.2.10:8400"),  # plain http off this machine
            lambda: Client("https://127.0.0.1:1", pins=("not a pin",)),
            lambda: Client("https://127.0.0.1:1", ca_file="/nonexistent/ca.pem"),
            lambda: Client(server.url, retries=MAX_RETRIES + 1),
            lambda: Client(server.url, timeout_s=0),
        ):
            with pytest.raises(ClientArgumentError):
                make()
        with Client(server.url, retries=0) as client:
            for bad_key in ("", " lead", "a" * 256, "tab\there"):
                with pytest.raises(ClientArgumentError):
                    client.pay("x", 1, "CNY", idempotency_key=bad_key)
            for bad_id in ("", ".", ".."):
                with pytest.raises(ClientArgumentError):
                    client.payment(bad_id)
                with pytest.raises(ClientArgumentError):
                    client.revoke_grant(bad_id)
        assert server.paths == []


def test_an_id_is_one_path_segment_on_a_real_server(sqlite_world: dict[str, Any]) -> None:
    # Without quoting, "../me" would ask for the signed-in user, not for a grant.
    with Client(sqlite_world["server_url"], token=sqlite_world["payer"]["token"]) as payer:
        for odd in ("../me", "x?limit=1", "a/b", "a\nb"):
            with pytest.raises(NotFound):
                payer.grant(odd)
        assert payer.me().name == sqlite_world["payer"]["name"]  # still signed in, still fine
