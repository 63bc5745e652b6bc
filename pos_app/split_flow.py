"""A partially approved sale at the window: the split card, and the cashier's choice.

When the server approved less than the sale (a split basket, or what was left of the
allowance), the split card (pos_app.widgets.split) replaces the result card; its buttons
come here: the rest in cash or by card, or the blocked items off, go to the settle thread
(`rest_requested`, pos_app.core.tenders); "give back" opens the refund dialog. The rule
lives in pos_app.core.tenders; this only shows and asks.

This is a part of the main window (pos_app.app), kept apart so each file holds one idea.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from pos_app.core import tenders

if TYPE_CHECKING:
    from PySide6.QtCore import QObject as _Base
    from PySide6.QtCore import Signal
    from PySide6.QtWidgets import QDialog

    from pos_app.core.settle import Outcome
    from pos_app.core.store import Store
    from pos_app.sounds import Sounds
    from pos_app.widgets.result import ResultCard
    from pos_app.widgets.split import SplitCard
else:
    _Base = object  # a plain mixin at run time, as pos_app.intake explains


class SplitFlow(_Base):
    """Mixed into MainWindow; the parts it uses are the window's."""

    rest_requested: ClassVar[Signal]
    result_shown: ClassVar[Signal]
    store: Store
    split: SplitCard
    result: ResultCard
    sounds: Sounds

    def refresh(self) -> None:
        raise NotImplementedError  # the window's

    def set_prompt(self, text: str, bad: bool = False, *, passing: bool = False) -> None:
        raise NotImplementedError  # the window's

    def refund_of(self, key: str | None) -> QDialog | None:
        raise NotImplementedError  # the window's

    def on_action(self, name: str) -> None:
        raise NotImplementedError  # the window's

    def show_split(self, outcome: Outcome) -> bool:
        """A partial approval: the split card asks how the rest is taken."""
        row = self.store.get(outcome.key)
        if row is None or not tenders.is_partial(row):
            return False
        self.result.dismiss()
        self.split.show_split(row)
        self.sounds.play("approved")
        self.refresh()
        self.set_prompt(self.tr("The allowance paid part. Enter: the rest in cash."))
        self.result_shown.emit(outcome.kind)
        return True

    def on_split_action(self, name: str) -> None:
        key = self.split.key
        if not key:
            return
        if name == "giveback":
            dlg = self.refund_of(key)
            if dlg is not None:
                dlg.finished.connect(lambda _=0: self.after_giveback(key))
            return
        self.split.set_busy(True)
        self.set_prompt(self.tr("Recording the rest…"))
        self.rest_requested.emit(key, name)

    def after_giveback(self, key: str) -> None:
        """The refund dialog closed: a sale given back in full is over."""
        row = self.store.get(key)
        if row is not None and row.refunded >= row.amount and self.split.key == key:
            self.on_action("new")
