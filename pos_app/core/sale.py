"""The sale being rung up: a typed amount or line items, and its total. No Qt here.

The keypad types minor units the way a till does: "1", "2", "5", "0" shows ¥12.50, "00"
adds two zeros, backspace drops the last digit. A decimal point (the keyboard's ".")
makes what was typed before it whole units and what follows it the fraction, as written:
"12.5" is ¥12.50, not ¥1.25 (which a cashier typing on a keyboard was charged before),
at most the currency's own number of decimals (none for JPY, where "." does nothing).
A comma (the keyboard's ",") groups thousands, as everywhere on the till
(pos_app.core.amounts): "1,500" is ¥1,500.00, "1,500.25" with its cents. It is kept as
typed, never dropped: "1,5" was read as ¥0.15 (the comma lost, "15" the keypad's cents).
Until what was typed reads by that rule ("1,5", "12,50") it is no amount: it shows as
typed, and Charge is refused (`unreadable`) until the cashier corrects it.
The till's two tabs are two ways to ring a sale up, kept apart: `mode` says which is on
screen, and only that one is the sale (its total, its items, what is charged). A typed
amount and a basket never mix, and neither is dropped by the other: the Items tab carried
the Amount's ¥12.50 as its TOTAL over an empty basket (Charge on), digits typed there
changed that hidden amount, and the first item tapped dropped it without a word. Now the
Items tab shows its basket, takes no digits, and the Amount tab still shows what was
typed; a new sale (`clear`) empties both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kinpay import schemas
from kinpay.errors import AmountError
from kinpay.money import MAX_MINOR, exponent, format_minor
from pos_app.core.amounts import GROUPED, read_amount
from pos_app.core.errors import CommaError

MAX_DIGITS = 9  # ¥9,999,999.99 is more than any counter sale; the keypad stops there
MAX_TYPED = 16  # keys of a typed amount, commas and point included
MAX_LINES = 200  # the server's bound on items per payment
MAX_QUANTITY = 10_000
AMOUNT, ITEMS = "amount", "items"  # Sale.mode: the keypad's typed amount, or the basket


@dataclass
class Line:
    name: str
    unit_minor: int
    category: str | None = None
    quantity: int = 1

    @property
    def total_minor(self) -> int:
        return self.unit_minor * self.quantity


@dataclass
class Sale:
    """One sale in one currency: `digits` (a typed amount) when `mode` is AMOUNT, `lines`
    (a basket) when it is ITEMS. The other is kept as it is, for its tab, and not charged."""

    currency: str
    digits: str = ""
    lines: list[Line] = field(default_factory=list)
    mode: str = AMOUNT

    # --- the keypad -------------------------------------------------------------------

    def press(self, key: str) -> None:
        """A keypad key: "0".."9", "00", ".", "back" or "clear". `digits` holds what was
        typed, a point included; a key that would make it no amount, or more than the
        keypad's largest, is refused (nothing changes). "clear" empties what is shown (the
        basket, in ITEMS); a typing key in ITEMS raises: the basket takes no digits."""
        typing = key == "back" or (key.isdigit() and key.isascii()) or key in (".", ",")
        if key != "clear" and not typing:
            raise ValueError(f"not a keypad key: {key!r}")
        if key == "clear":
            if self.mode == ITEMS:
                self.lines.clear()
            else:
                self.digits = ""
        elif self.mode == ITEMS:
            raise ValueError("the basket takes no typed amount")
        elif key == "back":
            self.digits = self.digits[:-1]
        else:
            for char in key:  # "00" is two zeros: the second may not fit the fraction
                self._type(char)

    def _type(self, char: str) -> None:
        decimals = exponent(self.currency)
        whole, point, fraction = self.digits.partition(".")
        if char == ".":
            if point or decimals == 0:
                return
            typed = self.digits + "."
        elif point and char != ",":
            if len(fraction) >= decimals:
                return
            typed = self.digits + char
        elif char == "," or "," in whole:
            typed = self.digits + char  # as typed: the rule reads it, or Charge refuses it
        else:
            typed = (whole + char).lstrip("0")
        if len(typed) <= MAX_TYPED and _minor(typed, self.currency) <= 10**MAX_DIGITS - 1:
            self.digits = typed

    def clear(self) -> None:
        """A new sale: the typed amount and the basket both go."""
        self.digits = ""
        self.lines.clear()

    # --- the basket -------------------------------------------------------------------

    def add(self, name: str, unit_minor: int, category: str | None = None) -> Line:
        """Add one of an item; the same item again raises its quantity. ITEMS only."""
        if self.mode != ITEMS:
            raise ValueError("items are added in the items mode")
        if not 0 < unit_minor <= MAX_MINOR:
            raise ValueError("an item needs a price")
        for line in self.lines:
            if line.name == name and line.unit_minor == unit_minor:
                line.quantity = min(line.quantity + 1, MAX_QUANTITY)
                return line
        if len(self.lines) >= MAX_LINES:
            raise ValueError(f"a sale has at most {MAX_LINES} lines")
        line = Line(name, unit_minor, category)
        self.lines.append(line)
        return line

    def remove(self, index: int) -> None:
        """One fewer of line `index`; the line goes at zero."""
        line = self.lines[index]
        line.quantity -= 1
        if line.quantity <= 0:
            del self.lines[index]

    # --- what is charged --------------------------------------------------------------

    @property
    def total_minor(self) -> int:
        if self.mode == ITEMS:
            return sum(line.total_minor for line in self.lines)
        return _minor(self.digits, self.currency)

    @property
    def unreadable(self) -> bool:
        """A typed amount with a comma that groups no thousands ("1,5"): no amount yet."""
        return self.mode == AMOUNT and "," in self.digits and not GROUPED.match(self.digits)

    @property
    def empty(self) -> bool:
        return self.total_minor == 0

    def total_text(self) -> str:
        if self.unreadable:  # as typed, in the currency's place: "¥1,5"
            return format_minor(0, self.currency).replace(
                format_minor(0, self.currency, symbol=False), self.digits)
        return format_minor(self.total_minor, self.currency)

    def items(self) -> list[schemas.Item]:
        """The basket's items when it is the sale; none with a typed amount."""
        if self.mode != ITEMS:
            return []
        return [
            schemas.Item(
                name=line.name,
                quantity=line.quantity,
                unit_amount=line.unit_minor,
                category=line.category,
            )
            for line in self.lines
        ]

    def categories(self) -> set[str]:
        if self.mode != ITEMS:
            return set()
        return {line.category for line in self.lines if line.category}


def _minor(typed: str, currency: str) -> int:
    """What the keys typed are worth in minor units: "1250" is 1250 (a till's keypad), and
    with a point "12.5" is 12 whole units and 5 tenths, 1250 when there are two decimals;
    with a comma, as pos_app.core.amounts reads it ("1,500" is 150000), or 0 when that
    rule can't read it ("1,5")."""
    if "," in typed:
        try:
            return read_amount(typed, currency)
        except (AmountError, CommaError):
            return 0
    decimals = exponent(currency)
    whole, point, fraction = typed.partition(".")
    if not point:
        return int(whole or "0")
    scale = int("1" + "0" * decimals)
    return int(whole or "0") * scale + int(fraction.ljust(decimals, "0") or "0")
