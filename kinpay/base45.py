"""Base45 (RFC 9285): binary as text in the QR alphanumeric alphabet.

Two bytes become three characters of 5.5 bits each in QR alphanumeric mode, so a payload
costs about 3 % over raw binary, instead of the 10 % of base32 or the 33 % of base64 in
byte mode, and every character survives a keyboard-wedge scanner.
"""

from __future__ import annotations

from kinpay.errors import CodeMalformed

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_INDEX = {c: i for i, c in enumerate(ALPHABET)}
# bytes.translate maps each character to its value in one C pass; 255 marks a stranger.
_VALUES = bytes(_INDEX.get(chr(b), 255) for b in range(256))


def encode(data: bytes) -> str:
    out: list[str] = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        c, n = divmod(n, 45 * 45)
        e, d = divmod(n, 45)
        out += (ALPHABET[d], ALPHABET[e], ALPHABET[c])
    if len(data) % 2:
        e, d = divmod(data[-1], 45)
        out += (ALPHABET[d], ALPHABET[e])
    return "".join(out)


def decode(text: str) -> bytes:
    """Raises CodeMalformed for anything that is not base45. On the server's hot path: one
    translate in C, then plain integer arithmetic per triple."""
    if len(text) % 3 == 1:
        raise CodeMalformed("base45 text has a dangling character")
    try:
        values = text.encode("ascii").translate(_VALUES)
    except UnicodeEncodeError:
        raise CodeMalformed("base45 text is ASCII only") from None
    if 255 in values:
        bad = text[values.index(255)]
        raise CodeMalformed(f"character {bad!r} is not base45")
    whole = len(values) - len(values) % 3
    numbers = [
        values[i] + values[i + 1] * 45 + values[i + 2] * 2025 for i in range(0, whole, 3)
    ]
    if numbers and max(numbers) > 0xFFFF:
        raise CodeMalformed("base45 triple out of range")
    out = bytearray(2 * len(numbers))
    out[0::2] = bytes(n >> 8 for n in numbers)
    out[1::2] = bytes(n & 0xFF for n in numbers)
    if whole < len(values):
        n = values[whole] + values[whole + 1] * 45
        if n > 0xFF:
            raise CodeMalformed("base45 pair out of range")
        out.append(n)
    return bytes(out)
