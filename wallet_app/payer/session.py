"""The payer's signed-in session: grants, balance and the live event stream, as signals."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from kinpay import schemas
from kinpay.client import Client
from kinpay.errors import Forbidden, TransportError, Unauthorized
from wallet_app import words
from wallet_app.payer.funding import ServerConfig, fetch_config
from wallet_app.settings import Settings
from wallet_app.workers import ClientUse, Events, Ops

T = TypeVar("T")
log = logging.getLogger("kinpay.wallet")
REFRESH_DELAY_MS = 120  # several events in a burst cause one refresh
HISTORY_GRANTS = 20  # at most this many grants (as the server lists them) are read back
HISTORY_PAYMENTS_PER_GRANT = 20
# While the event stream is down, ask the server this often whether it still takes the
# session: the stream itself says only "down" (it retries every two seconds).
DOWN_CHECK_S = 5.0


@dataclass(frozen=True, slots=True)
class Overview:
    grants: list[schemas.Grant]
    account: schemas.Account


class PayerSession(QObject):
    """Signals: `overview(Overview)`, `arrived(schemas.Event)`, `history(list[Payment])`,
    `link(bool)`, `failed(str)` for a refresh that did not work (in the reader's words),
    `config(ServerConfig)` with what the server offers (demo funding), `refused()` when the
    server no longer takes the session (it ended after its hours, or was signed out)."""

    overview = Signal(object)
    config = Signal(object)
    arrived = Signal(object)  # schemas.Event; not `event`, which is QObject.event()
    history = Signal(object)
    link = Signal(bool)
    failed = Signal(str)
    refused = Signal(str)  # the 401's code: why the session no longer stands

    def __init__(
        self, *, server_url: str, token: str, name: str, settings: Settings, ops: Ops,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.server_url, self.token, self.name = server_url, token, name
        self.client = Client(server_url, token=token)
        self.ops = ops
        self._settings = settings
        self._id_key = f"payer/{name}/last_event_id"
        # Resume after the last event this folder saw; on a first run, from the first event:
        # a stream that starts "from now" learns no position until an event comes, so after
        # a drop it could not say where to resume, and would miss what came meanwhile.
        stored = settings.get(self._id_key)
        self._events = Events(
            server_url, token, last_id=int(stored) if stored.isdigit() else 0, parent=self
        )
        self._events.arrived.connect(self._on_event)
        self._events.link.connect(self.link)
        self._events.link.connect(self._on_link)
        self._was_up: bool | None = None  # None until the stream first says
        self._checked_at = 0.0  # time.monotonic() of the last check while the link was down
        self._refreshing = 0  # refreshes asked and not yet answered
        self._asked = 0  # refreshes asked so far; the newest answered, shown:
        self._shown = 0
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self.latest: Overview | None = None
        self.server_config = ServerConfig()
        self._use = ClientUse(self.client)  # closed once the last call using it is done
        # Set by the window: asks for the password when an act needs it again.
        # `ask_password(retry, give_up, asking)`: `asking` names the act ("Allow Lily ¥5.00
        # at Corner Shop?"), or is empty.
        self.ask_password: Callable[..., None] | None = None
        self.home_zone: str | None = None  # the account's zone, once the server said it

    def start(self) -> None:
        self._events.start()
        self.refresh()
        self.load_history()
        self.load_config()
        self.load_zone()

    def load_zone(self) -> None:
        """The parent's own account's zone (GET /v1/me): a new allowance's days and hours
        follow it, not this machine's. Unknown until answered (the form uses the device's)."""
        def taken(user: schemas.User) -> None:
            self.home_zone = user.timezone or None

        self.call(lambda c: c.me(), success=taken, failure=lambda _e: None, context=self)

    def load_config(self) -> None:
        """Ask what the server offers; an error means nothing extra is offered."""
        self.call(fetch_config, success=self._on_config,
                  failure=lambda _e: self._on_config(ServerConfig()), context=self)

    def _on_config(self, config: ServerConfig) -> None:
        self.server_config = config
        self.config.emit(config)

    def stop(self) -> None:
        self._refresh_timer.stop()
        self._events.stop()
        self._use.close()

    def call(
        self,
        fn: Callable[[Client], T],
        *,
        success: Callable[[T], None],
        failure: Callable[[Exception], None] | None = None,
        context: QObject | None = None,
        asking: str = "",
    ) -> None:
        """Run `fn(client)` off the GUI thread; the callbacks run in the GUI thread. An act
        the server holds back until the password is typed again (403 `reauth_required`)
        goes to `ask_password(retry, give_up)` when there is one: `retry()` runs it again
        once the session has proven it, `give_up()` fails it as it failed; `asking` names the
        act on the password prompt."""

        def failed(exc: Exception) -> None:
            if isinstance(exc, Forbidden) and exc.code == "reauth_required" \
                    and self.ask_password is not None:
                self.ask_password(
                    lambda: self.call(fn, success=success, failure=failure, context=context,
                                      asking=asking),
                    lambda: failure(exc) if failure is not None else None,
                    asking)
            elif failure is not None:
                failure(exc)
            else:
                log.warning("background call failed: %s", exc)

        self._use.run(self.ops, fn, success=success, failure=failed, context=context)

    def refresh(self) -> None:
        def fetch(client: Client) -> Overview:
            return Overview(grants=client.grants(), account=client.account())

        self._refreshing += 1
        self._asked += 1
        asked = self._asked
        self.call(fetch, success=lambda o: self._on_overview(o, asked),
                  failure=self._refresh_failed, context=self)

    def _refresh_failed(self, exc: Exception) -> None:
        self._refreshing -= 1
        if isinstance(exc, Unauthorized):
            self.refused.emit(exc.code or "unauthorized")
        else:
            self.failed.emit(words.home_failure_text(exc))

    def _on_link(self, up: bool) -> None:
        """A stream refused for a session that ended looks like a dropped network: it
        retried every two seconds for good, and the home page showed the old figures. So
        while it is down, ask now and then; once it is back, fetch what changed. A stream
        lost to the network (the server stalled or gone: no answer) is said at once, as the
        till says it: waiting for a refresh to fail too kept the home looking live for
        another 10 s (its own timeouts and retries)."""
        was_up, self._was_up = self._was_up, up
        if up:
            if was_up is False:  # back after a drop
                self.refresh()
            return
        if not self._refreshing and time.monotonic() - self._checked_at >= DOWN_CHECK_S:
            self._checked_at = time.monotonic()
            self.refresh()
        lost = self._events.lost
        if was_up is not False and isinstance(lost, TransportError):
            self.failed.emit(words.home_failure_text(lost))

    def load_history(self) -> None:
        """Recent payments on every grant, for the activity list after a restart."""

        def fetch(client: Client) -> list[schemas.Payment]:
            found: list[schemas.Payment] = []
            for grant in client.grants()[:HISTORY_GRANTS]:
                found.extend(client.grant_payments(grant.id, HISTORY_PAYMENTS_PER_GRANT))
            return sorted(found, key=lambda p: p.created_at)

        self.call(fetch, success=self.history.emit, context=self)

    def _on_overview(self, overview: Overview, asked: int) -> None:
        """Refreshes run side by side: an answer to one asked before the overview shown
        (slower on a busy link) is older than it and is dropped; shown, it put back what an
        act had just changed (a lockout's "Turn typed code back on" button after the parent
        had turned it on: the suite saw it once)."""
        self._refreshing -= 1
        if asked < self._shown:
            return
        self._shown = asked
        self.latest = overview
        self.overview.emit(overview)

    def _on_event(self, event: schemas.Event) -> None:
        self._settings.put(self._id_key, event.id)
        self.arrived.emit(event)
        self._refresh_timer.start()

    def grant_named(self, grant_id: str) -> schemas.Grant | None:
        if self.latest is None:
            return None
        return next((g for g in self.latest.grants if g.id == grant_id), None)

    def balance_in(self, currency: str) -> int | None:
        """The payer's balance in `currency` as last read (0 when the account holds none
        of it); None before the first reading."""
        if self.latest is None:
            return None
        return next((b.balance for b in self.latest.account.balances
                     if b.currency == currency), 0)

    def currency(self) -> str:
        if self.latest and self.latest.account.balances:
            return self.latest.account.balances[0].currency
        return "CNY"


def first_balance(account: schemas.Account) -> tuple[int, str]:
    if not account.balances:
        return 0, "CNY"
    b = account.balances[0]
    return b.balance, b.currency

