"""Clear the basket? Esc (a new sale), or Delete on the Items tab, on a basket of several
items asks first. Found live: a cashier's stray Escape threw away a basket of several
items without a word, to be tapped in again with the customer waiting. An empty sale, a
typed amount (one number, which the keypad's Clear also clears at once) or a basket of one
item still clears at once: there is nothing much to type again.

As the amount's check (pos_app.big_amount): "Yes, clear it" takes no press for a moment
and Enter answers nothing, so an Enter pressed after the stray Escape clears nothing; Esc,
"Keep the basket" and closing the question keep the basket exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog

from kinpay.money import format_minor
from pos_app.big_amount import tap_to_answer
from pos_app.core.sale import Sale
from pos_app.widgets.dialogs import DialogHost, dialog
from pos_app.widgets.keypad import button, plain_label

ASK_FROM_ITEMS = 2  # a basket of this many items or more is cleared only after a yes
translate = QCoreApplication.translate


def clear_or_ask(host: DialogHost, sale: Sale, clear: Callable[[], None]) -> QDialog | None:
    """Run `clear` now, or after the cashier's yes when `sale`'s basket holds several
    items (the question, then, is returned)."""
    items = sum(line.quantity for line in sale.lines)
    if items < ASK_FROM_ITEMS:
        clear()
        return None
    total = format_minor(sum(line.total_minor for line in sale.lines), sale.currency)
    return ask_clear(host, items, total, clear)


def ask_clear(host: DialogHost, items: int, total: str, on_yes: Callable[[], None]) -> QDialog:
    dlg, lay = dialog(host, translate("ClearSale", "Clear the basket?"), "clear_sale")
    what = plain_label(translate("ClearSale", "The basket's {items} items, {total}, will be "
                                 "taken off, and the sale starts again from zero.").format(
                                     items=items, total=total), "clear_sale_what")
    what.setWordWrap(True)
    what.setStyleSheet("font-size: 22px;")
    lay.addWidget(what)
    keep = button(translate("ClearSale", "Keep the basket"), "primary", "clear_sale_keep")
    yes = button(translate("ClearSale", "Yes, clear it"), "danger", "clear_sale_yes")
    return tap_to_answer(host, dlg, lay, keep, yes, on_yes, (620, 400))
