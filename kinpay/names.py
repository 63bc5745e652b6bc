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
