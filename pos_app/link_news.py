"""What the link thread tells the terminal's window, mixed into MainWindow: online or not,
the terminal's key refused, the shop's name and currency, offline payments the server
declined on upload (the banner).

Strings keep the window's translation context ("MainWindow"), as pos_app/around.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from kinpay.money import format_minor
from pos_app.links import link_of, rules_of
from pos_app.widgets.dialogs import unpaid_text
from pos_app.widgets.layout import title_of

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow as _Base

    from kinpay import schemas
    from pos_app.core.offline import KeyCache
    from pos_app.core.refunds import Answered
    from pos_app.core.sale import Sale
    from pos_app.core.settle import Outcome
    from pos_app.core.store import SaleRow, Store
    from pos_app.settings import Settings
    from pos_app.sounds import Sounds
    from pos_app.widgets.ask import AskCard
    from pos_app.widgets.dialogs import Banner, DialogHost
    from pos_app.widgets.keypad import FitLabel
    from pos_app.widgets.result import ResultCard
    from pos_app.widgets.status import StatusBar
else:
    _Base = object  # at run time a plain mixin: the window is the one QObject line

translate = QCoreApplication.translate


class LinkNews(_Base):
    """Mixed into MainWindow (pos_app/app.py)."""

    reconfigure_settle: Any
    online: bool | None
    settings: Settings
    cache: KeyCache
    status: StatusBar
    merchant: FitLabel
    banner: Banner
    sale: Sale
    store: Store
    sounds: Sounds
    data_dir: Path
    state: str
    shown: Outcome | None
    result: ResultCard
    dialogs: DialogHost
    ask_card: AskCard

    if TYPE_CHECKING:  # never at run time: the window's own methods must win
        def refresh(self) -> None: ...

        def set_prompt(self, text: str, bad: bool = False, *, passing: bool = False) -> None:
            ...

        def reflow(self) -> None: ...

    def on_link(self, online: bool, queued: int, pending: int) -> None:
        self.online = online
        if self.state == "asking":
            self.ask_card.set_link(online)  # the payer's answer waits for the link
        self.status.set_link(online, queued, pending)
        max_age_s = rules_of(self.settings).revocations_max_age_s
        age_s = self.cache.list_age_s(self.cache.now_s())
        if not online and (age_s is None or age_s > max_age_s):
            self.status.note(translate("MainWindow", "Offline payments stopped: the list of "
                                       "stopped allowances is too old. Waiting for the server."))

    def on_key_refused(self, refused: bool) -> None:
        if refused != self.status.refused:
            self.status.set_refused(refused)
            self.refresh()

    def on_terminal(self, terminal: schemas.Terminal) -> None:
        merchant, currency = terminal.merchant, terminal.currency
        self.merchant.setText(merchant)
        self.setWindowTitle(title_of(merchant))
        if (merchant, currency) != (self.settings.merchant, self.settings.currency):
            self.settings.merchant, self.settings.currency = merchant, currency
            self.settings.save(self.data_dir)
            if self.sale.empty:
                self.sale.currency = currency
                self.refresh()
        if terminal.category != self.settings.shop_category:
            # Offline, no allowance pays at a shop whose own category is age-restricted.
            self.settings.shop_category = terminal.category
            self.settings.save_one(self.data_dir, "shop_category")
            self.reconfigure_settle.emit(link_of(self.settings), rules_of(self.settings))

    def on_upload_declined(self, rows: list[SaleRow]) -> None:
        self.sounds.play("bad")
        self.banner.show_declines(rows)
        self.reflow()  # the banner takes height from the sale
        shown = self.shown
        for r in rows:
            # Its "Approved offline" card still up: it says now what the banner says.
            if (self.state == "result" and shown is not None and shown.key == r.key
                    and self.result.kind == "offline_approved"):
                self.result.show_unpaid(r.amount, r.currency, unpaid_text(r))
                self.set_prompt(translate("MainWindow", "Enter: {action}.").format(
                    action=self.result.primary_text()))

    def on_refunds_answered(self, answered: list[Answered]) -> None:
        """Refunds sent and not answered, sent again by the link thread and answered now
        (live QA 36 §1): the status bar says what came of each, and an open Refund list
        shows it."""
        current = self.dialogs.current
        screen: Any = current.property("screen") if current is not None else None
        if screen is not None and hasattr(screen, "reload"):
            chosen = screen.selected()
            screen.reload(chosen.key if chosen is not None else None)
        notes = [(translate("MainWindow", "The refund of {amount} that was not confirmed went "
                                          "through.") if a.done else
                  translate("MainWindow", "The refund of {amount} that was not confirmed was "
                                          "refused by the server: nothing was given back."))
                 .format(amount=format_minor(a.amount_minor + a.other_minor, a.currency))
                 for a in answered]
        self.status.note(" ".join(notes))

    def banner_seen(self, keys: list[str]) -> None:
        self.store.mark_seen(keys)
        self.reflow()
