"""Attacks with offline uploads, by someone holding a terminal's key: codes from days back,
codes from before the grant existed, photographed codes replayed after a revocation, and a
batch of forgeries. Bound: an offline payment is honoured only if the terminal could really
have accepted it offline: at most 48 h before its upload, not before the certificate was
issued, not after the grant was revoked, within the certificate's offline cap and within the
grant's offline total per day (2 × the offline cap) across all terminals. Batches hold at
most 100 payments, and the invalid-code throttle counts each item."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
import pytest

from kinpay import schemas
from kinpay.client import Client
from pos_app.core.offline import KeyCache, check_code
from server_stub.grants import SUPERSEDED_GRACE_S
from server_stub.offline import OFFLINE_DAY_CAPS, OFFLINE_MAX_AGE_S
from tests.security.conftest import Victim, balance_of, shop_key, victim
from tests.server.helpers import last_noon, now
from tests.servers import ServerProcess

DAY_S = 24 * 3600


def item(code: str, amount: int, at: int) -> dict[str, object]:
    return {"id": f"off-{uuid.uuid4().hex}", "code": code, "amount": amount,
            "currency": "CNY", "accepted_at": at}


def upload(server: ServerProcess, key: str, items: list[dict[str, object]]) -> httpx.Response:
    return httpx.post(f"{server.url}/v1/offline-batches", json={"payments": items},
                      headers={"Authorization": f"Bearer {key}"}, timeout=60)


def test_codes_from_before_the_grant_existed_are_not_honoured(server: ServerProcess) -> None:
    fam = victim(server, limits=(5_000, 10_000, 100_000), offline_cap=2_000)
    key = shop_key(server)
    before = balance_of(fam.payer)
    t = now()
    # The tablet signs whatever time it is told; a dishonest till asks for days back.
    items = [item(fam.device.code_at(t - d * DAY_S), 2_000, t - d * DAY_S) for d in range(1, 7)]
    answer = upload(server, key, items)
    assert answer.status_code == 200
    results = answer.json()["results"]
    assert [r["status"] for r in results] == ["declined"] * 6
    assert balance_of(fam.payer) == before
    fam.close()


def test_codes_older_than_48_hours_are_not_honoured(server: ServerProcess) -> None:
    start = now() - 6 * DAY_S
    server.set_clock(start)
    try:
        fam = victim(server, limits=(5_000, 10_000, 100_000), offline_cap=2_000)
        key = shop_key(server)
    finally:
        server.set_clock(None)
    t = now()
    # One code a day since the pairing, kept by the till and sent all at once today.
    times = [start + d * DAY_S + 3600 for d in range(6)]
    answer = upload(server, key, [item(fam.device.code_at(at), 2_000, at) for at in times])
    results = answer.json()["results"]
    fresh = [t - at <= OFFLINE_MAX_AGE_S for at in times]
    assert [r["status"] == "approved" for r in results] == fresh
    assert sum(fresh) == 2
    assert all(r["decline_code"] == "code_expired" for r, ok in zip(results, fresh, strict=True)
               if not ok)
    fam.close()


def test_photographed_codes_replayed_after_a_revocation_are_bounded(
    server: ServerProcess,
) -> None:
    """docs/security.md row 3: codes photographed before a revocation are honoured within
    the certificate's offline cap a sale and the grant's offline total a day, 2 × the cap
    across every terminal; a code accepted after the revocation, never. Here the cap is
    ¥20.00, so the day's offline total is 2 × ¥20.00 = ¥40.00: two of five ¥20.00 photos."""
    # The day's total is counted in the grant's zone (Asia/Shanghai): the story runs at its
    # noon, else a run at its midnight (16:00 UTC) puts the photos in two days, two caps each.
    t0 = last_noon()
    server.set_clock(t0)
    fam: Victim | None = None
    try:
        fam = victim(server, limits=(5_000, 50_000, 100_000), offline_cap=2_000)
        key = shop_key(server)
        before = balance_of(fam.payer)
        # Five codes the child showed in the next minute and a half, photographed, never used.
        photos = []
        for i in range(5):
            at = t0 + 10 + 20 * i
            photos.append((fam.device.code_at(at), at))
            fam.device.bump(at)
        server.set_clock(t0 + 120)
        fam.payer.revoke_grant(fam.grant.id)
        server.set_clock(t0 + 150)
        # One more photo, for another shop's till below; made (and the tablet moved on)
        # before the late code, which may fall in its 30-s step: else the two were one
        # code, and the second upload met it used (code_used), one run in six.
        more = fam.device.code_at(t0 + 100)
        fam.device.bump(t0 + 100)
        late = fam.device.code_at(t0 + 125)
        answer = upload(server, key, [item(code, 2_000, at) for code, at in photos]
                        + [item(late, 2_000, t0 + 125)])
        results = [(r["status"], r["decline_code"], r["amount"])
                   for r in answer.json()["results"]]
        assert results == [
            ("approved", None, 2_000),
            ("approved", None, 2_000),
            ("declined", "limit_offline", 2_000),
            ("declined", "limit_offline", 2_000),
            ("declined", "limit_offline", 2_000),
            ("declined", "grant_revoked", 2_000),  # accepted after the revocation
        ]
        # A till of another shop gets nothing more: the total is per grant, not per till.
        [other] = upload(server, shop_key(server),
                         [item(more, 2_000, t0 + 100)]).json()["results"]
        assert (other["status"], other["decline_code"]) == ("declined", "limit_offline")
        assert balance_of(fam.payer) == before - 4_000
    finally:
        server.set_clock(None)
        if fam is not None:
            fam.close()  # its clients' sockets, whatever happened above


def test_the_offline_day_total_is_the_documented_two_caps() -> None:
    """The 2 of docs/security.md ("Offline": 2 × the offline cap) where the server keeps it."""
    assert OFFLINE_DAY_CAPS == 2


def test_a_batch_of_forgeries_is_bounded_and_throttled(server: ServerProcess) -> None:
    key = shop_key(server)
    forged = [item("KP1:" + "A" * 300, 100, now()) for _ in range(500)]
    assert upload(server, key, forged).status_code == 422  # at most 100 a batch
    answer = upload(server, key, forged[:100])
    assert answer.status_code == 429
    assert int(answer.headers["Retry-After"]) > 0
    listed = httpx.get(f"{server.url}/v1/payments", params={"limit": 2000},
                       headers={"Authorization": f"Bearer {key}"}).json()["payments"]
    assert len(listed) <= 20  # the invalid-code throttle: 20 a minute from one terminal


def test_an_offline_payment_over_the_certificates_cap_is_declined(server: ServerProcess) -> None:
    fam = victim(server, limits=(5_000, 10_000, 100_000), offline_cap=1_000)
    key = shop_key(server)
    t = now()
    [over] = upload(server, key, [item(fam.device.code_at(t), 1_001, t)]).json()["results"]
    assert over["decline_code"] == "limit_per_payment"
    assert schemas.Payment.model_validate(over).status == "declined"
    fam.close()


def test_a_lowered_cap_gets_a_new_certificate_and_the_old_one_a_short_grace(
    server: ServerProcess,
) -> None:
    fam = victim(server, limits=(5_000, 50_000, 100_000), offline_cap=2_000)
    key = shop_key(server)
    t0 = now()
    server.set_clock(t0)
    try:
        fam.payer.change_grant(fam.grant.id, schemas.GrantChange(offline_cap=500))
        token = {"Authorization": f"Bearer {fam.delegate.token}"}
        new = httpx.get(f"{server.url}/v1/grants/{fam.grant.id}/certificate", headers=token)
        assert new.status_code == 200
        assert new.json()["offline_cap"] == 500
        assert new.json()["cert_id"] != fam.device.cert.cert_id_hex
        # A till offline when the cap changed accepted the old certificate's 2,000 in good
        # faith: honoured within the grace, not after it.
        within = t0 + 60
        late = t0 + SUPERSEDED_GRACE_S + 60
        server.set_clock(late + 30)
        results = upload(server, key, [
            item(fam.device.code_at(within), 2_000, within),
            item(fam.device.code_at(late), 500, late),
        ]).json()["results"]
        assert [r["status"] for r in results] == ["approved", "declined"]
        assert results[1]["decline_code"] == "code_expired"
    finally:
        server.set_clock(None)
    # Someone else's tablet can't fetch it.
    stranger = httpx.get(f"{server.url}/v1/grants/{fam.grant.id}/certificate",
                         headers={"Authorization": f"Bearer {fam.payer.token}"})
    assert stranger.status_code in (403, 404)
    fam.close()


@pytest.mark.parametrize("stop", ["revoke", "pair again"])
def test_a_stolen_tablets_old_certificate_is_on_the_tills_list_once_the_grant_is_stopped(
    server: ServerProcess, tmp_path: Path, stop: str
) -> None:
    """The tablet was stolen while offline: it keeps the certificate it had. The payer lowers
    the offline cap (the server replaces the certificate; the tablet never syncs) and then
    stops the allowance (revokes it, or pairs the child's new tablet). A till that fetched
    the revocation list after that goes offline, and the thief shows the old certificate's
    codes. Before, the list named only the device's last certificate: the till took the
    codes offline (goods handed over) and the server declined them, the shop's loss."""
    fam = victim(server, limits=(5_000, 50_000, 100_000), offline_cap=2_000)
    stolen = fam.device.cert.cert_id_hex
    fam.payer.change_grant(fam.grant.id, schemas.GrantChange(offline_cap=500))
    if stop == "revoke":
        fam.payer.revoke_grant(fam.grant.id)
    else:
        fam.delegate.pair(fam.payer.new_pairing(fam.grant.id).pairing_code)
    key = shop_key(server)
    with Client(server.url, token=key, insecure_http=True) as till:
        listed = till.revocations()
        cache = KeyCache(tmp_path)
        cache.save_keys(till.keys())
        cache.save_revocations(listed)
    assert stolen in listed.certificates
    t = now()
    shown = fam.device.code_at(t)
    decision = check_code(shown, cache, now_s=t)
    assert (decision.accepted, decision.reason) == (False, "grant_revoked")
    # What the server does with it, had a till taken it: declined (the shop's loss).
    [result] = upload(server, key, [item(shown, 400, t)]).json()["results"]
    assert result["status"] == "declined"
    fam.close()


def test_a_replaced_certificate_of_a_running_allowance_is_listed_after_its_grace(
    server: ServerProcess, tmp_path: Path
) -> None:
    """Attack review 36c, finding 1: the parent lowers the offline cap; the tablet keeps its
    old certificate (never synced since, or a rooted one that drops the new). The list named
    a replaced certificate only once its allowance was stopped: a till with a fresh list took
    its codes offline at the old cap for the 30 days it ran, and the server declined each at
    upload (`code_expired`), even one within the new cap: ¥22.00 of goods for ¥0.00. Now it
    is listed once its grace is over, as the server refuses it from then on."""
    fam = victim(server, limits=(5_000, 50_000, 100_000), offline_cap=2_000)
    kept = fam.device.cert.cert_id_hex
    key = shop_key(server)
    t0 = now()
    server.set_clock(t0)
    try:
        fam.payer.change_grant(fam.grant.id, schemas.GrantChange(offline_cap=300))
        lists = []
        for at in (t0 + 60, t0 + SUPERSEDED_GRACE_S + 60):  # within its grace, then after
            server.set_clock(at)
            with Client(server.url, token=key, insecure_http=True) as till:
                lists.append(till.revocations())
                keys = till.keys()
        cache = KeyCache(tmp_path)
        cache.save_keys(keys)
        cache.save_revocations(lists[-1])
        t = t0 + 3 * 3600  # hours on, the till's link is down; the tablet shows the old one
        shown = fam.device.code_at(t)
        decision = check_code(shown, cache, now_s=t)
    finally:
        server.set_clock(None)
    assert kept not in lists[0].certificates  # honoured in its grace: not yet listed
    assert kept in lists[1].certificates
    assert (decision.accepted, decision.reason) == (False, "grant_revoked")
    fam.close()


def test_an_allowance_ended_early_is_on_the_tills_list(
    server: ServerProcess, tmp_path: Path
) -> None:
    """The payer gave the allowance an end date, then brought it forward to ten minutes from
    now. The tablet's certificate still runs to the old date. After the end, a till whose
    list is fresh but whose link is down takes the tablet's codes offline: before, nothing
    told it the allowance had ended (the certificate still good, not on the list), and the
    server declined every one (`grant_expired`): goods handed over, the shop's loss."""
    t0 = now()
    fam = victim(server, limits=(5_000, 50_000, 100_000), offline_cap=2_000,
                 expires_at=t0 + 20 * DAY_S)
    fam.payer.change_grant(fam.grant.id, schemas.GrantChange(expires_at=t0 + 600))
    key = shop_key(server)
    t = t0 + 700
    server.set_clock(t)
    try:
        with Client(server.url, token=key, insecure_http=True) as till:
            cache = KeyCache(tmp_path)
            cache.save_keys(till.keys())
            cache.save_revocations(till.revocations(), fetched_at=t)
        shown = fam.device.code_at(t)
        assert fam.device.cert.expires_s > t  # the certificate alone does not say
        decision = check_code(shown, cache, now_s=t)
        assert decision.accepted is False
        [result] = upload(server, key, [item(shown, 400, t)]).json()["results"]
        assert (result["status"], result["decline_code"]) == ("declined", "grant_expired")
    finally:
        server.set_clock(None)
    fam.close()



@pytest.mark.parametrize("currency", ["cny", "ZZZ"])
def test_an_offline_payment_is_in_a_currency_the_server_knows(
    server: ServerProcess, currency: str
) -> None:
    """A shop's terminal key uploads, as "offline", a real code with the currency "cny"
    (the shop's in lower case) or "ZZZ" (none at all): online either is refused (422).
    Before, the batch was taken: a declined payment in that currency stored on the
    grant, sent to the payer's and the child's event streams and listed in the grant's
    history, where the wallets format every amount by its currency (kinpay.money refuses
    both), and the child's code used up. Now the batch is refused (422) as the sale
    online is: nothing is stored or sent, and the code still pays, once."""
    fam = victim(server, limits=(5_000, 10_000, 100_000), offline_cap=2_000)
    key = shop_key(server)
    before = balance_of(fam.payer)
    t = now()
    sale = {**item(fam.device.code_at(t), 2_000, t), "currency": currency}
    answer = upload(server, key, [sale])
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "invalid_request"
    assert fam.payer.grant_payments(fam.grant.id) == []
    paid = httpx.post(
        f"{server.url}/v1/payments",
        json={"code": sale["code"], "amount": 2_000, "currency": "CNY"},
        headers={"Authorization": f"Bearer {key}", "Idempotency-Key": uuid.uuid4().hex},
    )
    assert paid.status_code == 201 and paid.json()["status"] == "approved"
    assert [p.currency for p in fam.payer.grant_payments(fam.grant.id)] == ["CNY"]
    assert balance_of(fam.payer) == before - 2_000
    fam.close()
