"""The payer's app: home, grant form, pairing code, activity, settings.

Each action is a small function: start the call through the session, then say what
happens on success and on failure. The server decides; the screens show it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kinpay import schemas
from kinpay.client import Client
from kinpay.client_sessions import session_tag
from kinpay.errors import BadResponse, OutcomeUnknown
from kinpay.names import name_key
from wallet_app import ui
from wallet_app.payer.activity import ActivityPage, describe, notification, payment_line
from wallet_app.payer.approvals import PayerApprovals
from wallet_app.payer.devices import SignedInDevices
from wallet_app.payer.dialogs import (
    ConfirmPassword,
    ConfirmRevoke,
    ConfirmSecondGrant,
    PairingPage,
    TopUpDialog,
)
from wallet_app.payer.funding import ServerConfig, top_up_error_text
from wallet_app.payer.grant_form import GrantForm, change_in_force
from wallet_app.payer.home import HomePage
from wallet_app.payer.session import Overview, PayerSession
from wallet_app.payer.top_bar import TopBar
from wallet_app.settings_page import SettingsPage
from wallet_app.words import failure_text

NEWS_S = 30  # an event this much older than the session is not notified
CLOCK_SLACK_S = 5  # the server's clock and ours may differ by this much
UNSURE_CHECK_MS = 5_000  # after a change with no answer, how often to look whether it was made


class PayerShell(QWidget):
    """Signals: `signed_out(code)`: the server no longer takes the session, and why (the
    401's code)."""

    signed_out = Signal(str)

    def __init__(
        self, session: PayerSession, settings_page: SettingsPage,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("payer")
        self.session = session
        self.own_session = session_tag(session.token)  # its sign-in is not news
        self.home = HomePage()
        self.form = GrantForm()
        self.pairing = PairingPage()
        self.activity = ActivityPage()
        self.settings_page = settings_page
        self.dialog: ConfirmRevoke | ConfirmSecondGrant | TopUpDialog | None = None
        self.last_created: schemas.GrantCreated | None = None
        # The last change sent, and one whose answer never came, to be told of.
        self._sent_change: tuple[str, schemas.GrantChange] | None = None
        self._unsure: tuple[str, schemas.GrantChange] | None = None
        self._unsure_check = QTimer(self)  # asks again until kinpay answers
        self._unsure_check.setInterval(UNSURE_CHECK_MS)
        self._unsure_check.timeout.connect(self.session.refresh)
        self.pairing_grant_id: str | None = None  # whose pairing code is on screen
        self.pairing_shown_s = 0  # since when: an older event (a replay) is not about it
        self.started_at_s = int(time.time())
        # The password asked again: the dialog, and the acts waiting for it (retry, give up).
        self.proof: ConfirmPassword | None = None
        self._waiting: list[tuple[Callable[[], None], Callable[[], None]]] = []
        session.ask_password = self._ask_password
        self.devices = SignedInDevices(session, settings_page.devices, self)
        self.devices.refused.connect(self.signed_out)

        self.stack = QStackedWidget()
        for page in (self.home, self.form, self.pairing, self.activity, self.settings_page):
            self.stack.addWidget(page)
        bar = self._top_bar(session.name)
        room = QWidget()  # the notice's strip at the foot: nothing on the page moves
        self.banner = ui.Toast(self, room)
        self.notifier = ui.Notifier(self.banner, self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(bar)
        # Issue 15 §1: questions from the till, over every page (wallet_app/payer/approvals.py).
        self.approvals = PayerApprovals(self)
        layout.addWidget(self.approvals.panel)
        layout.addWidget(self.stack, 1)
        layout.addWidget(room)

        session.overview.connect(self._on_overview)
        session.config.connect(self._on_config)
        session.failed.connect(self.home.show_status)
        session.refused.connect(self.signed_out)
        session.arrived.connect(self._on_event)
        session.history.connect(self._on_history)
        session.link.connect(self.activity.show_link)
        self.home.new_grant_clicked.connect(self.new_grant)
        self.home.change_clicked.connect(self.change_grant)
        self.home.pairing_clicked.connect(self.new_pairing)
        self.home.revoke_clicked.connect(self.confirm_revoke)
        self.home.unlock_clicked.connect(self.numeric_unlock)
        self.home.top_up_clicked.connect(self.top_up)
        self.form.submitted.connect(self._submit_grant)
        self.form.cancelled.connect(self.go_home)
        self.pairing.done_clicked.connect(self._pairing_done)
        self.stack.currentChanged.connect(self._sync_tabs)
        self.activity.show_link(False)
        self.go_home()
        self._sync_tabs(0)  # the stack starts on Home: no change to tell the tabs of

    def _top_bar(self, name: str) -> TopBar:
        """The brand, the tabs (Home, Activity, Settings) and whose app it is."""
        self.tabs = QButtonGroup(self)
        self.tab_buttons: dict[str, QPushButton] = {}
        for key, text, page in (
            ("home", self.tr("Home"), self.home),
            ("activity", self.tr("Activity"), self.activity),
            ("settings", self.tr("Settings"), self.settings_page),
        ):
            b = ui.button(text, "tab", name=f"tab-{key}")
            b.setCheckable(True)
            b.clicked.connect(lambda _c=False, p=page: self.stack.setCurrentWidget(p))
            self.tabs.addButton(b)
            self.tab_buttons[key] = b
        self.top_bar = TopBar(name, list(self.tab_buttons.values()))
        self.who = self.top_bar.who
        return self.top_bar

    def start(self) -> None:
        self.started_at_s = int(time.time())
        self.session.start()
        self.approvals.load()

    def shutdown(self) -> None:
        """Signed out: the session goes with the pages, and with it every answer still on
        its way (one that came after, for a page already gone, touched deleted widgets)."""
        self.session.stop()
        self.session.deleteLater()

    def _on_config(self, config: ServerConfig) -> None:
        self.home.show_funding(config.demo_funding)

    # --- navigation -----------------------------------------------------------------------

    def go_home(self) -> None:
        self.stack.setCurrentWidget(self.home)

    def show_activity(self) -> None:
        self.stack.setCurrentWidget(self.activity)

    def _sync_tabs(self, _index: int) -> None:
        page = self.stack.currentWidget()
        key = "home"
        if page is self.activity:
            key = "activity"
        elif page is self.settings_page:
            key = "settings"
            self.devices.refresh()  # the list as it stands when the parent looks
        self.tab_buttons[key].setChecked(True)

    # --- what the server says ---------------------------------------------------------------

    def _on_overview(self, overview: Overview) -> None:
        self.home.show_overview(overview)
        self.approvals.show_balances()  # money added: a question's "more than" may go
        self._settle_unsure(overview)

    def _settle_unsure(self, overview: Overview) -> None:
        """A change whose answer never came ("may be saved already"), settled once kinpay
        answers again (live test 34 §3: a raise sent to a stalled server was lost with the
        server, and nothing said so): in force, it is said; not (yet) in force, it is sent
        again, which sets the same values whether or not the first one lands later."""
        if self._unsure is None:
            self._unsure_check.stop()
            return
        grant_id, change = self._unsure
        grant = next((g for g in overview.grants if g.id == grant_id), None)
        if grant is None:
            return
        self._unsure = None
        self._unsure_check.stop()
        who = ui.display_name(grant.delegate)

        def saved(_grant: object = None) -> None:
            self.notifier.notify(self.tr("{name}'s spending money").format(name=who),
                                 self.tr("your change is saved."))
            if _grant is not None:
                self.session.refresh()  # the home shows it

        def not_saved(exc: Exception) -> None:
            if isinstance(exc, (OutcomeUnknown, BadResponse)):
                self._unsure = (grant_id, change)  # still no answer: asked again later
                self._unsure_check.start()
                return
            self.home.show_error(self.tr(
                "Your change to {name}'s spending money was not saved: {reason} Change it "
                "again.").format(name=who, reason=failure_text(exc)))

        if change_in_force(grant, change):
            saved()
            return
        self.session.call(lambda c: c.change_grant(grant_id, change),
                          success=saved,
                          failure=not_saved, context=self)

    def _on_event(self, event: schemas.Event) -> None:
        self._close_used_pairing(event)
        if event.type == "device":
            self.session.refresh()  # e.g. a typed-code lockout: the grant's card shows it
        if event.type == "account" and self.stack.currentWidget() is self.settings_page:
            self.devices.refresh()  # a new sign-in: the list on screen shows it
        line = describe(event, own_session=self.own_session)
        if line is not None and event.type == "payment" and event.data.get("kind") == "rest":
            # How the rest of a split sale went: its line says so now; not news of its own.
            self.activity.replace(line)
            return
        if line is None or not self.activity.add(line):
            return
        note = notification(line)
        # Events replayed from before this session are history, not news.
        if note is not None and event.created_at >= self.started_at_s - NEWS_S:
            title, text, bad = note
            self.notifier.notify(title, text, bad=bad)

    def _close_used_pairing(self, event: schemas.Event) -> None:
        """A pairing code works once: when the tablet has paired, stop showing it."""
        grant = event.data.get("grant")
        if (event.type != "grant" or event.data.get("kind") not in ("paired", "revoked")
                or not isinstance(grant, dict) or grant.get("id") != self.pairing_grant_id
                or event.created_at < self.pairing_shown_s - CLOCK_SLACK_S):
            return
        on_screen = self.stack.currentWidget() is self.pairing
        self._pairing_done()
        if on_screen and event.data.get("kind") == "paired":
            who = ui.display_name(str(grant.get("delegate") or "")) or self.tr("Your child")
            self.notifier.notify(self.tr("{name}'s tablet is paired").format(name=who),
                                 self.tr("it can pay from now on."))

    def _pairing_done(self) -> None:
        self.pairing_grant_id = None
        self.pairing.clear()
        if self.stack.currentWidget() is self.pairing:
            self.go_home()

    def _on_history(self, payments: list[schemas.Payment]) -> None:
        for p in payments:
            self.activity.add(payment_line(p.model_dump(mode="json")))

    # --- actions ----------------------------------------------------------------------------

    def new_grant(self) -> None:
        self.form.for_new(self.session.currency(), self.session.home_zone)
        self.stack.setCurrentWidget(self.form)
        # The child's name, typed at once: the keys stayed on the button that opened the
        # form, now hidden, and a name typed went nowhere (live QA 39).
        self.form.delegate.setFocus()

    def change_grant(self, grant_id: str, typed: dict[str, str] | None = None,
                     chosen: dict[str, Any] | None = None) -> None:
        grant = self.session.grant_named(grant_id)
        if grant is not None:
            self.form.for_change(grant, typed, chosen)
            self.stack.setCurrentWidget(self.form)
            # Its first limit, all selected (as a Tab into it selects it): a new figure
            # typed replaces it, where it went nowhere (the keys left on the hidden button).
            self.form.amounts["per_payment"].setFocus(Qt.FocusReason.TabFocusReason)

    def _submit_grant(self, request: schemas.GrantCreate | schemas.GrantChange) -> None:
        if isinstance(request, schemas.GrantCreate):
            had = self._active_grant_of(request.delegate)
            if had is None:
                self._create_grant(request)
                return
            # A second allowance for the same child is asked about first: made without a
            # word, the parent who meant to change the first had two, each paying.
            dialog = ConfirmSecondGrant(had, self)
            dialog.accepted.connect(lambda: self._create_grant(request))
            # The amounts typed for the new one go with the parent to the one the child has.
            typed, chosen = dict(self.form.typed), self.form.chosen_rules()
            dialog.change_existing.connect(lambda: self.change_grant(had.id, typed, chosen))
            dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
            self.dialog = dialog
            dialog.open()
            return
        self.form.set_busy(True)
        if self.form.grant is not None:
            grant_id = self.form.grant.id
            self._sent_change = (grant_id, request)
            self._unsure = None  # a later change is the one to tell of
            self.session.call(lambda c: c.change_grant(grant_id, request), success=self._changed,
                              failure=self._form_failed, context=self)

    def _dialog_closed(self, dialog: ConfirmSecondGrant) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _active_grant_of(self, delegate: str) -> schemas.Grant | None:
        """This payer's active allowance for `delegate` (names as the server matches them:
        any case or width), as last read."""
        latest = self.session.latest
        wanted = name_key(delegate)
        if latest is None or not wanted:
            return None
        return next((g for g in latest.grants
                     if g.status == "active" and name_key(g.delegate) == wanted), None)

    def _create_grant(self, request: schemas.GrantCreate) -> None:
        self._sent_change = None
        self.form.set_busy(True)
        self.session.call(lambda c: c.create_grant(request), success=self._created,
                          failure=self._form_failed, context=self)

    def _created(self, created: schemas.GrantCreated) -> None:
        self.last_created = created
        self.form.set_busy(False)
        self.session.refresh()
        self.pairing_grant_id, self.pairing_shown_s = created.id, int(time.time())
        self.pairing.show_pairing(created.delegate, created.pairing_code,
                                  created.pairing_expires_at)
        self.stack.setCurrentWidget(self.pairing)

    def _changed(self, _grant: schemas.Grant) -> None:
        self.form.set_busy(False)
        self.session.refresh()
        self.go_home()

    def _form_failed(self, exc: Exception) -> None:
        self.form.set_busy(False)
        self.form.show_server_error(exc)
        if isinstance(exc, (OutcomeUnknown, BadResponse)) and self._sent_change is not None:
            self._unsure = self._sent_change  # told when kinpay next answers
            self._unsure_check.start()

    def new_pairing(self, grant_id: str) -> None:
        grant = self.session.grant_named(grant_id)
        delegate = grant.delegate if grant else ""

        def shown(p: schemas.Pairing) -> None:
            self.pairing_grant_id, self.pairing_shown_s = grant_id, int(time.time())
            self.pairing.show_pairing(delegate, p.pairing_code, p.pairing_expires_at)
            self.stack.setCurrentWidget(self.pairing)

        self.session.call(lambda c: c.new_pairing(grant_id), success=shown,
                          failure=lambda e: self.home.show_error(
                              self.tr("No pairing code: {reason}").format(
                                  reason=failure_text(e))),
                          context=self)

    def confirm_revoke(self, grant_id: str) -> None:
        grant = self.session.grant_named(grant_id)
        if grant is None:
            return
        waiting = [a for a in self.approvals.known.values()
                   if a.grant_id == grant_id and a.status == "pending"
                   and a.id in self.approvals.panel.cards]
        dialog = ConfirmRevoke(grant, self, waiting)
        dialog.accepted.connect(lambda: self.revoke(grant_id))
        self.dialog = dialog
        dialog.open()

    def revoke(self, grant_id: str) -> None:
        def failed(exc: Exception) -> None:
            if isinstance(exc, (OutcomeUnknown, BadResponse)):
                # Sent, and maybe done (live test 34: "Couldn't stop it" with the server
                # stalled, and it was stopped once the server went on). A stop sent again
                # stops nothing twice.
                self.home.show_error(self.tr(
                    "No answer from kinpay: the spending money may be stopped already. "
                    "Stopping it again is safe; the home shows it once kinpay answers."))
                return
            self.home.show_error(self.tr("Couldn't stop it: {reason}").format(
                reason=failure_text(exc)))

        self.session.call(lambda c: c.revoke_grant(grant_id),
                          success=lambda _g: self.session.refresh(), failure=failed,
                          context=self)

    def numeric_unlock(self, grant_id: str) -> None:
        """Turn the tablet's typed code back on after a lockout for wrong guesses."""
        self.session.call(lambda c: c.numeric_unlock(grant_id),
                          success=lambda _g: self.session.refresh(),
                          failure=lambda e: self.home.show_error(
                              self.tr("Couldn't turn the typed code back on: {reason}").format(
                                  reason=failure_text(e))),
                          context=self)

    def _ask_password(self, retry: Callable[[], None], give_up: Callable[[], None],
                      asking: str = "") -> None:
        """An act the server holds back until the password is typed again: ask for it once
        (acts that meet it meanwhile wait on the same question), then do them all again;
        Cancel gives them all up, each failing as it would have."""
        self._waiting.append((retry, give_up))
        if self.proof is not None:
            return
        dialog = ConfirmPassword(self, asking)
        dialog.submitted.connect(lambda password: self._prove(dialog, password))
        dialog.rejected.connect(lambda: self._settle(dialog, proven=False))
        self.proof = dialog
        dialog.open()

    def _prove(self, dialog: ConfirmPassword, password: str) -> None:
        def proven(_none: None) -> None:
            dialog.accept()
            self._settle(dialog, proven=True)

        self.session.call(lambda c: c.reauth(password), success=proven,
                          failure=dialog.show_failure, context=dialog)

    def _settle(self, dialog: ConfirmPassword, *, proven: bool) -> None:
        if self.proof is not dialog:
            return
        self.proof = None
        waiting, self._waiting = self._waiting, []
        for retry, give_up in waiting:
            (retry if proven else give_up)()

    def top_up(self) -> None:
        if not self.session.server_config.demo_funding:
            return
        dialog = TopUpDialog(self.session.currency(), self.session.server_config.top_up_max_minor,
                             self)
        dialog.accepted.connect(lambda: self._top_up(dialog.amount_minor, dialog.currency))
        self.dialog = dialog
        dialog.open()

    def _top_up(self, amount_minor: int, currency: str) -> None:
        def call(c: Client) -> schemas.Account:
            return c.top_up(amount_minor, currency)

        max_minor = self.session.server_config.top_up_max_minor
        self.session.call(call, success=lambda _a: self.session.refresh(),
                          failure=lambda e: self.home.show_error(
                              top_up_error_text(e, currency, max_minor)),
                          context=self)
