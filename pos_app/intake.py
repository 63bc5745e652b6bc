"""Codes coming into the terminal: the camera, a typed code, a keyboard-wedge scanner.

A code is taken only while the window is `waiting`, that is after the cashier pressed
Charge and the amount is locked. A code seen before (while the amount is still being
typed) is never charged: the screen says "code ready", and Charge asks the scan worker to
report whatever is in view afresh, for the amount now on screen.

This is a part of the main window (pos_app.app), kept apart so each file holds one idea.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel

from kinpay import codes
from kinpay.client import new_idempotency_key
from kinpay.errors import CodeError
from pos_app import words
from pos_app.core import acceptance, in_hand
from pos_app.core.errors import CodeNotTaken, UnknownServerKey, refusal_kind
from pos_app.core.settle import JOURNAL_UNWRITABLE, Outcome, SaleRequest

if TYPE_CHECKING:
    from PySide6.QtCore import Signal

    from pos_app.core.offline import KeyCache
    from pos_app.core.sale import Sale
    from pos_app.core.store import Store
    from pos_app.scan.worker import ScanWorker
    from pos_app.sounds import Sounds
    from pos_app.widgets.keypad import CodeField
    from pos_app.widgets.preview import Preview
    from pos_app.widgets.result import ResultCard

translate = QCoreApplication.translate
# Offline refusals of the sale, not of its code (pos_app.core.offline): the code is unused.
SALE_NOT_CODE = frozenset({"age_restricted", "age_restricted_shop", "offline_cap",
                           "floor_limit", "offline_grant_cap", "offline_day_cap", "heard_daily",
                           "heard_category", "heard_hours"})
READY_S = 10.0  # how long "code ready" stays true after the camera last reported a code


# The window's signals are declared on Intake for the type checker, which then needs a
# QObject base to read them; at run time the mixin is a plain class (PySide6 takes one
# QObject line only: a second QObject base breaks the window's signals).
if TYPE_CHECKING:
    from PySide6.QtCore import QObject as _Base
else:
    _Base = object


class Intake(_Base):
    """Mixed into MainWindow: the code filter, and what happens when a code arrives. The
    window's parts it works with are declared here; the window (pos_app.app) makes them."""

    charge_requested: ClassVar[Signal]
    keys_wanted: ClassVar[Signal]
    state: str
    store: Store
    sale: Sale
    taken: acceptance.TakenCodes
    ready_at: float | None
    online: bool | None  # the link's last check: None before the first
    current: SaleRequest | None
    cache: KeyCache
    scan_worker: ScanWorker | None
    preview: Preview
    code_input: CodeField
    sounds: Sounds
    result: ResultCard
    prompt: QLabel

    def waiting_prompt(self, total: str) -> str:
        """A charged sale waits for its code: how it may come (no camera: not to one)."""
        if getattr(self, "camera_factory", None) is None:
            return translate("MainWindow", "Charging {total}: scan the code with the barcode "
                                           "scanner, or type the numeric code. Esc changes the "
                                           "amount.").format(total=total)
        return translate("MainWindow", "Charging {total}: show the code to the camera, or type "
                                       "the numeric code. Esc changes the amount.").format(
            total=total)

    def refresh(self) -> None:
        raise NotImplementedError  # the window's

    def set_prompt(self, text: str, bad: bool = False, *, passing: bool = False) -> None:
        raise NotImplementedError  # the window's

    # --- the code filter (runs on the scan thread) -----------------------------------------

    def accept(self, text: str) -> None:
        """The scan filter: raises for a code the terminal won't take (the rule is
        pos_app.core.acceptance). A code signed by a server key not cached here is not
        taken; the link thread is asked for the server's keys, and when they change the
        scan worker reports the code in view afresh, to be checked against them."""
        try:
            acceptance.judge(text, self.cache.keys, now_s=self.cache.now_s())
        except UnknownServerKey:
            self.keys_wanted.emit()  # a signal: safe from the scan thread
            raise

    def on_keys_changed(self) -> None:
        if self.scan_worker is not None:
            self.scan_worker.forget()

    # --- codes coming in --------------------------------------------------------------------

    def on_found(self, text: str, corners: list[tuple[float, float]]) -> None:
        self.preview.show_outline(corners)
        if self.state == "waiting":
            self.take(text, time.perf_counter())
        elif self.state == "entry" and text not in self.taken:
            # Seen before Charge: never charged, only announced.
            self.ready_at = time.monotonic()
            self.refresh()

    def code_ready(self) -> bool:
        return self.ready_at is not None and time.monotonic() - self.ready_at < READY_S

    def on_rejected(self, text: str, kind: str) -> None:
        if self.state not in ("entry", "waiting"):
            return
        self.sounds.play("bad")
        self.set_prompt(translate("MainWindow", "Not a code this terminal can take: {reason}"
                                  ).format(reason=words.refusal_text(kind)), bad=True,
                        passing=True)

    def _used_code_seen(self) -> None:
        text = translate("MainWindow", "That code was used already: the tablet shows a new one "
                                       "within 30 s, or ask the child to tap New code.")
        if self.prompt.text() != text:
            self.set_prompt(text, bad=True)

    def charge_first(self, *, passing: bool = False) -> None:
        self.set_prompt(translate("MainWindow", "Press Charge first, then scan or type the "
                                  "code.") if not self.sale.empty
                        else translate("MainWindow", "Enter the amount, then press Charge."),
                        bad=True, passing=passing)

    def code_field_tapped(self) -> None:
        """The code field tapped before Charge (it is off): keys typed now change the
        amount, so the cashier is told, where they look."""
        if self.state == "entry":
            self.charge_first(passing=True)

    def submit_typed(self) -> None:
        text = self.code_input.text().strip()
        if text and self.submit_code(text):
            self.code_input.clear()

    def submit_code(self, text: str) -> bool:
        """A code typed by the cashier or by a keyboard-wedge scanner; True if taken.

        A code that can't be taken leaves the field as it is, with the reason on screen,
        so a typo can be corrected instead of typed again.
        """
        if self.state == "entry":
            self.sounds.play("bad")
            self.charge_first()
            return False
        if self.state != "waiting":
            return False
        try:
            self.accept(text)
        except (CodeError, CodeNotTaken, ValueError) as exc:
            self.sounds.play("bad")
            self.set_prompt(translate("MainWindow", "Not a code this terminal can take: {reason}"
                                      ).format(reason=words.refusal_text(
                                          refusal_kind(exc))), bad=True)
            self.code_input.selectAll()
            return False
        if codes.looks_numeric(text):
            text = codes.normalize_numeric(text)
        self.take(text, time.perf_counter(), deliberate=True)
        return True

    def release_unsent(self, outcome: Outcome) -> None:
        """A sale the till could not write down was never sent ("Not sent"): the code in
        view reached no server and no offline queue, so Retry takes it from the camera
        at once, not the tablet's next code half a minute later. Likewise a sale refused
        offline for what it holds or costs (age-restricted goods, an offline limit): its
        code was not used, and the sale changed (those items out) takes it again."""
        unsent = outcome.kind == "error" and outcome.error_code == JOURNAL_UNWRITABLE
        unused = (outcome.kind == "offline_declined"
                  and outcome.decline_code in SALE_NOT_CODE)
        if ((unsent or unused)
                and self.current is not None and self.current.key == outcome.key):
            self.taken.discard(self.current.code)

    def take(self, text: str, started_at: float, *,
             deliberate: bool = False) -> None:
        if not acceptance.takes(self.state, sale_empty=self.sale.empty, text=text,
                                taken=self.taken, deliberate=deliberate):
            if self.state == "waiting" and not self.sale.empty and text in self.taken:
                # The tablet still shows the code of the last sale: said once, not silently
                # waited on (live use: up to 30 s with a code in plain view).
                self._used_code_seen()
            return  # the rule: pos_app.core.acceptance.takes
        self.taken.add(text)
        self.sounds.play("good")
        self.preview.freeze()
        self.state = "sending"
        # Always ready for a partial approval: the split card takes the rest.
        req = SaleRequest(new_idempotency_key(), text, self.sale.total_minor,
                          self.sale.currency, self.sale.items(), None, started_at,
                          partial=True, offline_now=self.online is False)
        self.current = req
        in_hand.hold(self.store, req.key, req.amount, req.currency, int(time.time()))
        self.result.sending(req.amount, req.currency)
        self.refresh()
        self.set_prompt(translate("MainWindow", "Sending…"))
        self.charge_requested.emit(req)

