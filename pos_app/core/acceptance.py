"""Which code the terminal takes, and how far it vouches for it. No Qt.

The camera, a typed code and a keyboard-wedge scanner all pass through `judge`:

    numeric code (typed) ............ taken on form: only the server can check it
    kinpay code, known server key ... both signatures and freshness checked: verified
    kinpay code, unknown server key . NOT taken: its signature can't be checked here, so
                                      nothing about it is known. The window asks for the
                                      server's keys (they are public) and takes the code
                                      when it is shown again, verified; offline, or when
                                      the server doesn't know the key either, it stays
                                      refused. (Before, such a code passed on form alone.)
    malformed, forged, expired ...... refused with kinpay's CodeError

The terminal never having fetched a key is the same as not knowing this one.

Once judged, a code is taken into a sale only while a charged (locked) amount waits for
it (`takes`); a code the camera already took is ignored, one typed or scanned on purpose
goes to the server again (which answers `code_used`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kinpay import codes
from pos_app.core.errors import UnknownServerKey

MAX_TAKEN = 256  # codes remembered as taken: a shift's worth of sales


@dataclass(frozen=True)
class Taken:
    """A code the terminal takes: `text` as it is sent; `verified` when its signatures
    were checked here against a server key the terminal knows."""

    text: str
    verified: bool


def judge(text: str, server_keys: Mapping[bytes, Ed25519PublicKey], *, now_s: int) -> Taken:
    """The code as taken, or raises CodeError (kinpay) or UnknownServerKey (pos_app)."""
    if codes.looks_numeric(text):
        codes.parse_numeric(text)
        return Taken(codes.normalize_numeric(text), verified=False)
    key_id = codes.parse_code(text).cert.key_id
    if key_id not in server_keys:
        raise UnknownServerKey(key_id.hex())
    codes.verify_code(text, server_keys, now_s=now_s)
    return Taken(text, verified=True)


class TakenCodes:
    """The codes this till took into a sale, the oldest forgotten beyond `limit`."""

    def __init__(self, limit: int = MAX_TAKEN) -> None:
        self.limit = limit
        self._texts: OrderedDict[str, None] = OrderedDict()

    def __contains__(self, text: object) -> bool:
        return text in self._texts

    def __len__(self) -> int:
        return len(self._texts)

    def add(self, text: str) -> None:
        self._texts[text] = None
        self._texts.move_to_end(text)
        while len(self._texts) > self.limit:
            self._texts.popitem(last=False)

    def discard(self, text: str) -> None:
        """A code taken into a sale that never left the till: unused, taken again."""
        self._texts.pop(text, None)


def takes(state: str, *, sale_empty: bool, text: str, taken: TakenCodes,
          deliberate: bool) -> bool:
    """Whether a code (already judged) goes into the sale now: only while a charged
    amount waits (`state == "waiting"`), and not a code the camera already took, unless
    it was typed or scanned on purpose."""
    if state != "waiting" or sale_empty:
        return False
    return deliberate or text not in taken
