"""The text a QR code's bytes hold, when the code does not say their charset.

Most codes carry no ECI: the standard's default is ISO-8859-1, but phones write UTF-8,
and Japanese codes Shift-JIS. ZBar guesses by itself, badly: UTF-8 "Crème brûlée" and
Shift-JIS half-width katakana came back as Big5 ("Cr癡me", "蹬靼翌"), a wrong text with
no error. So the pyzbar reader asks ZBar for the bytes as encoded (readers.py) and
guesses here, the way ZXing (and so zxing-cpp, the cascade's first reader) does, so
both readers give the same text for the same bytes:

1. valid UTF-8 with at least one multi-byte character: UTF-8;
2. valid Shift-JIS with a run of three or more katakana, or of three or more two-byte
   characters: Shift-JIS;
3. valid as both Shift-JIS and ISO-8859-1: Shift-JIS if its only katakana are one pair,
   or if at least a tenth of the bytes would be ISO-8859-1 punctuation (¡…¿, ×, ÷),
   which real Latin text rarely is; else ISO-8859-1;
4. else Shift-JIS if valid, else ISO-8859-1, which every byte string is: a read is
   never lost to a charset.
"""

from __future__ import annotations

_KATAKANA = range(0xFF61, 0xFFA0)  # half-width katakana: one byte (0xA1-0xDF) in Shift-JIS
_LATIN1_PUNCTUATION = {*range(0xA0, 0xC0), 0xD7, 0xF7}


def _utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _sjis(data: bytes) -> str | None:
    try:
        return data.decode("shift_jis")
    except UnicodeDecodeError:
        return None


def _sjis_runs(text: str) -> tuple[int, int, int]:
    """(katakana characters, longest katakana run, longest run of two-byte characters)."""
    katakana = longest_kana = longest_wide = kana_run = wide_run = 0
    for char in text:
        code = ord(char)
        if code in _KATAKANA:
            katakana += 1
            kana_run, wide_run = kana_run + 1, 0
        elif code > 0x7F:
            kana_run, wide_run = 0, wide_run + 1
        else:
            kana_run = wide_run = 0
        longest_kana, longest_wide = max(longest_kana, kana_run), max(longest_wide, wide_run)
    return katakana, longest_kana, longest_wide


def decode_bytes(data: bytes) -> str:
    """The text of a QR code's `data`, its charset guessed (module docstring)."""
    if data.isascii():
        return data.decode("ascii")
    utf8 = _utf8(data)
    if utf8 is not None:  # not ASCII: it has a multi-byte character
        return utf8
    sjis = _sjis(data)
    latin1_ok = not any(0x80 <= byte < 0xA0 for byte in data)
    if sjis is not None:
        katakana, longest_kana, longest_wide = _sjis_runs(sjis)
        if longest_kana >= 3 or longest_wide >= 3:
            return sjis
        if latin1_ok:
            punctuation = sum(byte in _LATIN1_PUNCTUATION for byte in data)
            one_pair = longest_kana == 2 and katakana == 2
            return sjis if one_pair or punctuation * 10 >= len(data) else data.decode("latin-1")
        return sjis
    return data.decode("latin-1")
