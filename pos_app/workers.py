"""The terminal's two background threads; they reach the window only through signals.

    SettleWorker ... sends the sale being charged (settle.settle), one at a time
    LinkWorker ..... every `tick_ms`: is the server there? then refreshes the offline
                     keys (every 5 minutes) and the revocation list (every `refresh_s`,
                     a minute, and on every reconnect), forwards the offline queue in
                     order, resends pending sales and unanswered refunds with their own
                     keys; reports the link and the queue

Each worker is a QObject moved to its own QThread and owns its own httpx client and its
own SQLite connection. Work arrives by queued signals, so nothing here runs on the GUI
thread, and no widget is touched from here.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, QTimer, Signal, Slot

from kinpay import l10n
from kinpay.client import Client
from kinpay.errors import ApiError, BadResponse, ServerUntrusted, TransportError
from kinpay.money import format_minor
from pos_app import words
from pos_app.core import offline, refunds, settle, tenders
from pos_app.core.store import SaleRow, Store

STOP_WAIT_MS = 5000
KEYS_REFRESH_S = 300.0
# A code signed by a key the terminal doesn't know asks for the server's keys; a code held
# in view asks on every frame, so asks closer together than this are one ask.
KEYS_ASK_MIN_S = 5.0
REVOCATIONS_REFRESH_S = 60.0  # a stopped allowance reaches an online till within a minute
# httpx drops an idle connection after 5 s; a ping just before keeps the next sale from
# paying for a new connection (and a cold code path) on the way to "approved".
WARM_MS = 4000
WARM_TIMEOUT_S = 0.5
log = logging.getLogger("kinpay.pos")
# What fails when the till can't write to its disk (full, read-only, its folder gone).
DISK_ERRORS = (OSError, sqlite3.Error)


@dataclass(frozen=True)
class Link:
    """Where the server is and who this terminal is to it."""

    server_url: str
    api_key: str
    timeout_s: float = 2.0
    # What the till trusts its server by (its kept `--ca`/`--pin`, pos_app/settings.py):
    # part of the link, so that Settings' "Use the system's store" reaches the workers'
    # clients as an address change does ("" and (): the system's certificate store).
    ca_file: str = ""
    pins: tuple[str, ...] = ()


def client_for(link: Link) -> Client:
    """A worker's client for `link`: its address, key and trust, never the environment's
    (a trust let go in Settings stayed in force until the till restarted)."""
    return Client(link.server_url, token=link.api_key, timeout_s=link.timeout_s, retries=0,
                  ca_file=link.ca_file, pins=link.pins)


class SettleWorker(QObject):
    outcome = Signal(object)  # settle.Outcome

    def __init__(self, link: Link, store: Store, cache: offline.KeyCache,
                 rules: offline.RiskRules) -> None:
        super().__init__()
        self._link = link
        self._store = store
        self._cache = cache
        self._rules = rules
        self._client: Client | None = None
        self._timer: QTimer | None = None
        self._last_use = 0.0

    def _http(self) -> Client:
        if self._client is None:
            self._client = client_for(self._link)
        return self._client

    @Slot()
    def start(self) -> None:
        self._timer = QTimer(self)
        self._timer.setInterval(WARM_MS)
        self._timer.timeout.connect(self.warm)
        self._timer.start()
        self.warm()

    @Slot()
    def warm(self) -> None:
        """Keep one connection to the server open and the send path warm."""
        if time.monotonic() - self._last_use < WARM_MS / 1000.0:
            return
        self._last_use = time.monotonic()
        try:
            # The httpx client underneath, with a shorter timeout than a sale's: a ping
            # must never hold up the sale that comes right after it for long.
            self._http()._http.get("/v1/health", timeout=WARM_TIMEOUT_S)
        except Exception:  # noqa: S110 - a failed ping only means the next sale connects
            pass

    @Slot(object, object)
    def configure(self, link: Link, rules: offline.RiskRules) -> None:
        if link != self._link and self._client is not None:
            self._client.close()
            self._client = None
        self._link = link
        self._rules = rules

    @Slot(object)
    def pay(self, req: settle.SaleRequest) -> None:
        self._last_use = time.monotonic()
        try:
            result = settle.settle(self._http(), self._store, self._cache, self._rules, req)
        except Exception as exc:  # the thread's edge: the cashier sees it, the sale is kept
            result = settle.Outcome("unknown", req.key, req.amount, req.currency,
                                    f"Something went wrong while sending: {exc}. The sale is "
                                    "kept and will be sent again with the same key.",
                                    started_at=req.started_at)
        self.outcome.emit(result)

    @Slot(str)
    def retry_now(self, key: str) -> None:
        """The cashier asked to check a pending sale again: same key, same body."""
        row = self._store.get(key)
        if row is None or row.status != "pending":
            if row is not None:
                self.outcome.emit(_outcome_of_row(row))
            return
        result = settle.retry(self._http(), self._store, row)
        if result is None:
            result = settle.Outcome("unknown", key, row.amount, row.currency,
                                    "Still no answer from the server. The sale stays pending "
                                    "and is sent again with the same key.")
        self.outcome.emit(result)

    @Slot(str, str)
    def take_rest(self, key: str, how: str) -> None:
        """The cashier took the rest of a partial sale (cash, card) or removed its blocked
        items: journalled, told to the server, and the sale's outcome shown again."""
        self._last_use = time.monotonic()
        try:
            row = tenders.take_rest(self._http(), self._store, key, how)
        except Exception as exc:  # the thread's edge: the card says so, the sale is kept
            kept = self._store.get(key)
            if kept is not None:
                self.outcome.emit(settle.Outcome("partial", key, kept.amount, kept.currency,
                                                 f"The rest could not be recorded: {exc}."))
            return
        self.outcome.emit(_outcome_of_row(row))

    @Slot()
    def shutdown(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self._client is not None:
            self._client.close()
        self._store.close()


def _outcome_of_row(row: object) -> settle.Outcome:
    from pos_app.core.store import SaleRow

    assert isinstance(row, SaleRow)
    kind = row.status if row.status in ("approved", "declined") else "unknown"
    if tenders.is_partial(row):
        kind = "partial"
    others = tuple((str(t["kind"]), int(t["amount"])) for t in row.tenders
                   if t["kind"] in ("cash", "card"))
    return settle.Outcome(kind, row.key, row.amount, row.currency, row.message or "",
                          decline_code=row.decline_code,
                          total=row.total_minor if row.sale_total is not None else None,
                          tenders=others)


# The refusals of a check that say the terminal's key itself is not accepted.
KEY_REFUSALS = frozenset({"unauthorized", "bad_key", "forbidden"})
# Refusals that hold back one thing (the offline uploads) while the till goes on selling.
HELD_ONLY = frozenset({"offline_uploads_held"})


class LinkWorker(QObject):
    link = Signal(bool, int, int)  # online, queued offline payments, pending sales
    resolved = Signal(object)  # settle.Outcome of a pending sale that got its answer
    refunds_answered = Signal(list)  # [refunds.Answered]: unanswered refunds, now answered
    upload_declined = Signal(list)  # [SaleRow]: offline payments the server declined
    terminal = Signal(object)  # schemas.Terminal, when the server tells who we are
    problem = Signal(str)  # the server refused a check: its words; "" when that is over
    # True while the server refuses this terminal's key itself (unknown, revoked, rotated):
    # no sale can go through until Settings has the right key. False when a check passes.
    key_refused = Signal(bool)
    keys_changed = Signal()  # the server's keys differ from those cached before
    # The till can't save to its disk (the key cache, the journal): words for the cashier
    # while it lasts; "" once a whole check has saved again.
    disk = Signal(str)

    def __init__(self, link: Link, store: Store, cache: offline.KeyCache, *,
                 tick_ms: int = 2000, refresh_s: float = REVOCATIONS_REFRESH_S) -> None:
        super().__init__()
        self._link = link
        self._store = store
        self._cache = cache
        self._tick_ms = tick_ms
        self._refresh_s = refresh_s
        self._client: Client | None = None
        self._timer: QTimer | None = None
        self._keys_at = -KEYS_REFRESH_S
        self._keys_wanted = False  # a code signed by an unknown key asked for the keys
        self._revoked_at = -refresh_s
        self._online: bool | None = None
        self._busy = False
        self._refused = False  # the last check met a refusal, still shown to the cashier
        self._disk_failing = False  # a write to the disk failed and has not worked since
        self._failed_now = False  # a write failed during this tick
        self._unsaved: Callable[[], None] | None = None  # the cache write to try again
        self._counts = (0, 0)  # queued offline payments, pending sales: as last read

    def _http(self) -> Client:
        if self._client is None:
            self._client = client_for(self._link)
        return self._client

    @Slot()
    def start(self) -> None:
        self._timer = QTimer(self)
        self._timer.setInterval(self._tick_ms)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        self.tick()

    @Slot(object)
    def configure(self, link: Link) -> None:
        if link != self._link:
            if self._client is not None:
                self._client.close()
                self._client = None
            self._link = link
            self._keys_at = -KEYS_REFRESH_S
        self.tick()

    @Slot()
    def refresh_keys(self) -> None:
        """A code signed by an unknown key was shown: fetch the keys now if the last
        fetch is older than KEYS_ASK_MIN_S, else at the first tick after that."""
        self._keys_wanted = True
        if self._keys_due():
            self.tick()

    def _keys_due(self) -> bool:
        since_s = time.monotonic() - self._keys_at
        return since_s >= KEYS_REFRESH_S or (self._keys_wanted and since_s >= KEYS_ASK_MIN_S)

    @Slot()
    def tick(self) -> None:
        if self._busy:  # a slot re-entered from its own signal: never two ticks at once
            return
        self._busy = True
        self._failed_now = False
        try:
            online = self._check()
            try:
                self._counts = (self._store.count("queued"), self._store.count("pending"))
            except DISK_ERRORS as exc:  # the journal can't even be read: the last counts
                self._disk_failed(exc)
        finally:
            self._busy = False
        self._online = online
        self.link.emit(online, *self._counts)

    def _save(self, write: Callable[[], None]) -> None:
        """A write of the key cache: the cache in memory is already up to date, so a disk
        that refuses it holds nothing else up; it is tried again on every tick."""
        try:
            write()
        except DISK_ERRORS as exc:
            self._unsaved = write
            self._disk_failed(exc)
        else:
            if self._unsaved is write:
                self._unsaved = None

    def _disk_failed(self, exc: BaseException) -> None:
        """One line in the log and one note for the cashier when it starts, not a traceback
        every tick; the note goes when a whole check saves again (_disk_works)."""
        self._failed_now = True
        if not self._disk_failing:
            self._disk_failing = True
            log.warning("kinpay pos: can't save to the disk (%s: %s); trying again",
                        type(exc).__name__, exc)
            self.disk.emit(self.tr("This till can't save to its disk (full or read-only?): "
                                   "sales may not be kept. Tell the manager."))

    def _disk_works(self) -> None:
        if self._disk_failing and not self._failed_now and self._unsaved is None:
            self._disk_failing = False
            log.warning("kinpay pos: saving to the disk works again")
            self.disk.emit("")

    def _refresh(self, client: Client) -> None:
        """The server's keys (every 5 minutes, or when asked) and its list of stopped
        allowances (every `refresh_s`), on every reconnect both."""
        reconnect = self._online is not True
        if reconnect or self._keys_due():
            self._keys_wanted = False
            before = set(self._cache.keys)
            keys = client.keys()
            self._save(lambda: self._cache.save_keys(keys))
            if set(self._cache.keys) != before:
                self.keys_changed.emit()
            self.terminal.emit(client.terminal())
            self._keys_at = time.monotonic()
        if reconnect or time.monotonic() - self._revoked_at >= self._refresh_s:
            revocations, fetched_at = client.revocations(), self._cache.now_s()
            self._save(lambda: self._cache.save_revocations(revocations,
                                                            fetched_at=fetched_at))
            self._revoked_at = time.monotonic()

    def _check(self) -> bool:
        client = self._http()
        if self._unsaved is not None:
            self._save(self._unsaved)
        refused: list[tuple[SaleRow, ApiError]] = []  # offline payments the server refused
        try:
            server_now = client.server_now()
            if server_now is not None:
                self._cache.learn_time(server_now)
            self._refresh(client)
            for _ in range(10):  # bounded: at most 10 batches per tick
                upload = settle.forward(client, self._store, self._cache)
                if upload.declined:
                    self.upload_declined.emit(upload.declined)
                # A payment the server won't take stays queued and holds up nothing else:
                # the rests and the pending sales below go on (attack review 33: a 409 for
                # one upload stopped them all, as "the server refused this terminal").
                refused = upload.refused
                if refused or not self._store.count("queued"):
                    break
            tenders.sync_rests(client, self._store)  # rests taken while the link was down
            self._resend(client)
        except ServerUntrusted:
            # Not the server this till trusts (another CA, a wrong name, not the pinned
            # certificate): nothing was sent, and no wait will change it (live test 34: the
            # cashier saw only "offline"). Said until a check is answered again.
            self._refused = True
            self.problem.emit(self.tr(
                "The server's certificate is not one this till trusts: nothing was sent to "
                "it. Ask the manager to check the server's address and the shop's CA file "
                "(kinpay --ca) or pin (--pin). Sales are taken offline meanwhile."))
            return False
        except (TransportError, BadResponse):
            # BadResponse: a 2xx that is not the API's answer (a router's "top up" page).
            return False
        except DISK_ERRORS as exc:
            # The journal could not be written (an upload's answers, a rest, a pending
            # sale's): what was not written down is sent again, under its key, next tick.
            self._disk_failed(exc)
            return True
        except ApiError as exc:
            if exc.status >= 500:
                # No refusal of this terminal: the server is not there to answer (a reverse
                # proxy's "502 Bad Gateway" page while the server is down), so no sale can be
                # settled: offline, and sales are taken within the offline caps.
                return False
            self._refused = True
            self.problem.emit(words.error_text(exc.code) if exc.code in HELD_ONLY else
                              self.tr("The server refused this terminal: {reason}").format(
                                  reason=words.error_text(exc.code)))
            self.key_refused.emit(exc.code in KEY_REFUSALS)
            return True
        if refused:
            self._refused = True
            self.problem.emit(self._upload_refused(refused))
            self.key_refused.emit(False)
        elif self._refused:  # a whole check answered: the refusal (a throttle) is over
            self._refused = False
            self.problem.emit("")
            self.key_refused.emit(False)
        self._disk_works()
        return True

    def _resend(self, client: Client) -> None:
        """Pending sales and unanswered refunds, each sent again with its own key."""
        for row in self._store.by_status("pending", settle.PENDING_RETRY_LIMIT):
            if 0 <= time.time() - row.created_at < 1:
                # The settle thread is probably still waiting for it. A sale dated later
                # than now was made before the clock went back (NTP, a date put right by
                # hand): asked again now, not once the clock catches up.
                continue
            result = settle.retry(client, self._store, row)
            if result is not None:
                self.resolved.emit(result)
        # Refunds sent and never answered (the link went down): the same key again.
        answered = refunds.retry_pending(client, self._store, now_s=int(time.time()))
        if answered:
            self.refunds_answered.emit(answered)

    def _upload_refused(self, refused: list[tuple[SaleRow, ApiError]]) -> str:
        """What the cashier reads of offline payments the server refused: the oldest, why,
        and that everything else went on."""
        row, exc = refused[0]
        text = self.tr("The server refused the offline payment of {amount} taken at {time}: "
                       "{reason} It stays in the queue; the other sales went on.").format(
            amount=format_minor(row.amount, row.currency),
            time=l10n.format_time(row.created_at), reason=words.error_text(exc.code))
        if len(refused) > 1:
            text = words.sentences(text, self.tr("{count} offline payments are refused in "
                                                 "all.").format(count=len(refused)))
        return text

    @Slot()
    def shutdown(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self._client is not None:
            self._client.close()
        self._store.close()


class Threads:
    """Starts both workers on their own threads and stops them, each wait bounded."""

    def __init__(self, settle_worker: SettleWorker, link_worker: LinkWorker) -> None:
        self.settle_worker = settle_worker
        self.link_worker = link_worker
        self._threads: list[QThread] = []
        for worker, name in ((settle_worker, "pos-settle"), (link_worker, "pos-link")):
            thread = QThread()
            thread.setObjectName(name)
            worker.moveToThread(thread)
            self._threads.append(thread)
        self._threads[0].started.connect(settle_worker.start)
        self._threads[1].started.connect(link_worker.start)

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        for thread, worker in zip(self._threads, (self.settle_worker, self.link_worker),
                                  strict=True):
            if not thread.isRunning():
                continue
            # Blocking: the worker finishes what it is doing (bounded by its timeouts),
            # then releases its client and database connection on its own thread.
            QMetaObject.invokeMethod(worker, "shutdown",
                                     Qt.ConnectionType.BlockingQueuedConnection)
            thread.quit()
            if not thread.wait(STOP_WAIT_MS):
                thread.terminate()
                thread.wait(STOP_WAIT_MS)
