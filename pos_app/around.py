"""The parts of the terminal's window around a sale, mixed into MainWindow: a split sale's
rest (issue 15 §2), and the screens behind the buttons (history, refunds behind the
manager's PIN, the report, settings, receipts).

Strings keep the window's translation context ("MainWindow"): a mixin's `self.tr` would
look them up under the window's class name anyway, and lupdate reads `translate()` calls.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog

from kinpay import l10n
from pos_app import manager, refund, screens, settings_dialog
from pos_app.core import pin, tenders
from pos_app.core.sale import ITEMS, Line, Sale
from pos_app.core.settle import Outcome
from pos_app.core.store import Store
from pos_app.links import link_of, rules_of
from pos_app.settings import Settings
from pos_app.sounds import Sounds
from pos_app.widgets.dialogs import DialogHost
from pos_app.widgets.result import ResultCard
from pos_app.widgets.split import SplitCard
from pos_app.words import sentences

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow as _Base

    from kinpay.client import Client
    from pos_app.links import CameraFactory
    from pos_app.widgets.status import StatusBar
else:
    _Base = object  # at run time a plain mixin: the window is the one QObject line

translate = QCoreApplication.translate


class AroundTheSale(_Base):
    """Mixed into MainWindow (pos_app/app.py)."""

    # What the window has, for the type checker.
    settings: Settings
    store: Store
    sale: Sale
    data_dir: Path
    dialogs: DialogHost
    pin_guard: pin.Guard
    sounds: Sounds
    result: ResultCard
    split: SplitCard
    camera_factory: CameraFactory | None
    status: StatusBar
    state: str
    rest_requested: Any
    result_shown: Any
    reconfigure_settle: Any
    reconfigure_link: Any

    if TYPE_CHECKING:  # never at run time: the window's own methods must win
        def set_prompt(self, text: str, bad: bool = False, *, passing: bool = False) -> None:
            ...

        def refresh(self) -> None: ...

        def on_action(self, name: str) -> None: ...

        def start_camera(self) -> None: ...

    # --- a split sale's rest (issue 15 §2) ------------------------------------------------

    def show_split(self, outcome: Outcome) -> bool:
        """A partial approval: the split card asks how the rest is taken."""
        row = self.store.get(outcome.key)
        if row is None or not tenders.is_partial(row):
            return False
        self.result.dismiss()
        self.split.show_split(row, self.settings.shop_category)
        if outcome.payment is not None:
            # Who paid and what is left today, for the card once the rest is taken: the
            # worker's answer to the rest is the journal's row, without them.
            self.split_payment = (outcome.key, outcome.payment)
        self.sounds.play("approved")
        self.refresh()
        self.set_prompt(self.split_prompt())
        self.result_shown.emit(outcome.kind)
        return True

    def split_prompt(self) -> str:
        if "cash" in self.split.offered:
            return translate("MainWindow", "The allowance paid part. Tap Cash or Card once "
                                           "the rest is paid.")
        return translate("MainWindow", "The ✗ items can't be sold to a child: tap what to "
                                       "do.")

    def split_enter(self) -> None:
        """Enter on the split card: no money is recorded by a key pressed out of habit."""
        self.set_prompt(translate("MainWindow", "Enter takes no money here: tap how the "
                                                "rest was taken."), bad=True, passing=True)

    def with_split_payment(self, outcome: Outcome) -> Outcome:
        """The sale's answer after its rest, with the payment its split card came with."""
        key, payment = getattr(self, "split_payment", ("", None))
        if outcome.payment is not None or outcome.key != key or payment is None:
            return outcome
        return replace(outcome, payment=payment)

    def show_sold(self, outcome: Outcome) -> None:
        """A split basket whose ✗ items came off ("Remove ✗ items"): the basket and TOTAL
        show what was sold, as the journal has it. They showed the whole basket, beer and
        all, at ¥18.50 beside "Approved ¥11.50"."""
        if not outcome.approved or self.sale.mode != ITEMS:
            return
        row = self.store.get(outcome.key)
        if row is None or not any(t.get("kind") == "removed" for t in row.tenders):
            return
        self.sale.lines = [Line(i.name, i.unit_amount, i.category, i.quantity)
                           for i in row.items]

    def on_split_action(self, name: str) -> None:
        key = self.split.key
        if not key:
            return
        if name == "giveback":
            self.refund_of(key, after=lambda: self.after_giveback(key))
            return
        if name not in self.split.offered:
            return  # not offered for this sale (cash for cigarettes in a child's basket)
        self.split.set_busy(True)
        self.set_prompt(translate("MainWindow", "Recording the rest…"))
        self.rest_requested.emit(key, name)

    def after_giveback(self, key: str) -> None:
        """The refund dialog closed: a sale given back in full is over."""
        row = self.store.get(key)
        if row is not None and row.refunded >= row.amount and self.split.key == key:
            self.on_action("new")

    # --- the screens around the sale ---------------------------------------------------

    def client(self) -> Client:
        """A client for one dialog's requests, with the settings in force."""
        from kinpay.client import Client

        s = self.settings
        return Client(s.server_url, token=s.api_key, timeout_s=s.timeout_s, retries=1)

    def with_pin(self, purpose: str, then: Callable[[], object]) -> QDialog | None:
        return manager.with_pin(self.dialogs, self.settings.manager_pin_hash, self.pin_guard,
                                purpose, then)

    def open_history(self) -> None:
        # A receipt opens over the list, which is there again when it closes.
        screens.open_history(self.dialogs, self.store, self.sale.currency,
                             on_receipt=lambda key: self.open_receipt(
                                 key, over=self.dialogs.current),
                             on_refund=self.refund_of)

    def open_refund(self) -> None:
        self.refund_of(None)

    def refund_of(self, key: str | None,
                  after: Callable[[], None] | None = None) -> QDialog | None:
        """The refund dialog behind the manager's PIN, `key`'s payment chosen; `after` is
        called when the refund dialog itself closes (not the PIN's: with a PIN set, the
        split card's "Give back" was judged when the PIN was accepted, before any refund,
        and the card stayed up after the allowance's part went back)."""

        def open_it() -> QDialog:
            dlg = self.refund_dialog(key)
            if after is not None:
                dlg.finished.connect(lambda _=0: after())
            return dlg

        return self.with_pin(translate("MainWindow", "A refund"), open_it)

    def refund_dialog(self, key: str | None) -> QDialog:
        return refund.open_refund(self.dialogs, self.store, self.client, key)

    def open_report(self) -> None:
        screens.open_report(self.dialogs, self.store, self.sale.currency,
                            self.settings.merchant, self.data_dir / "reports")

    def open_settings(self) -> None:
        self.with_pin(translate("MainWindow", "Changing the settings"),
                      lambda: settings_dialog.open_settings(self.dialogs, self.settings,
                                                            self.save_settings))

    def save_settings(self, new: Settings) -> None:
        """Settings → Save: in force at once, and said where the cashier looks (live 33
        §15: Save closed the dialog without a word, a new manager PIN as well)."""
        old = self.settings
        self.apply_settings(new)
        text = sentences(
            translate("MainWindow", "Settings saved."),
            translate("MainWindow", "The new manager PIN is in force.")
            if new.manager_pin_hash != old.manager_pin_hash else "",
            translate("MainWindow", "The language changes at the next start.")
            if new.language not in ("", l10n.language()) else "")  # not the one in force
        self.status.note(text, about="settings")
        if self.state == "entry":  # the prompt is the sale's otherwise
            self.set_prompt(text, passing=True)

    def open_receipt(self, key: str, over: QDialog | None = None) -> None:
        screens.open_receipt(self.dialogs, self.store, self.settings, self.data_dir, key,
                             over=over)

    def apply_settings(self, new: Settings) -> None:
        camera_changed = new.camera != self.settings.camera
        self.settings = new
        new.save(self.data_dir)
        self.sounds.enabled = new.sounds
        self.reconfigure_settle.emit(link_of(new), rules_of(new))
        self.reconfigure_link.emit(link_of(new))
        if camera_changed:
            from pos_app import cameras

            self.camera_factory = cameras.camera_factory(new.camera)
            self.start_camera()
