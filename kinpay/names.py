"""How both apps show a person's name: as they typed it, first letter up ("lily" → "Lily").

Not str.title(): that rewrites the rest ("McKay" → "Mckay") and so never shows a name
literally (issue 12 §4). Names are stored as typed; only the screens and receipts use this.

`name_key`: what makes two names the same account's, in every language, on every engine.
"""

from __future__ import annotations

import unicodedata


def display_name(name: str) -> str:
    return name[:1].upper() + name[1:]


def name_key(name: str) -> str:
    """A name as the server matches it: Unicode's compatibility form, case folded (the
    NFKC_Casefold of identifiers). "Lily", "LILY" and "ｌｉｌｙ" (full-width letters, as a
    Chinese input method types them) are "lily"; "LÉA" is "léa". Two accounts never share
    one; signing in, a new allowance's child and the operator's commands find a name by it
    when it is not typed exactly as stored."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name.strip()).casefold())


# Characters that change the direction of the text around them: marks, embeddings,
# overrides and isolates. A right-to-left override in a shop's item name made
# "Juice \u202e00.06¥ ton ,00.6¥ si latot" read "Juice total is ¥6.00, not ¥60.00" on the
# parent's question card (docs/security.md row 75).
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                          "\u2066\u2067\u2068\u2069")
# Categories that end or break a line, or control the terminal: not within one line.
LINE_BREAKING = frozenset({"Cc", "Zl", "Zp"})


def breaks_a_line(text: str) -> bool:
    """Whether `text` holds a control character, a line or paragraph break, or a direction
    control: text a shop sends that would not read as one line of what it is."""
    return any(c in BIDI_CONTROLS or unicodedata.category(c) in LINE_BREAKING for c in text)


def one_line(text: str) -> str:
    """Text from elsewhere (a shop's item name) shown within the app's own words: breaks
    and controls as spaces, direction controls dropped. Names the server took before it
    refused them (an older database) can't lay out lines of their own on a card."""
    if not breaks_a_line(text):
        return text
    return "".join("" if c in BIDI_CONTROLS else " " if unicodedata.category(c) in
                   LINE_BREAKING else c for c in text).strip()
