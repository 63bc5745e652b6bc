"""The sale being rung up: a typed amount or line items, and its total. No Qt here.

The keypad types minor units the way a till does: "1", "2", "5", "0" shows ¥12.50, "00"
adds two zeros, backspace drops the last digit. Line items from the catalogue replace the
typed amount: a sale is either one typed amount or a basket, never both, so the total a
cashier sees is the total that is charged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kinpay import schemas
from kinpay.money import MAX_MINOR, format_minor

MAX_DIGITS = 9  # ¥9,999,999.99 is more than any counter sale; the keypad stops there
MAX_LINES = 200  # the server's bound on items per payment
MAX_QUANTITY = 10_000


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
    """One sale in one currency. Either `digits` (a typed amount) or `lines` (a basket)."""

    currency: str
    digits: str = ""
    lines: list[Line] = field(default_factory=list)

    # --- the keypad -------------------------------------------------------------------

    def press(self, key: str) -> None:
        """A keypad key: "0".."9", "00", "back" or "clear"."""
        if key == "clear":
            self.clear()
        elif key == "back":
            self.digits = self.digits[:-1]
        elif key.isdigit() and key.isascii():
            if self.lines:
                # Typing starts a typed amount: the basket is a different kind of sale.
                self.lines.clear()
            digits = (self.digits + key).lstrip("0")
            if len(digits) <= MAX_DIGITS:
                self.digits = digits
        else:
            raise ValueError(f"not a keypad key: {key!r}")

    def clear(self) -> None:
        self.digits = ""
        self.lines.clear()

    # --- the basket -------------------------------------------------------------------

    def add(self, name: str, unit_minor: int, category: str | None = None) -> Line:
        """Add one of an item; the same item again raises its quantity."""
        if not 0 < unit_minor <= MAX_MINOR:
            raise ValueError("an item needs a price")
        self.digits = ""
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
        if self.lines:
            return sum(line.total_minor for line in self.lines)
        return int(self.digits or "0")

    @property
    def empty(self) -> bool:
        return self.total_minor == 0

    def total_text(self) -> str:
        return format_minor(self.total_minor, self.currency)

    def items(self) -> list[schemas.Item]:
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
        return {line.category for line in self.lines if line.category}
