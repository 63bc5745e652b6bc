"""The terminal's plain-Python parts: the sale, the catalogue, the keyboard wedge, the
offline risk rules and queue, and the settle client's honesty about unknown outcomes."""

from __future__ import annotations

import json
import socket
import threading
from pathlib import Path

import pytest

from kinpay import schemas
from kinpay.client import Client
from kinpay.errors import OutcomeUnknown, ServerUnreachable
from pos_app.core import catalogue, offline, settle
from pos_app.core.sale import AMOUNT, ITEMS, MAX_DIGITS, Sale
from pos_app.core.store import Store
from pos_app.core.wedge import Wedge
from pos_app.scan.synth import SampleIssuer
from tests.servers import free_port

NOW = 1_767_225_600


def test_keypad_types_minor_units() -> None:
    sale = Sale("CNY")
    for key in ("1", "2", "00"):
        sale.press(key)
    assert (sale.total_minor, sale.total_text()) == (1200, "¥12.00")
    sale.press("back")
    assert sale.total_text() == "¥1.20"
    sale.press("clear")
    assert sale.empty and sale.total_text() == "¥0.00"
    for _ in range(MAX_DIGITS + 3):
        sale.press("9")
    assert len(str(sale.total_minor)) == MAX_DIGITS
    assert Sale("JPY", digits="1200").total_text() == "¥1,200"
    with pytest.raises(ValueError):
        sale.press("x")


@pytest.mark.parametrize(("currency", "keys", "minor"), [
    # A keyboard's decimal point: what comes before it is whole units, as written. Before,
    # the point was dropped and "12.5" charged ¥1.25.
    ("CNY", "12.5", 1250),
    ("CNY", "12.", 1200),
    ("CNY", "12.05", 1205),
    ("CNY", ".5", 50),
    ("CNY", "0.07", 7),
    ("CNY", "12.345", 1234),  # a third decimal is refused
    ("CNY", "1.2.3", 123),  # a second point is refused
    ("CNY", "1250", 1250),  # no point: the till's keypad, as before
    ("JPY", "12.5", 125),  # no decimals: the point does nothing
    ("KWD", "1.5", 1500),  # three decimals
    ("CNY", "9999999.99", 999_999_999),
    ("CNY", "99999999.", 99_999_999),  # a point that would pass the largest is refused
])
def test_a_decimal_point_types_whole_units(currency: str, keys: str, minor: int) -> None:
    sale = Sale(currency)
    for key in keys:
        sale.press(key)
    assert sale.total_minor == minor


def test_the_point_with_00_and_backspace() -> None:
    sale = Sale("CNY")
    for key in ("3", ".", "00"):
        sale.press(key)
    assert (sale.total_minor, sale.total_text()) == (300, "¥3.00")
    sale.press("00")  # the fraction is full: nothing more
    assert sale.total_minor == 300
    for _ in range(2):
        sale.press("back")
    assert sale.total_text() == "¥3.00"  # "3." : still three whole yuan
    sale.press("5")
    assert sale.total_text() == "¥3.50"
    sale.mode = ITEMS
    sale.add("Apple", 280)
    assert sale.total_minor == 280  # the basket is the sale in the Items tab
    sale.mode = AMOUNT
    sale.press("0")  # the typed amount is as it was left: "3.5", a second decimal now
    assert sale.total_text() == "¥3.50" and sale.items() == []


def test_basket_and_typed_amount_never_mix_nor_drop_each_other() -> None:
    """Found live: 1250 typed, then Items: TOTAL ¥12.50 over an empty basket, Charge on,
    digits changing that hidden amount, and the first item dropping it unsaid. Each tab is
    its own: the one shown is the sale, the other is kept as it was."""
    sale = Sale("CNY")
    cat = catalogue.load()
    apple, beer = cat.find("Apple"), cat.find("Beer 330 ml")
    for key in "1250":
        sale.press(key)
    sale.mode = ITEMS
    assert sale.empty and sale.total_minor == 0 and sale.items() == []  # an empty basket
    with pytest.raises(ValueError):
        sale.press("5")  # the basket takes no digits…
    assert sale.digits == "1250"  # …and the typed amount is not changed behind the tab
    sale.add(apple.name, apple.price_minor, apple.category)
    sale.add(apple.name, apple.price_minor, apple.category)
    sale.add(beer.name, beer.price_minor, beer.category)
    assert sale.total_minor == 2 * 280 + 700 and sale.digits == "1250"
    assert sale.categories() == {"grocery", "alcohol"}
    items = sale.items()
    assert sum(i.quantity * i.unit_amount for i in items) == sale.total_minor
    sale.remove(0)
    assert sale.lines[0].quantity == 1
    sale.mode = AMOUNT
    assert sale.total_minor == 1250  # what was typed, as it was
    assert sale.items() == [] and sale.categories() == set()  # the basket is not sent
    with pytest.raises(ValueError):
        sale.add(apple.name, apple.price_minor, apple.category)
    sale.press("clear")  # Clear empties what is shown: the typed amount
    assert sale.empty and len(sale.lines) == 2
    sale.mode = ITEMS
    assert sale.total_minor == 280 + 700
    sale.clear()  # a new sale: both go
    assert sale.lines == [] and sale.digits == ""


def test_a_shops_catalogue_is_taken_or_refused_before_the_till_starts(tmp_path: Path) -> None:
    """A shop sells its own items: `kinpay pos --catalogue FILE` (or catalogue.json in the
    till's data folder) instead of the demo's, which was the only one the till could load.
    A file with a mistake is refused with the reason before any window opens: a category
    id "Alcohol" would have sold beer past every parent's "alcohol" block."""
    import argparse
    import subprocess
    import sys

    from pos_app.terminal_cli import catalogue_path

    data = tmp_path / "till"
    data.mkdir()
    assert catalogue_path(argparse.Namespace(catalogue=None), data) == catalogue.DEMO_PATH
    own = {"format": catalogue.FORMAT, "currency": "CNY", "categories": [
        {"id": "bakery", "name": "Bakery", "items": [{"name": "Pineapple bun", "price": 450}]}]}
    (data / "catalogue.json").write_text(json.dumps(own))
    assert catalogue_path(argparse.Namespace(catalogue=None), data) == data / "catalogue.json"
    shop = catalogue.load(catalogue_path(argparse.Namespace(catalogue=None), data))
    assert shop.find("Pineapple bun") == catalogue.Product("Pineapple bun", 450, "bakery",
                                                           "Pineapple bun")
    given = tmp_path / "elsewhere.json"
    assert catalogue_path(argparse.Namespace(catalogue=str(given)), data) == given
    for categories, reason in [
        ([{"id": "Alcohol", "items": [{"name": "Beer", "price": 700}]}], "category id 'Alcohol'"),
        ([{"id": "beer & wine", "items": []}], "one lower-case word"),
    ]:
        given.write_text(json.dumps({**own, "categories": categories}))
        with pytest.raises(catalogue.CatalogueError, match=reason):
            catalogue.load(given)
    given.write_text(json.dumps({**own, "currency": "XYZ"}))
    with pytest.raises(catalogue.CatalogueError, match="currency"):
        catalogue.load(given)
    done = subprocess.run([sys.executable, "-m", "kinpay", "pos", "--data", str(data),
                           "--catalogue", str(given)], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 2
    assert done.stderr.startswith("kinpay pos: the catalogue's currency"), done.stderr
    assert "nothing was started" in done.stderr and "Traceback" not in done.stderr


def test_demo_catalogue_and_bad_catalogues(tmp_path: Path) -> None:
    cat = catalogue.load()
    assert cat.currency == "CNY"
    assert {"grocery", "alcohol"} <= {c.id for c in cat.categories}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": catalogue.FORMAT, "currency": "CNY", "categories": [
        {"id": "x", "items": [{"name": "free", "price": 0}]}]}))
    with pytest.raises(catalogue.CatalogueError, match="price"):
        catalogue.load(bad)
    bad.write_text("{")
    with pytest.raises(catalogue.CatalogueError, match="not JSON"):
        catalogue.load(bad)


def test_a_catalogues_names_are_sold_on_one_line() -> None:
    """A shop's file with a tab, a line break or a direction mark in a name: the till sells
    it as one line, which the server takes (it refuses names that don't read as they are,
    docs/security.md row 75); every sale of it was refused before."""
    shop = catalogue.parse({"format": catalogue.FORMAT, "currency": "CNY", "categories": [
        {"id": "drinks", "items": [
            {"name": "Green\ttea", "price": 300},
            {"name": "Milk\n1 L", "price": 900, "names": {"en": "Milk\u200f\n1 litre"}},
        ]}]})
    names = [p.name for c in shop.categories for p in c.products]
    assert names == ["Green tea", "Milk 1 litre"]
    assert [p.base for c in shop.categories for p in c.products] == ["Green tea", "Milk 1 L"]
    basket = [schemas.Item(name=n, unit_amount=300) for n in names]
    assert schemas.PaymentRequest(code="x", amount=600, currency="CNY", items=basket)


def test_wedge_takes_a_fast_typed_code_and_drops_a_stray_letter() -> None:
    t = [0.0]
    wedge = Wedge(gap_s=0.5, clock=lambda: t[0])
    assert not wedge.feed("5")  # a digit on the amount screen is the keypad's
    for ch in "KP1:ABC":
        assert wedge.feed(ch)
        t[0] += 0.01
    assert wedge.enter() == "KP1:ABC"
    assert wedge.enter() is None
    assert wedge.feed("K")
    t[0] += 2.0
    assert not wedge.active and wedge.enter() is None


# --- offline -------------------------------------------------------------------------------


@pytest.fixture
def issuer() -> SampleIssuer:
    return SampleIssuer(seed=7)  # offline cap 5000 CNY


@pytest.fixture
def cache(tmp_path: Path, issuer: SampleIssuer) -> offline.KeyCache:
    c = offline.KeyCache(tmp_path)
    import base64

    from kinpay import codes

    pub = issuer.server_key.public_key()
    c.save_keys([schemas.ServerKey(key_id=codes.key_id_of(pub).hex(),
                                   public_key=base64.b64encode(codes.raw_public(pub)).decode())])
    c.save_revocations(schemas.Revocations(certificates=[], as_of=NOW), fetched_at=NOW)
    return c


def _accept(store: Store, cache: offline.KeyCache, text: str, amount: int, key: str,
            rules: offline.RiskRules | None = None, now: int = NOW) -> offline.Decision:
    return offline.accept_offline(store, cache, rules or offline.RiskRules(), key=key,
                                  text=text, amount=amount, currency="CNY", items=[],
                                  reference=None, now_s=now)


def test_key_cache_survives_a_restart(tmp_path: Path, cache: offline.KeyCache) -> None:
    cache.save_revocations(schemas.Revocations(certificates=["ab" * 8], as_of=NOW))
    again = offline.KeyCache(tmp_path)
    assert again.keys.keys() == cache.keys.keys()
    assert again.revoked == {"ab" * 8}


def test_offline_rules_in_order(tmp_path: Path, cache: offline.KeyCache,
                                issuer: SampleIssuer) -> None:
    store = Store(tmp_path / "t.db")
    rules = offline.RiskRules(floor_limit_minor=3000, max_count_per_grant=2,
                              max_sum_per_grant_minor=4000)
    code = issuer.code_at(NOW)
    assert _accept(store, cache, "1234 5678 9012 3456 789", 100, "k-numeric").reason == (
        "numeric_offline")
    assert _accept(store, cache, code, 100, "k-expired", now=NOW + 300).reason == "code_expired"
    assert _accept(store, cache, code[:-4] + "AAAA", 100, "k-forged").reason == "code_invalid"
    assert _accept(store, cache, code, 6000, "k-cap", rules).reason == "offline_cap"
    assert _accept(store, cache, code, 3500, "k-floor", rules).reason == "floor_limit"
    assert _accept(store, cache, code, 2000, "key-ok-1", rules).accepted
    assert _accept(store, cache, code, 100, "k-again", rules).reason == "code_used"
    assert _accept(store, cache, issuer.code_at(NOW, 1), 2500, "k-sum", rules).reason == (
        "offline_grant_cap")
    assert _accept(store, cache, issuer.code_at(NOW, 2), 1000, "key-ok-2", rules).accepted
    assert _accept(store, cache, issuer.code_at(NOW, 3), 100, "k-count", rules).reason == (
        "offline_grant_cap")
    cache.save_revocations(schemas.Revocations(
        certificates=[issuer.cert.cert_id_hex], as_of=NOW), fetched_at=NOW)
    assert _accept(store, cache, issuer.code_at(NOW, 4), 100, "k-rev").reason == "grant_revoked"
    assert [(k, p.amount) for k, p in offline.queued_payments(store, 10)] == [
        ("key-ok-1", 2000), ("key-ok-2", 1000)]
    assert store.get("k-floor").status == "offline_declined"
    store.close()


def test_a_revoked_decline_is_learnt_and_an_old_list_stops_offline(
        tmp_path: Path, cache: offline.KeyCache, issuer: SampleIssuer) -> None:
    store = Store(tmp_path / "t.db")
    code = issuer.code_at(NOW)
    offline.learn_from_decline(cache, code, "limit_daily")  # says nothing about the grant
    assert cache.revoked == frozenset()
    offline.learn_from_decline(cache, code, "grant_revoked")
    assert cache.revoked == {issuer.cert.cert_id_hex}
    assert cache.revoked_grants == {issuer.cert.grant_id}
    # The server's next list does not drop what a decline taught about the grant.
    cache.save_revocations(schemas.Revocations(certificates=[], as_of=NOW), fetched_at=NOW)
    assert _accept(store, cache, issuer.code_at(NOW, 1), 100, "k-rev").reason == "grant_revoked"
    assert offline.KeyCache(tmp_path).revoked_grants == {issuer.cert.grant_id}
    day_s = 24 * 3600
    rules = offline.RiskRules(revocations_max_age_s=day_s)
    fresh = issuer.code_at(NOW + day_s + 1)
    decision = _accept(store, cache, fresh, 100, "k-stale", rules, now=NOW + day_s + 1)
    assert decision.reason == "revocations_stale" and "more than 24 h ago" in decision.message
    store.close()


def test_without_cached_keys_nothing_is_accepted_offline(tmp_path: Path,
                                                         issuer: SampleIssuer) -> None:
    store = Store(tmp_path / "t.db")
    decision = _accept(store, offline.KeyCache(tmp_path / "empty"), issuer.code_at(NOW), 100,
                       "k1")
    assert decision.reason == "no_keys" and not decision.accepted
    store.close()


# --- the settle client's honesty ---------------------------------------------------------------


class OneSilentAnswer:
    """A real listener on 127.0.0.1 that takes one connection, reads its request and never
    answers it (a read timeout), then takes no more: later connects are refused, as from a
    server that went down after the request reached it."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(1)
        self.port = self.listener.getsockname()[1]
        self.request = b""
        self._held: socket.socket | None = None
        self._thread = threading.Thread(target=self._take_one, daemon=True)
        self._thread.start()

    def _take_one(self) -> None:
        conn, _ = self.listener.accept()
        self.listener.close()  # the next connect is refused
        self._held = conn
        conn.settimeout(5.0)
        while b"\r\n\r\n" not in self.request:
            chunk = conn.recv(65536)
            if not chunk:
                break
            self.request += chunk

    def close(self) -> None:
        self._thread.join(10)
        if self._held is not None:
            self._held.close()


def test_a_request_that_may_have_arrived_is_never_called_unreachable() -> None:
    silent = OneSilentAnswer()
    req = settle.SaleRequest("key-1", "KP1:x", 100, "CNY")
    try:
        with Client(f"http://127.0.0.1:{silent.port}", token="t", timeout_s=0.5,
                    retries=0) as client, pytest.raises(OutcomeUnknown):
            settle.send(client, req)  # read timeout, then refused
    finally:
        silent.close()
    assert b"POST /v1/payments " in silent.request
    assert b"idempotency-key: key-1" in silent.request.lower()


def test_unreachable_only_when_nothing_was_sent() -> None:
    with Client(f"http://127.0.0.1:{free_port()}", token="t", timeout_s=0.5,
                retries=0) as client, pytest.raises(ServerUnreachable):
        settle.send(client, settle.SaleRequest("key-2", "KP1:x", 100, "CNY"))


def test_unknown_sale_stays_pending_with_its_body(tmp_path: Path, cache: offline.KeyCache,
                                                  issuer: SampleIssuer) -> None:
    store = Store(tmp_path / "t.db")
    items = [schemas.Item(name="Apple", quantity=2, unit_amount=280, category="grocery")]
    req = settle.SaleRequest("key-3", issuer.code_at(NOW), 560, "CNY", items)
    with socket.socket() as hole:  # connections taken (the kernel's backlog), never answered
        hole.bind(("127.0.0.1", 0))
        hole.listen(8)
        with Client(f"http://127.0.0.1:{hole.getsockname()[1]}", token="t", timeout_s=0.5,
                    retries=0) as client:
            outcome = settle.settle(client, store, cache, offline.RiskRules(), req)
    assert outcome.kind == "unknown"
    [row] = store.by_status("pending")
    assert settle.request_of(row) == req
    store.close()


def test_an_unreadable_success_answer_keeps_the_sale_pending(
    tmp_path: Path, cache: offline.KeyCache, issuer: SampleIssuer
) -> None:
    """Something on the way answers 201 with a body that is not a payment: the server may
    have charged, so the sale is neither dropped nor charged again under a new key; it stays
    pending and its retry (same key) stays pending while the answer stays unreadable."""
    from tests.kinpay.canned import Canned

    store = Store(tmp_path / "t.db")
    req = settle.SaleRequest("key-bad-body", issuer.code_at(NOW), 450, "CNY")
    with Canned(status=201, body=b"<html>captive portal</html>") as canned:
        with Client(canned.url, token="t" * 32, retries=0) as client:
            outcome = settle.settle(client, store, cache, offline.RiskRules(), req)
            assert outcome.kind == "unknown"
            [row] = store.by_status("pending")
            assert settle.request_of(row) == req
            assert settle.retry(client, store, row) is None
        assert [p.split()[0] for p in canned.paths] == ["POST", "POST"]
    assert [r.key for r in store.by_status("pending")] == ["key-bad-body"]
    store.close()
