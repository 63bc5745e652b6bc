"""How both apps show a person's name: as they typed it, first letter up ("lily" → "Lily").

Not str.title(): that rewrites the rest ("McKay" → "Mckay") and so never shows a name
literally (issue 12 §4). Names are stored as typed; only the screens and receipts use this.
"""

from __future__ import annotations


def display_name(name: str) -> str:
    return name[:1].upper() + name[1:]
