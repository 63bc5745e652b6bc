"""What a screen shows, and the English left in it.

`shown(widget)` collects every text a person sees in a window and the dialogs over it:
labels, buttons, line edits' placeholders, group boxes, window titles, tab bars, combo
boxes' items, table headers and cells, list items. `english(texts, allowed)` gives the
words of English among them: a word is a run of two or more Latin letters standing alone
(not inside an id like `pay_3f9a` or an address), and `allowed` is the short list of
things that are not words of a language: names from the data, codes, "kinpay".
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QTabBar,
    QTableWidget,
    QWidget,
)

# Not words of a language: the product's name, file formats, protocols, keys on a
# keyboard, a network's name.
ALWAYS_ALLOWED = frozenset({
    "kinpay", "PDF", "CSV", "QR", "http", "https", "IP", "Enter", "Esc", "Wi", "Fi",
    "CA",  # a certificate authority: "CA 证书", as Chinese IT writes it (kinpay --ca)
    # the language combo names each language in itself
    "English",
})
_TOKEN = re.compile(r"[A-Za-z0-9_/@#\-]+")
_WORD = re.compile(r"[A-Za-z]{2,}")


def _visible(w: QWidget, top: QWidget) -> bool:
    return w is top or w.isVisibleTo(top)


def shown(top: QWidget) -> list[str]:
    """Every text `top` (a window or dialog) shows now, its title first."""
    texts = [top.windowTitle()]
    for w in [top, *top.findChildren(QWidget)]:
        if not _visible(w, top):
            continue
        if isinstance(w, QLabel):
            texts.append(w.text())
        elif isinstance(w, QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QTabBar):
            texts.extend(w.tabText(i) for i in range(w.count()))
        elif isinstance(w, QComboBox):
            texts.extend(w.itemText(i) for i in range(w.count()))
        elif isinstance(w, QTableWidget):
            for col in range(w.columnCount()):
                head = w.horizontalHeaderItem(col)
                texts.append(head.text() if head is not None else "")
            for row in range(w.rowCount()):
                for col in range(w.columnCount()):
                    item = w.item(row, col)
                    texts.append(item.text() if item is not None else "")
        elif isinstance(w, QListWidget):
            texts.extend(w.item(i).text() for i in range(w.count()))
        if w is not top and w.isWindow() and w.windowTitle():
            texts.append(w.windowTitle())
    return [t for t in texts if t]


def english(texts: list[str], allowed: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """The English words in `texts`, each with the text it is in."""
    ok = ALWAYS_ALLOWED | set(allowed)
    found = []
    for text in texts:
        for token in _TOKEN.findall(text):
            if _WORD.fullmatch(token) and token not in ok:
                found.append(f"{token!r} in {text!r}")
    return found
