"""What an HTTP process and the payment writer process say to each other
(server_stub/pay_writer.py), and the code's reading on the way in (kinpay/codes.py).

A payment travels as plain values (no class a pickle must look up and call: those cost
about 8 µs a payment on each side) and is rebuilt whole on the other side, its basket, its
other tenders, a typed code's fields and a decline included. An answer travels as the
bytes the till is sent; its body is read from them only if someone asks. The code's base45
is read in bulk: the same bytes, and the same refusals, as kinpay.base45."""

from __future__ import annotations

import io
import json
import pickle
import random
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kinpay import base45, codes, schemas
from kinpay.errors import CodeMalformed
from server_stub.auth import TerminalPrincipal
from server_stub.errors import Conflict, TooMany
from server_stub.pay_open import Outcome
from server_stub.pay_writer import _answer_of, _paid_of, _sale_message, _sale_of
from server_stub.payments import Prechecked, Sale

NOW = 1_760_000_000
SHOP = TerminalPrincipal(id="t-1", merchant_id="m-1", merchant="Corner shop",
                         category="grocery", currency="CNY")


def a_code(counter: int = 3) -> codes.Code:
    server, device = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    cert = codes.Certificate(
        key_id=b"", cert_id=bytes(range(8)), grant_id="0123456789abcdef0123456789abcdef",
        device_public_key=codes.raw_public(device.public_key()), offline_cap_minor=2_000,
        currency="CNY", rotate_s=30, expires_s=NOW + 86_400, valid_from_s=NOW - 60,
    ).signed_by(server)
    return codes.parse_code(codes.build_code(cert, device, now_s=NOW, counter=counter))


def a_sale(**change: Any) -> Sale:
    fields: dict[str, Any] = dict(
        terminal=SHOP, idem_key="key-1", req_hash="ab" * 32, amount=1_250, currency="CNY",
        items=[], reference=None, at_s=NOW)
    fields.update(change)
    return Sale(**fields)


class NoClasses(pickle.Unpickler):
    """Refuses every class and function a pickle names."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"the message names {module}.{name}")


def sent(req_id: int, sale: Sale, pre: Prechecked, at_s: int) -> Any:
    frame = _sale_message(req_id, sale, pre, at_s)
    assert int.from_bytes(frame[:4], "big") == len(frame) - 4
    return pickle.loads(frame[4:])


def test_a_qr_payment_travels_as_plain_values_and_arrives_whole() -> None:
    code = a_code()
    sale = a_sale(key_hash="cd" * 32)
    pre = Prechecked(code=code)
    frame = _sale_message(41, sale, pre, NOW + 1)
    NoClasses(io.BytesIO(frame[4:])).load()  # raises if the message names a class
    req_id, got, got_pre, at_s = _sale_of(sent(41, sale, pre, NOW + 1))
    assert (req_id, at_s) == (41, NOW + 1)
    assert got == sale
    assert got_pre == pre
    assert got_pre.code is not None and got_pre.code.raw == code.raw
    assert (got_pre.code.step, got_pre.code.counter) == (code.step, code.counter)
    assert got_pre.code.cert == code.cert


def test_a_basket_other_tenders_and_an_offline_sale_arrive_whole() -> None:
    items = [schemas.Item(name="apple", quantity=3, unit_amount=250, category="fruit"),
             schemas.Item(name="bread", unit_amount=500)]
    sale = a_sale(items=items, reference="till 4 #812", offline=True, partial=True,
                  tenders=[schemas.Tender(kind="cash", amount=250)],
                  online_hashes=("01" * 32, "02" * 32))
    pre = Prechecked(code=a_code(counter=7))
    _id, got, got_pre, _at = _sale_of(sent(2, sale, pre, NOW))
    assert got == sale
    assert got.items == items and got.tenders[0].kind == "cash"
    assert got_pre == pre


@pytest.mark.parametrize("pre", [
    Prechecked(numeric=codes.NumericCode(device_no=123_456_789, counter_digit=4,
                                         password="012345678901")),
    Prechecked(error="code_expired"),
    Prechecked(),
], ids=["typed", "declined", "none"])
def test_a_typed_code_or_a_decline_arrives_as_it_was(pre: Prechecked) -> None:
    sale = a_sale()
    NoClasses(io.BytesIO(_sale_message(3, sale, pre, NOW)[4:])).load()
    _id, got, got_pre, _at = _sale_of(sent(3, sale, pre, NOW))
    assert got == sale
    assert got_pre == pre


def travelled(answer: tuple[Any, ...]) -> Any:
    req_id, kind, value, changed = pickle.loads(pickle.dumps(answer))
    assert req_id == 9
    return _paid_of(kind, value, changed)


def test_a_new_payment_is_answered_by_its_bytes_and_its_body_read_from_them() -> None:
    body = {"id": "p-1", "status": "approved", "decline_code": None, "amount": 1_250,
            "payer": {"name": "Mei"}, "merchant": {"name": "Corner shop · 角落"}}
    raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    outcome, changed = travelled(_answer_of(9, (Outcome(payment=body, raw=raw), None), None))
    assert outcome.raw == raw and not outcome.replayed and changed is None
    assert outcome.payment == body
    # A terminal whose shop changed comes back with it.
    moved = TerminalPrincipal(id="t-1", merchant_id="m-1", merchant="Corner shop",
                              category="bakery", currency="CNY")
    _outcome, changed = travelled(_answer_of(9, (Outcome(payment=body, raw=raw), moved), None))
    assert changed == moved


def test_a_replay_and_a_refusal_arrive_as_they_were() -> None:
    stored = {"id": "p-0", "status": "declined", "decline_code": "limit_daily"}
    outcome, _changed = travelled(_answer_of(9, (Outcome(payment=stored, replayed=True),
                                                 None), None))
    assert outcome.replayed and outcome.payment == stored and outcome.raw is None
    refused = travelled(_answer_of(9, None, TooMany("too many invalid codes", 42)))
    assert isinstance(refused, TooMany)
    assert (str(refused), refused.retry_after_s, refused.status, refused.code) == (
        "too many invalid codes", 42, 429, "rate_limited")
    conflict = travelled(_answer_of(9, None, Conflict("used for another request",
                                                      code="idempotency_conflict")))
    assert isinstance(conflict, Conflict) and conflict.code == "idempotency_conflict"


def test_an_outcome_needs_its_answer() -> None:
    with pytest.raises(ValueError, match="needs its answer"):
        Outcome()


def decoded(text: str, decode: Any) -> tuple[Any, ...]:
    try:
        return ("bytes", decode(text))
    except CodeMalformed as exc:
        return ("refused", str(exc), exc.kind)


def test_a_codes_base45_is_read_as_kinpay_base45_reads_it() -> None:
    rnd = random.Random(20)
    for size in range(0, 300):
        data = rnd.randbytes(size)
        assert codes._base45(base45.encode(data)) == data
    # Strangers, a dangling character, triples and pairs out of range, non-ASCII:
    # the same refusal, word for word.
    alphabet = base45.ALPHABET + "a:é\x00"
    cases = ["GGW", "GGW0", ":::", "ZZ", "0", "A" * 106 + "é", "0" * 105 + "::"]
    cases += ["".join(rnd.choice(alphabet) for _ in range(rnd.randrange(12)))
              for _ in range(20_000)]
    for text in cases:
        assert decoded(text, codes._base45) == decoded(text, base45.decode), text


def test_a_code_is_read_the_same_by_its_text_and_by_its_bytes() -> None:
    code = a_code(counter=11)
    assert codes.code_from_bytes(code.raw) == code
    text = codes.TEXT_PREFIX + base45.encode(code.raw)
    assert codes.parse_code(text) == code
    with pytest.raises(CodeMalformed, match="code has 212 bytes"):
        codes.code_from_bytes(code.raw[:-1])

