"""A shop's till writes lines of its own onto the parent's "Allow this once" card (attack
review 36, finding 3): an item's name took line breaks and direction overrides, unlike a
user's or a device's name, so "Notebook\\n\\nCorrection from the shop: the total is ¥6.00"
and "Juice \\u202e00.06¥ ton ,00.6¥ si latot" read, under a real ¥60.00 question, as the
card's own lines: "the total is ¥6.00", "Juice total is ¥6.00, not ¥60.00". Now a request's
item names are one line that reads as it is (422 otherwise), online, offline and at an
approval's completion; the wallet also shows any older name on one line
(tests/wallet/test_item_names_shown.py)."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.security.conftest import post_payment, shop_key, victim
from tests.server.helpers import now
from tests.servers import ServerProcess

FAKE_LINES = "Notebook\n\nCorrection from the shop: the total is ¥6.00"
OVERRIDE = "Juice \u202e00.06¥ ton ,00.6¥ si latot"


@pytest.mark.parametrize("name", [FAKE_LINES, OVERRIDE, "Tea\u2067x", "Milk\u2028Eggs", "Tab\tbed"])
def test_an_item_name_that_would_not_read_as_it_is_is_refused(
    server: ServerProcess, name: str,
) -> None:
    fam = victim(server)
    key = shop_key(server)
    t = now()
    items = [{"name": name, "unit_amount": 600}]
    with httpx.Client(timeout=30) as http:
        online = post_payment(http, server.url, key, {
            "code": fam.device.code_at(t), "amount": 600, "currency": "CNY", "items": items})
        offline = http.post(f"{server.url}/v1/offline-batches", headers={
            "Authorization": f"Bearer {key}"}, json={"payments": [{
                "id": f"off-{uuid.uuid4().hex}", "code": fam.device.code_at(t + 1),
                "amount": 600, "currency": "CNY", "accepted_at": t, "items": items}]})
        honest = post_payment(http, server.url, key, {
            "code": fam.device.code_at(t + 2), "amount": 600, "currency": "CNY",
            "items": [{"name": "Juice · 果汁 🧃", "unit_amount": 600}]})
    for answer in (online, offline):
        assert answer.status_code == 422, answer.text
        assert "one line" in answer.json()["error"]["message"]
    assert honest.status_code == 201 and honest.json()["status"] == "approved", honest.text
    fam.close()
